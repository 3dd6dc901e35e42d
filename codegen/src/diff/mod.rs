//! `lfgen diff`: what a spec change means for users of the generated crate.
//!
//! Changes are compared by meaning (endpoints by name, fields by wire name, enum values
//! by wire code) and judged by their effect on the generated Rust API:
//! - `breaking`: code that compiled stops compiling, or a request that validated stops
//!   validating;
//! - `non-breaking`: users' code keeps compiling and working;
//! - `docs`: only documentation (and examples) change.
//!
//! Requests and responses are judged separately: request structs are built by users
//! (struct literals), response structs and all enums are `#[non_exhaustive]` and only
//! read by users.

mod compare;
pub mod git;
mod mock;
mod render;

use std::path::PathBuf;

pub use compare::compare;
pub use render::{render, OutputFormat};

/// The effect of a change on users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Code that compiled stops compiling, or a request that validated stops validating.
    Breaking,
    /// Users' code keeps compiling and working.
    NonBreaking,
    /// Only documentation or examples change.
    Docs,
}

impl Severity {
    /// `breaking`, `non-breaking` or `docs`, as the outputs print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::NonBreaking => "non-breaking",
            Severity::Docs => "docs",
        }
    }
}

/// What part of an endpoint a finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A family: added, removed, or its settings or docs changed.
    Family,
    /// The endpoint as a whole: its path, method, docs, examples or mock.
    Endpoint,
    /// A field of the request.
    Request,
    /// A field of the response.
    Response,
    /// A notification the platform posts.
    Notification,
}

impl Kind {
    /// `family`, `endpoint`, `request`, `response` or `notification`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Family => "family",
            Kind::Endpoint => "endpoint",
            Kind::Request => "request",
            Kind::Response => "response",
            Kind::Notification => "notification",
        }
    }
}

/// One change in meaning, with its stable rule id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable id, e.g. `request-field-became-required`.
    pub rule: &'static str,
    /// Its effect on users of the generated crate.
    pub severity: Severity,
    /// The endpoint (or family) concerned.
    pub endpoint: String,
    /// What part of the endpoint it concerns.
    pub kind: Kind,
    /// The wire name of the field concerned, if any.
    pub field: Option<String>,
    /// What changed, in a sentence.
    pub message: String,
    /// Where the change is in the NEW spec (the OLD one for removals).
    pub file: PathBuf,
    /// The 1-based line of the change in `file`.
    pub line: usize,
}

