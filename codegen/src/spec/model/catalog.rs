//! `spec/catalog.yaml`: every endpoint page of the vendor's navigation.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Completeness, DatedSourceDoc, Method, Text, WireType};

/// `spec/catalog.yaml`: every endpoint page of the vendor's navigation, transcribed or not,
/// so that coverage is visible.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogDoc {
    /// The pages, in the navigation's order.
    pub pages: Vec<CatalogPage>,
}

/// One page of the vendor's navigation and how much of it the spec transcribes.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogPage {
    /// The family's navigation group, e.g. `CSSS / Plan`.
    pub group: String,
    /// The page's title in the navigation.
    pub title: Text,
    /// The HTTP method the page gives, when it was recovered.
    pub method: Option<Method>,
    /// The path the page gives, when it was recovered.
    pub path: Option<String>,
    /// How much of the page was recovered.
    pub completeness: Completeness,
    /// The endpoint in `spec/endpoints/` that transcribes this page, if any.
    pub endpoint: Option<String>,
    /// The notification in `spec/notifications/` that transcribes this page, if any.
    pub notification: Option<String>,
    /// Why a page with recovered fields is not transcribed yet, or what else is known.
    pub note: Option<String>,
    /// The URLs where the page (or a copy of it) was read.
    #[serde(default)]
    pub sources: Vec<String>,
    /// What an older document of the same interface says about this page: probable,
    /// dated, and never generated from.
    pub predecessor: Option<PredecessorDoc>,
}

/// Facts about a catalogued page from an older document (e.g. the 2020 docs site),
/// attributed to the page with a stated confidence.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PredecessorDoc {
    /// The older document: repository, commit and date.
    pub source: DatedSourceDoc,
    /// How sure the attribution of these facts to this page is.
    pub confidence: Confidence,
    /// The older document's path: the page's probable path (the coverage line lists it).
    pub path: Option<String>,
    /// The older document's description, quoted.
    #[serde(default)]
    pub description: Vec<String>,
    /// An unattributed request/response pair that probably belongs to this page.
    pub sample: Option<PredecessorSampleDoc>,
    /// Why these facts are attributed to this page, and what they do not say.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// How sure an attribution from an older document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// More likely wrong than right.
    Low,
    /// Between low and medium.
    MediumLow,
    /// As likely right as wrong.
    Medium,
    /// Between medium and high.
    MediumHigh,
    /// Very likely right.
    High,
}

/// A sample exchange as the older document prints it, with the fields it shows.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PredecessorSampleDoc {
    /// The request body, as printed (JSON).
    pub request: String,
    /// The response body, as printed (JSON).
    pub response: String,
    /// The request's own fields (not the family's common ones).
    #[serde(default)]
    pub request_fields: Vec<SampleFieldDoc>,
    /// The response's fields, by dotted path (`data.page.total_count`, `data.list[].id`).
    #[serde(default)]
    pub response_fields: Vec<SampleFieldDoc>,
}

/// One field of an older sample: its JSON type as printed, not a reviewed wire type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SampleFieldDoc {
    /// Dotted path into the sample; `[]` steps into every element of an array.
    pub name: String,
    /// The field's JSON type in the sample.
    #[serde(rename = "type")]
    pub wire_type: WireType,
    /// What else the sample shows of it.
    pub note: Option<String>,
}
