//! `spec/endpoints/<family>/*.yaml`: one documented endpoint.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

use super::{FieldDoc, ItemsDoc, Text};

/// `spec/endpoints/<family>/*.yaml`: one documented endpoint.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EndpointDoc {
    /// snake_case; the `Client` method's name, and the request and response types' stem
    /// in UpperCamelCase (`open_package`: `OpenPackageRequest`).
    pub name: String,
    /// The family (`spec/families/<family>.yaml`) whose base URL, authentication and
    /// envelope the endpoint uses.
    pub family: String,
    /// The HTTP method the page gives.
    pub method: Method,
    /// The path below the family's base URL, e.g. `/package/openPackage`: `/`-separated
    /// segments of letters, digits, `-`, `.`, `_` and `~`.
    pub path: String,
    /// Whether the client may send the request again after a failure that leaves its
    /// outcome unknown (a timeout, HTTP 429/502/503/504). Required, with no default, so a
    /// new endpoint is never retried by accident: `safe` for pure queries, `never` for
    /// anything that orders, renews, opens, ends, pauses, cancels or sends.
    // Required by lint rather than by serde, so that `lfgen diff` still reads specs
    // written before the key existed (their client never retried: read as `never`).
    #[cfg_attr(feature = "schema", schemars(required, with = "Retry"))]
    pub retry: Option<Retry>,
    /// The page's title.
    pub title: Text,
    /// The page's description of the endpoint.
    pub description: Option<Text>,
    /// Whether the page marks the endpoint deprecated: the `Client` method gets
    /// `#[deprecated]`.
    #[serde(default)]
    pub deprecated: bool,
    /// The endpoint (by `name`) the page says to use instead of this deprecated one.
    pub replaced_by: Option<String>,
    /// How much of the page was recovered; `partial` pages list what is missing in `gaps`.
    /// Defaults to `full`, so specs written before this key still load (and diff); the
    /// catalogue check catches a partial page that forgets to say so.
    #[serde(default)]
    pub completeness: Completeness,
    /// The URLs of the pages this endpoint is transcribed from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The page's last-modified time, as it prints it (`2022-10-05 06:39:30`).
    pub modified: Option<String>,
    /// Reviewers' remarks on the transcription: contradictions in the page, choices
    /// made; shown in the generated docs.
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the page does not document (required for `completeness: partial`); shown in
    /// the generated docs.
    #[serde(default)]
    pub gaps: Vec<String>,
    /// The request body's own fields (the family's common fields are added by the
    /// runtime).
    pub request: RequestDoc,
    /// What the envelope's `data` holds on success.
    pub response: ResponseDoc,
    /// How the endpoint pages its results, when it does: the client gets a `Stream` of
    /// every item across pages.
    pub paging: Option<PagingDoc>,
    /// What the mock server does with this endpoint's requests (its own model, not the
    /// vendor's); absent: it answers with the documented example.
    pub mock: Option<Box<crate::spec::MockDoc>>,
    /// The page's example request and response.
    #[serde(default)]
    pub examples: ExamplesDoc,
}

/// The fields a paged query pages with.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PagingDoc {
    /// The integer request field holding the page number (the first page is 1).
    pub page: String,
    /// The integer request field holding the page size.
    pub size: String,
    /// The response field holding the page's items (an array).
    pub items: String,
    /// The response field (a dotted path) holding the number of pages.
    pub total_pages: String,
}

/// How much of a page was recovered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Completeness {
    /// Method, path, field table, examples and response all documented.
    #[default]
    Full,
    /// Some of these are missing; `gaps:` says which.
    Partial,
    /// Only the navigation entry is known (catalogue entries only).
    TitleOnly,
}

/// Whether repeating a request is harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    /// A pure query: sending it twice changes nothing, so the client retries it on a
    /// timeout or a temporary server error.
    Safe,
    /// Repeating it may repeat its effect (a second order): the client resends it only
    /// when the connection was never established, so no byte reached the server.
    Never,
}

impl Retry {
    /// What a spec without the key means: the client before `retry:` never retried.
    pub fn or_never(retry: Option<Retry>) -> Retry {
        retry.unwrap_or(Retry::Never)
    }

    /// The spelling in the spec: `safe` or `never`.
    pub fn as_str(self) -> &'static str {
        match self {
            Retry::Safe => "safe",
            Retry::Never => "never",
        }
    }
}

/// An HTTP method, written in capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub enum Method {
    /// `GET`.
    #[serde(rename = "GET")]
    Get,
    /// `POST`.
    #[serde(rename = "POST")]
    Post,
    /// `PUT`.
    #[serde(rename = "PUT")]
    Put,
    /// `DELETE`.
    #[serde(rename = "DELETE")]
    Delete,
}

impl Method {
    /// The method as sent: `GET`, `POST`, `PUT` or `DELETE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// An endpoint's request.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestDoc {
    /// The body's fields, in the page's order, without the family's common fields.
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
}

/// What a response's `data` (or a notification's body) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// A JSON object of the listed `fields`.
    Object,
    /// `data` is a JSON array of `items`.
    Array,
    /// Nothing: `data` is null or absent on success.
    Null,
    /// The page does not document the response's `data`: it is kept as raw JSON.
    Undocumented,
}

/// An endpoint's successful response: what its envelope's `data` holds.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseDoc {
    /// Whether `data` is an object, an array, null or undocumented.
    pub data: DataKind,
    /// The fields of `data: object`.
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    /// What `data: array` holds.
    pub items: Option<ItemsDoc>,
}

/// The examples a page prints, as JSON text; the linter checks them against the fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExamplesDoc {
    /// The example request body, including the family's common fields.
    pub request: Option<String>,
    /// The example response, the whole envelope.
    pub response: Option<String>,
}
