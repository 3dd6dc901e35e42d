//! `spec/notify.yaml` and `spec/notifications/*.yaml`: what the platform posts to the
//! customer.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

use super::{Completeness, DataKind, EnumValueDoc, FieldDoc, Text, TimestampUnit};

/// `spec/notify.yaml`: what every notification (the platform calling the customer's URL)
/// shares: the signature header and its scheme, the delivery header, the reply expected.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotifyDoc {
    /// What the pages say of notifications in general.
    pub description: Option<Text>,
    /// The URLs of the pages these facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The header carrying the body's signature (`x-lf-md5`).
    pub signature_header: String,
    /// The signature's rule as the page prints it.
    pub signature_rule: String,
    /// The header identifying one delivery (`x-lf-delivery`).
    pub delivery_header: Option<String>,
    /// The reply the platform expects from the customer's handler.
    pub acknowledgement: AcknowledgementDoc,
    /// Reviewers' remarks on how the pages were read.
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the pages leave undocumented about notifications.
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
    /// The HTTP status of the reply, e.g. 200.
    pub status: u16,
    /// The reply's body (empty when absent).
    #[serde(default)]
    pub body: String,
    /// Where the reply comes from, or why it is the conventional one.
    pub note: Option<String>,
}

/// `spec/notifications/*.yaml`: one notification the platform posts to the customer.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationDoc {
    /// snake_case; the payload type is its UpperCamelCase.
    pub name: String,
    /// The page's title.
    pub title: Text,
    /// How much of the page was recovered.
    pub completeness: Completeness,
    /// The page's status tag ("Developing", "Testing"), if any.
    pub status: Option<String>,
    /// The page's description of the notification.
    pub description: Option<Text>,
    /// The URLs of the pages this notification is transcribed from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The page's last-modified time, as it prints it.
    pub modified: Option<String>,
    /// Reviewers' remarks on the transcription; shown in the generated docs.
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the page does not document; shown in the generated docs.
    #[serde(default)]
    pub gaps: Vec<String>,
    /// Whether the page says the signature header is sent.
    pub signed: bool,
    /// A body field whose presence identifies this kind among the notifications.
    pub discriminator: Option<String>,
    /// The body: `object` with `fields`, or `undocumented` (kept as raw JSON).
    pub body: DataKind,
    /// The body's fields (`body: object`).
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    /// A signed body field holding the event's time, for optional staleness checks.
    pub timestamp: Option<NotificationTimestampDoc>,
    /// Event codes the page lists, generated as an enum named `<Name>Event`.
    #[serde(default)]
    pub events: Vec<EnumValueDoc>,
    /// The page's example body.
    #[serde(default)]
    pub examples: NotificationExamplesDoc,
}

/// The body field holding a notification's time.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationTimestampDoc {
    /// The field's wire name.
    pub field: String,
    /// Its unit.
    pub unit: TimestampUnit,
}

/// The example a notification page prints.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationExamplesDoc {
    /// The example body as valid JSON.
    pub body: Option<String>,
    /// The example exactly as printed, when that is not valid JSON.
    pub body_as_printed: Option<String>,
}
