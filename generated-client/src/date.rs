//! Dates as the server really sends them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A date field of a response. Documented as `YYYYMMDD` (UTC+8), but the server is seen
/// sending `YYYY-MM-DD HH:MM:SS`; any text is accepted and kept as sent, and
/// [`VendorDate::parts`] reads either form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VendorDate(String);

/// A calendar date with an optional time of day, in the server's zone (UTC+8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateParts {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// `(hour, minute, second)` when the server sent a time.
    pub time: Option<(u8, u8, u8)>,
}

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
        let raw = self.0.trim();
        if let Some(date) = parse_compact(raw) {
            return Some(date);
        }
        let (date, time) = match raw.split_once([' ', 'T']) {
            Some((date, time)) => (date, Some(time)),
            None => (raw, None),
        };
        let mut pieces = date.split('-');
        let year = number(pieces.next()?, 4)?;
        let month = number(pieces.next()?, 2)?;
        let day = number(pieces.next()?, 2)?;
        if pieces.next().is_some() {
            return None;
        }
        let time = match time {
            None => None,
            Some(time) => {
                let mut pieces = time.split(':');
                let hour = number(pieces.next()?, 2)?;
                let minute = number(pieces.next()?, 2)?;
                let second = number(pieces.next()?, 2)?;
                if pieces.next().is_some() || hour > 23 || minute > 59 || second > 60 {
                    return None;
                }
                Some((hour as u8, minute as u8, second as u8))
            }
        };
        checked(year, month, day, time)
    }
}

impl fmt::Display for VendorDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `YYYYMMDD` with a real month and day.
pub(crate) fn parse_compact(text: &str) -> Option<DateParts> {
    if text.len() != 8 {
        return None;
    }
    let year = number(text.get(0..4)?, 4)?;
    let month = number(text.get(4..6)?, 2)?;
    let day = number(text.get(6..8)?, 2)?;
    checked(year, month, day, None)
}

fn number(text: &str, digits: usize) -> Option<u16> {
    if text.len() != digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn checked(year: u16, month: u16, day: u16, time: Option<(u8, u8, u8)>) -> Option<DateParts> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month {
        return None;
    }
    Some(DateParts {
        year,
        month: month as u8,
        day: day as u8,
        time,
    })
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
