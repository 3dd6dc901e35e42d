//! How old (or how far ahead) a delivery's documented timestamp may be.
//!
//! The default maximum age is the request validity the vendor documents: the 2020 CSSS
//! gateway docs say of a request's `timestamp`, "UTC timestamp of the request. Timeout =
//! 5 minutes" (`links-field/cmp-gateway`, 2020-07-20; recorded in the spec as the CSSS
//! family's `timestamp.validity`, which a test ties to [`DEFAULT_MAX_AGE`]). No recovered page states a validity, a retry policy or a clock skew for
//! notifications, so applying the same 5 minutes to them, and the skew allowed ahead,
//! are this crate's choices.

use std::time::Duration;

use serde_json::{Map, Value};

use super::NotifyError;
use crate::TimestampUnit;

/// The default [`Receiver::max_age`](super::Receiver::max_age): 5 minutes, the request
/// validity the 2020 CSSS gateway docs state ("Timeout = 5 minutes").
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(5 * 60);

/// The default [`Receiver::max_future_skew`](super::Receiver::max_future_skew): how far
/// ahead of this host's clock a timestamp may be, for clocks that disagree. Not
/// documented by the vendor; one minute is this crate's choice.
pub const DEFAULT_MAX_FUTURE_SKEW: Duration = Duration::from_secs(60);

/// The limits a timestamp is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Freshness {
    /// `None`: any age, and the timestamp may be missing.
    pub max_age: Option<Duration>,
    pub max_future_skew: Duration,
}

impl Freshness {
    /// Checks the timestamp `field` of `body` against `now` (time since the epoch).
    /// Without a maximum age the field may be missing, but one that is present is still
    /// checked: a far-future time would otherwise never grow old.
    pub fn check(
        &self,
        body: &Map<String, Value>,
        field: &'static str,
        unit: TimestampUnit,
        now: Duration,
    ) -> Result<(), NotifyError> {
        let invalid = NotifyError::InvalidTimestamp { field };
        let value = match body.get(field) {
            // An empty value is not signed, so it counts as missing. With a maximum age
            // set, an event without its time is refused: otherwise a body signed
            // without the field would be accepted at any age.
            None => return self.missing(invalid),
            Some(value) if crate::signing::is_empty(value) => return self.missing(invalid),
            Some(Value::String(text)) => text.parse::<u64>().map_err(|_| invalid)?,
            Some(Value::Number(number)) => number.as_u64().ok_or(invalid)?,
            Some(_) => return Err(invalid),
        };
        self.check_at(unit.since_epoch(value), now)
    }

    /// Checks a time `at` (since the epoch) against `now`: at most the skew ahead, and at
    /// most the maximum age behind. The mock checks request timestamps with it too.
    pub(crate) fn check_at(&self, at: Duration, now: Duration) -> Result<(), NotifyError> {
        let ahead = at.saturating_sub(now);
        if ahead > self.max_future_skew {
            return Err(NotifyError::FromTheFuture {
                ahead,
                max_future_skew: self.max_future_skew,
            });
        }
        let age = now.saturating_sub(at);
        match self.max_age {
            Some(max_age) if age > max_age => Err(NotifyError::Stale { age, max_age }),
            _ => Ok(()),
        }
    }

    fn missing(&self, invalid: NotifyError) -> Result<(), NotifyError> {
        match self.max_age {
            Some(_) => Err(invalid),
            None => Ok(()),
        }
    }

    /// How long a delivery stays acceptable: its timestamp may be up to the skew ahead
    /// and up to the maximum age behind (the default age when none is set).
    pub fn window(&self) -> Duration {
        self.max_age
            .unwrap_or(DEFAULT_MAX_AGE)
            .saturating_add(self.max_future_skew)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_max_age_is_the_validity_the_spec_documents() {
        let documented: Vec<Duration> = crate::OPERATIONS
            .iter()
            .filter_map(|operation| operation.family.timestamp_validity)
            .collect();
        assert!(!documented.is_empty(), "no family documents a validity");
        assert!(documented
            .iter()
            .all(|validity| *validity == DEFAULT_MAX_AGE));
    }

    const NOW: Duration = Duration::from_secs(1_700_000_000);

    fn check(freshness: Freshness, at_secs: Value) -> Result<(), NotifyError> {
        let body = serde_json::json!({ "t": at_secs });
        freshness.check(body.as_object().unwrap(), "t", TimestampUnit::Seconds, NOW)
    }

    const DEFAULT: Freshness = Freshness {
        max_age: Some(DEFAULT_MAX_AGE),
        max_future_skew: DEFAULT_MAX_FUTURE_SKEW,
    };

    #[test]
    fn the_window_runs_from_the_skew_ahead_to_the_maximum_age_behind() {
        let now = NOW.as_secs();
        assert!(check(DEFAULT, (now - 300).into()).is_ok());
        assert!(matches!(
            check(DEFAULT, (now - 301).into()),
            Err(NotifyError::Stale { .. })
        ));
        assert!(check(DEFAULT, (now + 60).to_string().into()).is_ok());
        assert!(matches!(
            check(DEFAULT, (now + 61).into()),
            Err(NotifyError::FromTheFuture { .. })
        ));
        assert_eq!(DEFAULT.window(), Duration::from_secs(360));
    }

    #[test]
    fn without_a_maximum_age_only_a_present_timestamp_is_checked() {
        let any_age = Freshness {
            max_age: None,
            ..DEFAULT
        };
        assert!(check(any_age, 0.into()).is_ok());
        assert!(check(any_age, Value::Null).is_ok());
        assert!(check(any_age, "".into()).is_ok());
        assert!(check(any_age, u64::MAX.into()).is_err());
        assert!(check(any_age, "soon".into()).is_err());
        assert!(matches!(
            check(DEFAULT, Value::Null),
            Err(NotifyError::InvalidTimestamp { .. })
        ));
    }
}