/// Every rule with its severity, for documentation and lookup.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "endpoint-added",
        Severity::NonBreaking,
        "a new endpoint: new types and a new Client method",
    ),
    (
        "endpoint-removed",
        Severity::Breaking,
        "its types and Client method disappear",
    ),
    (
        "endpoint-deprecated",
        Severity::NonBreaking,
        "the Client method gains #[deprecated]; code still compiles",
    ),
    (
        "endpoint-undeprecated",
        Severity::NonBreaking,
        "#[deprecated] is removed",
    ),
    (
        "endpoint-path-changed",
        Severity::NonBreaking,
        "requests go to the new path; code is unchanged",
    ),
    (
        "endpoint-method-changed",
        Severity::NonBreaking,
        "requests use the new method; code is unchanged",
    ),
    (
        "endpoint-family-changed",
        Severity::NonBreaking,
        "authentication and envelope follow the new family; code is unchanged",
    ),
    (
        "endpoint-retry-allowed",
        Severity::Breaking,
        "`retry: never` became `safe`: calls that were sent once may now be sent up to 3 times, which repeats an order if the endpoint is not in fact a pure query",
    ),
    (
        "endpoint-retry-forbidden",
        Severity::NonBreaking,
        "`retry: safe` became `never`: code is unchanged; failed calls are no longer retried",
    ),
    (
        "endpoint-response-data-changed",
        Severity::Breaking,
        "`data` changes between null and an object: the response type changes",
    ),
    (
        "endpoint-docs-changed",
        Severity::Docs,
        "title, description, notes, gaps or sources changed",
    ),
    (
        "endpoint-example-changed",
        Severity::Docs,
        "a documented example changed",
    ),
    (
        "endpoint-mock-changed",
        Severity::NonBreaking,
        "the mock server's declared behaviour (`mock:`) changes; the client's code is unchanged",
    ),
    (
        "request-required-field-added",
        Severity::Breaking,
        "struct literals lack the field, and requests without it stop validating",
    ),
    (
        "request-optional-field-added",
        Severity::Breaking,
        "struct literals of the request lack the new field",
    ),
    (
        "request-field-removed",
        Severity::Breaking,
        "code that sets the field stops compiling",
    ),
    (
        "request-field-became-required",
        Severity::Breaking,
        "the field's type changes from Option<T> to T",
    ),
    (
        "request-field-became-optional",
        Severity::Breaking,
        "the field's type changes from T to Option<T>, so code that sets it stops compiling",
    ),
    (
        "request-field-type-changed",
        Severity::Breaking,
        "the field's Rust type changes",
    ),
    (
        "request-field-format-added",
        Severity::Breaking,
        "values that validated may stop validating",
    ),
    (
        "request-field-format-changed",
        Severity::Breaking,
        "values that validated may stop validating",
    ),
    (
        "request-field-format-removed",
        Severity::NonBreaking,
        "every value that validated still validates",
    ),
    (
        "request-enum-value-added",
        Severity::NonBreaking,
        "a new variant of a #[non_exhaustive] enum",
    ),
    (
        "request-enum-value-removed",
        Severity::Breaking,
        "code using the variant stops compiling",
    ),
    (
        "request-enum-value-renamed",
        Severity::Breaking,
        "the variant's Rust name changes",
    ),
    (
        "request-field-docs-changed",
        Severity::Docs,
        "description, notes or enum meanings changed",
    ),
    (
        "response-field-added",
        Severity::NonBreaking,
        "a new field of a #[non_exhaustive] struct",
    ),
    (
        "response-field-removed",
        Severity::Breaking,
        "code reading the field stops compiling",
    ),
    (
        "response-field-became-optional",
        Severity::Breaking,
        "the field may be absent or null: T becomes Option<T>",
    ),
    (
        "response-field-became-required",
        Severity::Breaking,
        "Option<T> becomes T",
    ),
    (
        "response-field-presence-changed",
        Severity::Docs,
        "required/nullable flags changed without changing the Rust type",
    ),
    (
        "response-field-type-changed",
        Severity::Breaking,
        "the field's Rust type changes",
    ),
    (
        "response-field-format-changed",
        Severity::Docs,
        "responses accept what the server sends; only docs change",
    ),
    (
        "response-enum-value-added",
        Severity::NonBreaking,
        "response enums are forward compatible and #[non_exhaustive]",
    ),
    (
        "response-enum-value-removed",
        Severity::Breaking,
        "code using the variant stops compiling",
    ),
    (
        "response-enum-value-renamed",
        Severity::Breaking,
        "the variant's Rust name changes",
    ),
    (
        "response-field-docs-changed",
        Severity::Docs,
        "description, notes or enum meanings changed",
    ),
    ("family-added", Severity::NonBreaking, "a new family"),
    (
        "family-removed",
        Severity::Breaking,
        "its statics disappear",
    ),
    (
        "notification-added",
        Severity::NonBreaking,
        "a new NotificationKind and Notification variant (both #[non_exhaustive])",
    ),
    (
        "notification-removed",
        Severity::Breaking,
        "its payload type and variants disappear",
    ),
    (
        "notification-changed",
        Severity::NonBreaking,
        "signature, discriminator or timestamp changed; payload fields and event codes are compared with the response rules",
    ),
    (
        "notification-body-changed",
        Severity::Breaking,
        "the body became documented or undocumented: the variant's payload type changes",
    ),
    (
        "notification-docs-changed",
        Severity::Docs,
        "title, description, notes, gaps, sources or example changed",
    ),
    (
        "family-changed",
        Severity::NonBreaking,
        "auth, common fields, envelope or servers changed; the generated types are unchanged",
    ),
    (
        "family-docs-changed",
        Severity::Docs,
        "title, description, sources or notes changed",
    ),
    (
        "environment-added",
        Severity::NonBreaking,
        "a new Environment variant (#[non_exhaustive])",
    ),
    (
        "environment-removed",
        Severity::Breaking,
        "its Environment variant disappears",
    ),
    (
        "environment-server-removed",
        Severity::Breaking,
        "the family's calls under that environment fail with Error::Config instead of being sent",
    ),
];

/// The severity of a rule id.
pub fn severity_of(rule: &str) -> Severity {
    RULES
        .iter()
        .find(|(id, _, _)| *id == rule)
        .map(|(_, severity, _)| *severity)
        .unwrap_or(Severity::Breaking)
}
