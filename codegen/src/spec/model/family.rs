//! `spec/families/*.yaml`: what every endpoint of one API family shares.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

use super::Text;

/// `spec/families/*.yaml`: what every endpoint of one API family shares.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FamilyDoc {
    pub name: String,
    pub title: String,
    pub description: Option<Text>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub base_urls: Vec<BaseUrlDoc>,
    #[serde(default)]
    pub headers: Vec<HeaderDoc>,
    pub auth: AuthDoc,
    pub common_fields: Vec<CommonFieldDoc>,
    pub timestamp: Option<TimestampDoc>,
    pub envelope: EnvelopeDoc,
    /// The documented values of the envelope's code, with reviewed Rust names.
    #[serde(default)]
    pub status_codes: Vec<StatusCodeDoc>,
    #[serde(default)]
    pub gaps: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusCodeDoc {
    /// The code as text (`"0000"`, `"6006"`).
    pub code: String,
    /// The reviewed Rust name, in snake_case (`order_not_found` becomes `OrderNotFound`).
    pub name: String,
    pub meaning: Text,
    /// The page that documents it, when it is not the family's own.
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BaseUrlDoc {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub default: bool,
    /// The environment this server belongs to (`production`, `uat`), in snake_case: each
    /// name becomes a variant of the generated `Environment`, which selects this server
    /// for the family's calls. Leave it out for servers no client should pick (a
    /// documentation placeholder).
    pub environment: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HeaderDoc {
    pub name: String,
    pub default: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
    pub description: Option<Text>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// HMAC-SHA1 over the sorted JSON of all non-empty parameters, Base64 in a body field.
    HmacSha1Signature,
    /// A session token sent in a request header.
    AccessTokenHeader,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthDoc {
    pub kind: AuthKind,
    pub header: Option<String>,
    pub description: Option<Text>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Where the runtime takes the value of a family-wide body field from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fill {
    AccessCode,
    Timestamp,
    Constant,
    Signature,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CommonFieldDoc {
    pub name: String,
    pub fill: Fill,
    pub value: Option<String>,
    pub description: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimestampUnit {
    Seconds,
    Milliseconds,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimestampDoc {
    pub unit: TimestampUnit,
    pub note: Option<String>,
    /// How long a request stays valid after its timestamp, when a document says so.
    pub validity: Option<TimestampValidityDoc>,
}

/// A documented validity window of the request timestamp, with the document that states it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimestampValidityDoc {
    /// Seconds after the timestamp during which the request is accepted.
    pub seconds: u64,
    /// The rule as the document words it.
    pub quote: String,
    pub source: DatedSourceDoc,
    pub note: Option<String>,
}

/// A document outside the current pages (an older docs site in a repository), pinned to
/// the commit read and dated, so that what it adds is never taken for the current page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DatedSourceDoc {
    /// The GitHub repository, `owner/name`.
    pub repository: String,
    /// The commit read (7 to 40 hex digits).
    pub commit: String,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: String,
    /// Where the document was published, if anywhere.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeType {
    String,
    Integer,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnvelopeCodeDoc {
    pub field: String,
    #[serde(rename = "type")]
    pub code_type: CodeType,
    pub success: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnvelopeDoc {
    pub code: EnvelopeCodeDoc,
    pub message_field: String,
    pub data_field: String,
    pub success_flag_field: Option<String>,
}
