//! The string formats a spec field can declare, checked the same way by `lfgen lint`
//! (on the documented examples) and by the generated client's validators.

/// A format a string field must follow; spec files name it in snake_case (`iccid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "spec", derive(serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "spec", serde(rename_all = "snake_case"))]
pub enum Format {
    /// SIM card ICCID: 18 to 22 characters, digits with an optional trailing `F` (padding).
    /// The documentation says only "SIM card ICCID"; this bound is ours, wide enough for
    /// real SIMs and narrow enough to catch a phone number or an IMSI passed by mistake.
    Iccid,
    /// A decimal amount with at most two decimal places: `0`, `12.5`, `12.50`.
    Decimal2,
    /// Decimal digits only.
    UnsignedInteger,
    /// A date as `YYYYMMDD`. Response fields of this format accept what the server really
    /// sends (it is seen sending `YYYY-MM-DD HH:MM:SS`).
    DateYyyymmdd,
}

impl Format {
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Format::Iccid => {
                let number = text.strip_suffix(['F', 'f']).unwrap_or(text);
                (18..=22).contains(&text.len()) && digits(number)
            }
            Format::Decimal2 => match text.split_once('.') {
                None => digits(text),
                Some((whole, fraction)) => digits(whole) && digits(fraction) && fraction.len() <= 2,
            },
            Format::UnsignedInteger => digits(text),
            Format::DateYyyymmdd => parse_compact_date(text).is_some(),
        }
    }

    /// What a value must be, as read in an error message: "`x` is "1", not …".
    pub fn description(self) -> &'static str {
        match self {
            Format::Iccid => "an ICCID (18 to 22 digits, optionally ending in F)",
            Format::Decimal2 => "a decimal amount with at most two decimal places",
            Format::UnsignedInteger => "an unsigned integer (digits only)",
            Format::DateYyyymmdd => "a date as YYYYMMDD",
        }
    }

    /// A regular expression with the same meaning, for OpenAPI and JSON Schema exports.
    pub fn pattern(self) -> &'static str {
        match self {
            Format::Iccid => "^([0-9]{18,22}|[0-9]{17,21}[Ff])$",
            Format::Decimal2 => "^[0-9]+(\\.[0-9]{1,2})?$",
            Format::UnsignedInteger => "^[0-9]+$",
            Format::DateYyyymmdd => "^[0-9]{8}$",
        }
    }
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A calendar date with an optional time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateParts {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// `(hour, minute, second)` when a time was given.
    pub time: Option<(u8, u8, u8)>,
}

/// `YYYYMMDD` with a real month and day.
pub fn parse_compact_date(text: &str) -> Option<DateParts> {
    if text.len() != 8 {
        return None;
    }
    let year = number(text.get(0..4)?, 4)?;
    let month = number(text.get(4..6)?, 2)?;
    let day = number(text.get(6..8)?, 2)?;
    checked(year, month, day, None)
}

/// `YYYYMMDD`, `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` (also with `T`).
pub fn parse_lenient_date(text: &str) -> Option<DateParts> {
    let text = text.trim();
    if let Some(date) = parse_compact_date(text) {
        return Some(date);
    }
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
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
    fn formats_accept_what_the_documentation_shows() {
        assert!(Format::Iccid.accepts("89852022018041800192"));
        assert!(Format::Iccid.accepts("8985202201804180019F"));
        assert!(!Format::Iccid.accepts("8985202201804180019X"));
        assert!(!Format::Iccid.accepts("898520220180"));
        assert!(!Format::Iccid.accepts("13800138000"));
        for amount in ["0", "12", "12.5", "12.50"] {
            assert!(Format::Decimal2.accepts(amount), "{amount}");
        }
        for amount in ["", "12.", ".5", "12.505", "-1", "1,00"] {
            assert!(!Format::Decimal2.accepts(amount), "{amount}");
        }
        assert!(Format::UnsignedInteger.accepts("12"));
        assert!(!Format::UnsignedInteger.accepts("1.0"));
        assert!(Format::DateYyyymmdd.accepts("20220127"));
        assert!(!Format::DateYyyymmdd.accepts("2022-01-27"));
    }

    #[test]
    fn lenient_dates_read_the_documented_and_the_observed_form() {
        let documented = parse_lenient_date("20220127").unwrap();
        assert_eq!(
            (
                documented.year,
                documented.month,
                documented.day,
                documented.time
            ),
            (2022, 1, 27, None)
        );
        let observed = parse_lenient_date("2022-01-27 11:23:43").unwrap();
        assert_eq!((observed.year, observed.month, observed.day), (2022, 1, 27));
        assert_eq!(observed.time, Some((11, 23, 43)));
        for raw in [
            "20220230",
            "2022-13-01",
            "2022-01-27 25:00:00",
            "yesterday",
            "",
        ] {
            assert_eq!(parse_lenient_date(raw), None, "{raw}");
        }
        assert!(parse_lenient_date("20240229").is_some());
    }
}
