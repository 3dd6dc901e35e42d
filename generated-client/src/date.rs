//! Dates as the server really sends them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A date field of a response. Documented as `YYYYMMDD` (UTC+8), but the server is seen
/// sending `YYYY-MM-DD HH:MM:SS`; any text is accepted and kept as sent, and
/// [`VendorDate::parts`] reads either form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VendorDate(String);

pub use lf_formats::DateParts;

impl VendorDate {
    /// Keeps `raw` as the vendor wrote it; [`VendorDate::parts`] reads it.
    pub fn new(raw: impl Into<String>) -> Self {
        Self(raw.into())
    }

    /// The text exactly as the server sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The date read from `YYYYMMDD`, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`; `None` for
    /// any other text.
    pub fn parts(&self) -> Option<DateParts> {
        lf_formats::parse_lenient_date(&self.0)
    }
}

impl fmt::Display for VendorDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The parsing rules themselves are tested in lf-formats.
    #[test]
    fn keeps_the_text_as_sent_and_reads_it_leniently() {
        let observed = VendorDate::new("2022-01-27 11:23:43");
        assert_eq!(observed.as_str(), "2022-01-27 11:23:43");
        assert_eq!(
            observed.parts().map(|p| (p.year, p.month, p.day)),
            Some((2022, 1, 27))
        );
        let garbage = VendorDate::new("yesterday");
        assert_eq!((garbage.as_str(), garbage.parts()), ("yesterday", None));
    }
}
