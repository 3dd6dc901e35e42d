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

    #[test]
    fn reads_the_documented_and_the_observed_form() {
        let documented = VendorDate::new("20220127").parts().unwrap();
        assert_eq!(
            (
                documented.year,
                documented.month,
                documented.day,
                documented.time
            ),
            (2022, 1, 27, None)
        );
        let observed = VendorDate::new("2022-01-27 11:23:43").parts().unwrap();
        assert_eq!((observed.year, observed.month, observed.day), (2022, 1, 27));
        assert_eq!(observed.time, Some((11, 23, 43)));
    }

    #[test]
    fn rejects_impossible_dates_but_keeps_the_text() {
        for raw in [
            "20220230",
            "2022-13-01",
            "2022-01-27 25:00:00",
            "yesterday",
            "",
        ] {
            let date = VendorDate::new(raw);
            assert_eq!(date.parts(), None, "{raw}");
            assert_eq!(date.as_str(), raw);
        }
        assert!(VendorDate::new("20240229").parts().is_some());
    }
}
