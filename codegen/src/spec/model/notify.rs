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
