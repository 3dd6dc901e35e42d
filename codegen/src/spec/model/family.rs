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
    /// snake_case, as endpoints name it in `family:` (`csss`); the generated `Family`
    /// static is its UPPER_CASE (`CSSS`).
    pub name: String,
    /// The family's title, e.g. `CSSS APIs (Cube v4)`.
    pub title: String,
    /// What the overview page says of the family.
    pub description: Option<Text>,
    /// The URLs of the pages this family's facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The servers the pages give; exactly one is the `default` the client uses.
    pub base_urls: Vec<BaseUrlDoc>,
    /// Request headers every endpoint of the family takes (e.g. `Accept-Language`).
    #[serde(default)]
    pub headers: Vec<HeaderDoc>,
    /// How requests are authenticated.
    pub auth: AuthDoc,
    /// Body fields the runtime fills on every request (access code, timestamp, version,
    /// signature); endpoints do not declare them.
    pub common_fields: Vec<CommonFieldDoc>,
    /// The request timestamp's unit (required with `hmac_sha1_signature`
    /// authentication).
    pub timestamp: Option<TimestampDoc>,
    /// How responses wrap their payload.
    pub envelope: EnvelopeDoc,
    /// The documented values of the envelope's code, with reviewed Rust names.
    #[serde(default)]
    pub status_codes: Vec<StatusCodeDoc>,
    /// What the pages leave undocumented about the family.
    #[serde(default)]
    pub gaps: Vec<String>,
}

/// One documented value of the envelope's status code: a variant of the family's code
/// enum.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusCodeDoc {
    /// The code as text (`"0000"`, `"6006"`).
    pub code: String,
    /// The reviewed Rust name, in snake_case (`order_not_found` becomes `OrderNotFound`).
    pub name: String,
    /// What the page says the code means; `Error::api_code()` reports it.
    pub meaning: Text,
    /// The page that documents it, when it is not the family's own.
    pub source: Option<String>,
}

/// A server the pages give for the family.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BaseUrlDoc {
    /// The server's name, e.g. `Cube UAT`.
    pub name: String,
    /// The base URL endpoint paths are appended to.
    pub url: String,
    /// Whether the client uses this URL unless told another (exactly one per family).
    #[serde(default)]
    pub default: bool,
    /// The environment this server belongs to (`production`, `uat`), in snake_case: each
    /// name becomes a variant of the generated `Environment`, which selects this server
    /// for the family's calls. Leave it out for servers no client should pick (a
    /// documentation placeholder).
    pub environment: Option<String>,
    /// What is known or doubtful about this server.
    pub note: Option<String>,
}

/// A request header the family's endpoints take.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HeaderDoc {
    /// The header's name, e.g. `Accept-Language`.
    pub name: String,
    /// The value the page says applies when the header is absent.
    pub default: Option<String>,
    /// The values the page lists.
    #[serde(default)]
    pub values: Vec<String>,
    /// The page's description of the header.
    pub description: Option<Text>,
    /// Reviewers' remarks (e.g. an example that contradicts the text).
    pub note: Option<String>,
}

/// How a family authenticates requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// HMAC-SHA1 over the sorted JSON of all non-empty parameters, Base64 in a body field.
    HmacSha1Signature,
    /// A session token sent in a request header.
    AccessTokenHeader,
}

/// A family's authentication.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuthDoc {
    /// The scheme.
    pub kind: AuthKind,
    /// `access_token_header`: the header carrying the token, e.g. `x-access-token`.
    pub header: Option<String>,
    /// The scheme as the page describes it.
    pub description: Option<Text>,
    /// Reviewers' remarks on how the page's rule was read.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Where the runtime takes the value of a family-wide body field from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fill {
    /// The client's access code.
    AccessCode,
    /// The time of the request, in the family's timestamp unit.
    Timestamp,
    /// The fixed text in `value`.
    Constant,
    /// The request's signature (`hmac_sha1_signature` families).
    Signature,
}

/// A body field the runtime fills on every request of the family.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CommonFieldDoc {
    /// The wire name, e.g. `access_code`.
    pub name: String,
    /// Where the runtime takes its value from.
    pub fill: Fill,
    /// `fill: constant`: the value sent, e.g. `"2.0"`.
    pub value: Option<String>,
    /// The page's description of the field.
    pub description: Option<Text>,
}

/// The unit of a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimestampUnit {
    /// Seconds since the Unix epoch (10 digits today).
    Seconds,
    /// Milliseconds since the Unix epoch (13 digits today).
    Milliseconds,
}

/// The family's request timestamp.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimestampDoc {
    /// The unit the client sends by default (it can be switched).
    pub unit: TimestampUnit,
    /// Why this unit: what the pages say, where they contradict each other.
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
    /// The document that states it.
    pub source: DatedSourceDoc,
    /// How the rule was read and how far it applies today.
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

/// The JSON type of an envelope's status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeType {
    /// JSON text, e.g. `"0000"`.
    String,
    /// A JSON number, e.g. `0`.
    Integer,
}

/// The envelope's status code.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnvelopeCodeDoc {
    /// The field holding it, e.g. `code`.
    pub field: String,
    /// Whether it is JSON text or a number.
    #[serde(rename = "type")]
    pub code_type: CodeType,
    /// The code of success, written as text (`"0000"`, `"0"`).
    pub success: String,
}

/// How a family's responses wrap their payload: `{"code":…,"data":…,"message":…}`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnvelopeDoc {
    /// The status code: its field, type and value of success.
    pub code: EnvelopeCodeDoc,
    /// The field of the server's message, e.g. `message`.
    pub message_field: String,
    /// The field of the payload, e.g. `data`.
    pub data_field: String,
    /// A boolean field that is `false` on failure, when the family has one (`success`).
    pub success_flag_field: Option<String>,
}
