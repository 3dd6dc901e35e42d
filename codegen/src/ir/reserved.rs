//! Names generated code cannot take: Rust's, std's, the runtime's, and the locals of the
//! generated decoders. The clash checks read these lists; the emitters build their locals
//! from them; `tests/reserved_names.rs` fails when the runtime's drift from them.

/// Names that cannot be identifiers at all, not even raw ones.
pub const UNUSABLE: &[&str] = &["", "self", "Self", "super", "crate", "_"];

/// The Rust 2021 prelude's types, traits and variants, which generated code names
/// unqualified: a generated type of the same name would shadow them.
pub const STD_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Items the crate root of `linksfield` declares or re-exports beside the generated ones,
/// and the items the generated module imports: a generated type of the same name would
/// clash with (or be hidden by) them.
pub const RUNTIME_NAMES: &[&str] = &[
    "ApiCode",
    "Auth",
    "Client",
    "ClientBuilder",
    "CodeType",
    "Command",
    "CommonField",
    "DEFAULT_ATTEMPT_TIMEOUT",
    "DEFAULT_INITIAL_BACKOFF",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_MAX_BACKOFF",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRY_AFTER",
    "DEFAULT_TIMEOUT",
    "DateParts",
    "Deserialize",
    "Endpoint",
    "Envelope",
    "Environment",
    "Error",
    "Family",
    "Fill",
    "Format",
    "HttpError",
    "JsonFields",
    "Language",
    "MAX_ERROR_TEXT_BYTES",
    "MIN_RETRY_BUDGET",
    "MockRequest",
    "NoData",
    "OPERATIONS",
    "Operation",
    "ParamWriter",
    "PreparedRequest",
    "RetryPolicy",
    "RetrySafety",
    "Rule",
    "Secret",
    "Serialize",
    "Server",
    "TimestampUnit",
    "ValidationErrors",
    "VendorDate",
    "Violation",
    "Violations",
];

/// What the generated notifications module defines besides the payloads (`Unrecognized`
/// is a variant of `Notification`, beside one variant per kind).
pub const NOTIFY_NAMES: &[&str] = &["Notification", "NotificationKind", "Unrecognized"];

/// The generated file's sections besides the endpoints': an endpoint's section is named
/// after the endpoint.
pub const SECTION_NAMES: &[&str] = &["shared", "notifications", "mock", "cli"];

/// Flags and subcommands the hand-written CLI defines.
pub const CLI_FLAGS: &[&str] = &["help", "json", "verbose", "version"];
pub const CLI_COMMANDS: &[&str] = &["mock", "help"];

/// Methods of `Client` (public or not) an endpoint method must not clash with.
pub const CLIENT_METHODS: &[&str] = &[
    "attempt",
    "base_url_of",
    "builder",
    "call",
    "clone",
    "encode",
    "execute",
    "fixed_headers",
    "fmt",
    "from_env",
    "from_lookup",
    "prepare",
    "read",
    "signed_body",
    "url_of",
];

/// The locals of a generated request decoder (`from_json`, `from_json_at`) that are read
/// after the decoded fields are bound under their own names: a field of the same name
/// would shadow them.
pub const DECODER_LOCALS: DecoderLocals = DecoderLocals {
    fields: "fields",
    violations: "violations",
    clean: "clean",
};

/// See [`DECODER_LOCALS`].
pub struct DecoderLocals {
    /// The `JsonFields` reader.
    pub fields: &'static str,
    /// Where a nested object's violations are recorded.
    pub violations: &'static str,
    /// Whether a nested object decoded without violations.
    pub clean: &'static str,
}

impl DecoderLocals {
    pub fn all(&self) -> [&'static str; 3] {
        [self.fields, self.violations, self.clean]
    }
}
