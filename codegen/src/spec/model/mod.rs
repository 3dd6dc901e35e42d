//! Serde types that mirror the spec's YAML files exactly; unknown keys are errors.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

mod catalog;
mod endpoint;
mod family;
mod field;
mod notify;

pub use catalog::*;
pub use endpoint::*;
pub use family::*;
pub use field::*;
pub use notify::*;

/// Text as a documentation page gives it, in Chinese, English or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The Chinese text, as the page prints it.
    pub zh: Option<String>,
    /// The English text, as the page prints it (generated docs prefer it).
    pub en: Option<String>,
}
