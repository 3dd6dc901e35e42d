//! Serde types that mirror the spec's YAML files exactly; unknown keys are errors.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

/// Text as a documentation page gives it, in Chinese, English or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: Option<String>,
    pub en: Option<String>,
}

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
    pub mock: Option<Box<super::MockDoc>>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WireType {
    String,
    Integer,
    Number,
    Boolean,
    /// A JSON array; `items` says of what.
    Array,
    /// A JSON object: inline `fields`, or `ref` to a shared type in `spec/types/`.
    Object,
}

impl WireType {
    /// Strings, numbers and booleans: the types that carry a `format` or an `enum`.
    pub fn is_scalar(self) -> bool {
        !matches!(self, WireType::Array | WireType::Object)
    }
}

/// Formats a string field's value must follow; the linter and the validators check them
/// with the same rules.
pub use lf_formats::Format;

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    pub name: String,
    #[serde(rename = "type")]
    pub wire_type: WireType,
    /// Mandatory for request fields; response fields default to always present.
    pub required: Option<bool>,
    #[serde(default)]
    pub nullable: bool,
    pub format: Option<Format>,
    /// The Rust name of this field's enum or inline object type, when the derived name
    /// (the field name in UpperCamelCase) would clash or read badly.
    pub type_name: Option<String>,
    pub description: Option<Text>,
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<EnumValueDoc>,
    /// `type: object`: the object's own fields, declared inline.
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    /// `type: object`: the shared type (`spec/types/<ref>.yaml`) this object is.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// `type: array`: what the array holds.
    pub items: Option<Box<ItemsDoc>>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The elements of an array: a scalar (with its format or enum), an object (inline or a
/// shared type) or another array.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemsDoc {
    #[serde(rename = "type")]
    pub wire_type: WireType,
    pub format: Option<Format>,
    /// The Rust name of the element's enum or inline object type.
    pub type_name: Option<String>,
    pub description: Option<Text>,
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<EnumValueDoc>,
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub items: Option<Box<ItemsDoc>>,
}

/// `spec/types/*.yaml`: an object type several fields share, declared once and referenced
/// by `ref:` (e.g. the paging block of every paged query).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TypeDoc {
    /// snake_case; the Rust type is its UpperCamelCase (`page` becomes `Page`).
    pub name: String,
    pub description: Option<Text>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    pub fields: Vec<FieldDoc>,
}

/// What a field or an array's items is, whichever declares it: the part of the type the
/// linter and the IR recurse through.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    pub wire_type: WireType,
    pub format: Option<Format>,
    pub type_name: Option<&'a str>,
    pub description: Option<&'a Text>,
    pub enum_values: &'a [EnumValueDoc],
    pub fields: &'a [FieldDoc],
    pub reference: Option<&'a str>,
    pub items: Option<&'a ItemsDoc>,
}

impl FieldDoc {
    pub fn shape(&self) -> Shape<'_> {
        Shape {
            wire_type: self.wire_type,
            format: self.format,
            type_name: self.type_name.as_deref(),
            description: self.description.as_ref(),
            enum_values: &self.enum_values,
            fields: &self.fields,
            reference: self.reference.as_deref(),
            items: self.items.as_deref(),
        }
    }
}

impl ItemsDoc {
    pub fn shape(&self) -> Shape<'_> {
        Shape {
            wire_type: self.wire_type,
            format: self.format,
            type_name: self.type_name.as_deref(),
            description: self.description.as_ref(),
            enum_values: &self.enum_values,
            fields: &self.fields,
            reference: self.reference.as_deref(),
            items: self.items.as_deref(),
        }
    }
}

impl FieldDoc {
    /// Whether the field must be sent (request) or is always present (response): request
    /// fields say so explicitly (lint requires it), response fields default to present.
    pub fn is_required(&self, is_request: bool) -> bool {
        self.required.unwrap_or(!is_request)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValueDoc {
    /// The wire code, exactly as sent.
    pub value: String,
    /// The reviewed Rust name, in snake_case (`monthly` becomes `Monthly`).
    pub name: String,
    pub meaning: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExamplesDoc {
    pub request: Option<String>,
    pub response: Option<String>,
}

/// `spec/notify.yaml`: what every notification (the platform calling the customer's URL)
/// shares: the signature header and its scheme, the delivery header, the reply expected.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotifyDoc {
    pub description: Option<Text>,
    #[serde(default)]
    pub sources: Vec<String>,
    /// The header carrying the body's signature (`x-lf-md5`).
    pub signature_header: String,
    /// The signature's rule as the page prints it.
    pub signature_rule: String,
    /// The header identifying one delivery (`x-lf-delivery`).
    pub delivery_header: Option<String>,
    pub acknowledgement: AcknowledgementDoc,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub gaps: Vec<String>,
}

/// The reply a notification handler sends.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementDoc {
    /// Whether a recovered page documents it; when not, `status` and `body` are the
    /// conventional reply and `note` says so.
    pub documented: bool,
    pub status: u16,
    #[serde(default)]
    pub body: String,
    pub note: Option<String>,
}

/// `spec/notifications/*.yaml`: one notification the platform posts to the customer.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationDoc {
    /// snake_case; the payload type is its UpperCamelCase.
    pub name: String,
    pub title: Text,
    pub completeness: Completeness,
    /// The page's status tag ("Developing", "Testing"), if any.
    pub status: Option<String>,
    pub description: Option<Text>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub modified: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub gaps: Vec<String>,
    /// Whether the page says the signature header is sent.
    pub signed: bool,
    /// A body field whose presence identifies this kind among the notifications.
    pub discriminator: Option<String>,
    /// The body: `object` with `fields`, or `undocumented` (kept as raw JSON).
    pub body: DataKind,
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    /// A signed body field holding the event's time, for optional staleness checks.
    pub timestamp: Option<NotificationTimestampDoc>,
    /// Event codes the page lists, generated as an enum named `<Name>Event`.
    #[serde(default)]
    pub events: Vec<EnumValueDoc>,
    #[serde(default)]
    pub examples: NotificationExamplesDoc,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationTimestampDoc {
    pub field: String,
    pub unit: TimestampUnit,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationExamplesDoc {
    /// The example body as valid JSON.
    pub body: Option<String>,
    /// The example exactly as printed, when that is not valid JSON.
    pub body_as_printed: Option<String>,
}

/// `spec/catalog.yaml`: every endpoint page of the vendor's navigation, transcribed or not,
/// so that coverage is visible.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogDoc {
    pub pages: Vec<CatalogPage>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogPage {
    /// The family's navigation group, e.g. `CSSS / Plan`.
    pub group: String,
    pub title: Text,
    pub method: Option<Method>,
    pub path: Option<String>,
    pub completeness: Completeness,
    /// The endpoint in `spec/endpoints/` that transcribes this page, if any.
    pub endpoint: Option<String>,
    /// The notification in `spec/notifications/` that transcribes this page, if any.
    pub notification: Option<String>,
    /// Why a page with recovered fields is not transcribed yet, or what else is known.
    pub note: Option<String>,
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
    #[serde(default)]
    pub notes: Vec<String>,
}

/// How sure an attribution from an older document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    Low,
    MediumLow,
    Medium,
    MediumHigh,
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
    #[serde(rename = "type")]
    pub wire_type: WireType,
    pub note: Option<String>,
}
