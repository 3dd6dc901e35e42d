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
    pub name: String,
    pub family: String,
    pub method: Method,
    pub path: String,
    pub title: Text,
    pub description: Option<Text>,
    #[serde(default)]
    pub deprecated: bool,
    pub replaced_by: Option<String>,
    /// How much of the page was recovered; `partial` pages list what is missing in `gaps`.
    /// Defaults to `full`, so specs written before this key still load (and diff); the
    /// catalogue check catches a partial page that forgets to say so.
    #[serde(default)]
    pub completeness: Completeness,
    #[serde(default)]
    pub sources: Vec<String>,
    pub modified: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub gaps: Vec<String>,
    pub request: RequestDoc,
    pub response: ResponseDoc,
    /// How the endpoint pages its results, when it does: the client gets a `Stream` of
    /// every item across pages.
    pub paging: Option<PagingDoc>,
    /// What the mock server does with this endpoint's requests (its own model, not the
    /// vendor's); absent: it answers with the documented example.
    pub mock: Option<Box<crate::spec::MockDoc>>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub enum Method {
    #[serde(rename = "GET")]
    Get,
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
    #[serde(rename = "DELETE")]
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestDoc {
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    Object,
    /// `data` is a JSON array of `items`.
    Array,
    Null,
    /// The page does not document the response's `data`: it is kept as raw JSON.
    Undocumented,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseDoc {
    pub data: DataKind,
    /// The fields of `data: object`.
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    /// What `data: array` holds.
    pub items: Option<ItemsDoc>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExamplesDoc {
    pub request: Option<String>,
    pub response: Option<String>,
}
