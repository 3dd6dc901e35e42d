//! When a failed attempt is sent again, and after how long: the policy, which failures
//! may be retried for which operations, the backoff and `Retry-After`.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::endpoint::RetrySafety;

/// The default of [`RetryPolicy::max_attempts`]: the first attempt and two retries.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The default of the first backoff's ceiling ([`RetryPolicy::backoff`]).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
/// The default cap of the backoff's ceiling ([`RetryPolicy::backoff`]).
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);
/// The default of [`RetryPolicy::max_retry_after`]: the longest `Retry-After` waited for.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(10);
/// The default of [`RetryPolicy::attempt_timeout`]: a third of the default call timeout,
/// so that a query whose first attempt hangs still has time for the retries.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// The least of the call's budget a retry must have left after its wait. A retry with
/// less could only time out, replacing the last answer (a 503, say) with a timeout.
pub const MIN_RETRY_BUDGET: Duration = Duration::from_millis(100);

/// How [`Client`](crate::Client) retries a failed call; set with
/// [`ClientBuilder::retry`](crate::ClientBuilder::retry).
///
/// By default ([`RetryPolicy::default`]) a call makes up to 3 attempts:
/// - operations the spec marks `retry: safe` (the queries) are retried after a connect
///   error, a timeout, or HTTP 429, 502, 503 or 504;
/// - operations marked `retry: never` (everything that orders, renews, opens, ends,
///   pauses, cancels or sends) are retried only after a **connect error**: hyper's
///   client (under reqwest too) reports one (`is_connect()`) only when establishing the
///   connection failed (DNS, TCP or TLS), before any byte of the request was written,
///   so the server cannot have acted on it. A timeout or a 5xx answer may come after
///   the server acted, so such a call is never repeated.
///
/// Before each retry the client waits a random delay between zero and a ceiling that
/// doubles per retry from `initial` up to `max` ("full jitter", so many clients failing
/// together do not retry together), or what the server's `Retry-After` asks (seconds or
/// an HTTP date). A `Retry-After` longer than [`RetryPolicy::max_retry_after`] ends the
/// retries: retrying earlier than the server asked would only meet the same answer.
///
/// The call's [timeout](crate::ClientBuilder::timeout) is one budget for every attempt and
/// every wait: a wait that would not leave [`MIN_RETRY_BUDGET`] (100 ms) of it for the
/// retry ends the retries instead, so a call never takes longer than its timeout and
/// ends with the last answer rather than a timeout. An attempt of a `safe` operation is
/// also cut at [`RetryPolicy::attempt_timeout`] (10 s by default), so that a hung attempt
/// leaves time to retry; a `never` operation's one attempt has the whole budget, since its
/// timeout ends the call anyway. Each attempt is encoded afresh, with a new `timestamp`
/// and signature.
///
/// With your own HTTP client ([`ClientBuilder::http_client`](crate::ClientBuilder::http_client))
/// a `never` operation is sent once whatever happens: if that client follows redirects, a
/// connect error may be the redirect target's, after the request reached the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    attempt_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
        }
    }
}

impl RetryPolicy {
    /// Every call is sent once and never retried.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most attempts a call makes, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The ceiling of the first retry's random delay, and the cap it doubles up to.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the retries.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// The time limit of one attempt of a `safe` operation, within the call's timeout; a
    /// timed-out attempt is retried while the call's budget lasts.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// How long the next attempt may take, with `remaining` of the call's budget left.
    pub(crate) fn attempt_budget(&self, safety: RetrySafety, remaining: Duration) -> Duration {
        match safety {
            RetrySafety::Safe => remaining.min(self.attempt_timeout),
            RetrySafety::Never => remaining,
        }
    }

    /// The delay before another attempt after `attempt` (1 for the first) failed with
    /// `failure`, or `None` when the call must end with this attempt's outcome.
    pub(crate) fn delay(
        &self,
        safety: RetrySafety,
        failure: Failure,
        attempt: u32,
        retry_after: Option<Duration>,
        remaining: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !failure.allows_retry(safety) {
            return None;
        }
        let delay = match retry_after {
            Some(asked) if asked > self.max_retry_after => return None,
            Some(asked) => asked,
            None => self.jittered_backoff(attempt),
        };
        // The next attempt needs some of the budget too; no wait may use it all.
        (delay.saturating_add(MIN_RETRY_BUDGET) <= remaining).then_some(delay)
    }

    /// A uniformly random delay up to `initial * 2^(attempt - 1)`, capped at `max`.
    fn jittered_backoff(&self, attempt: u32) -> Duration {
        let doubling = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let ceiling = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Why an attempt failed, when the failure is one a retry may cure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection was never established: nothing was sent.
    Connect,
    /// The attempt ran out of time; the server may have acted.
    Timeout,
    /// HTTP 429, 502, 503 or 504: the server (or a gateway) asks to come back later.
    Status(u16),
}

impl Failure {
    /// The failure of a transport error, if a retry may cure it.
    pub(crate) fn of_error(error: &crate::HttpError) -> Option<Self> {
        // A connect error is checked first: a connect timeout is a connect error too.
        if error.is_connect() {
            Some(Failure::Connect)
        } else if error.is_timeout() {
            Some(Failure::Timeout)
        } else {
            None
        }
    }

    /// The failure of an HTTP status, if a retry may cure it.
    pub(crate) fn of_status(status: u16) -> Option<Self> {
        matches!(status, 429 | 502 | 503 | 504).then_some(Failure::Status(status))
    }

    fn allows_retry(self, safety: RetrySafety) -> bool {
        matches!(
            (safety, self),
            (_, Failure::Connect) | (RetrySafety::Safe, _)
        )
    }

    /// The reason a retry event gives.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Failure::Connect => "connect error",
            Failure::Timeout => "timeout",
            Failure::Status(429) => "HTTP 429",
            Failure::Status(502) => "HTTP 502",
            Failure::Status(503) => "HTTP 503",
            Failure::Status(_) => "HTTP 504",
        }
    }
}

/// The `Retry-After` header (RFC 9110, section 10.2.3) as a delay from `now`: whole
/// seconds, or an HTTP date (a date already past is no delay). `None` when absent or
/// unreadable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(60);

    #[test]
    fn safe_operations_retry_every_curable_failure_and_never_ones_only_connect_errors() {
        let policy = RetryPolicy::default();
        for failure in [
            Failure::Connect,
            Failure::Timeout,
            Failure::Status(429),
            Failure::Status(503),
        ] {
            assert!(policy
                .delay(RetrySafety::Safe, failure, 1, None, LONG)
                .is_some());
            let never = policy.delay(RetrySafety::Never, failure, 1, None, LONG);
            assert_eq!(never.is_some(), failure == Failure::Connect, "{failure:?}");
        }
        assert_eq!(Failure::of_status(500), None);
        assert_eq!(Failure::of_status(504), Some(Failure::Status(504)));
    }

    #[test]
    fn only_a_safe_operations_attempt_is_cut_short() {
        let policy = RetryPolicy::default().attempt_timeout(Duration::from_secs(2));
        let remaining = Duration::from_secs(30);
        assert_eq!(
            policy.attempt_budget(RetrySafety::Safe, remaining),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.attempt_budget(RetrySafety::Never, remaining),
            remaining
        );
        let little = Duration::from_millis(500);
        assert_eq!(policy.attempt_budget(RetrySafety::Safe, little), little);
    }

    #[test]
    fn attempts_stop_at_the_maximum_and_none_never_retries() {
        let policy = RetryPolicy::default().max_attempts(2);
        assert!(policy
            .delay(RetrySafety::Safe, Failure::Connect, 1, None, LONG)
            .is_some());
        assert!(policy
            .delay(RetrySafety::Safe, Failure::Connect, 2, None, LONG)
            .is_none());
        let none = RetryPolicy::none();
        assert!(none
            .delay(RetrySafety::Safe, Failure::Connect, 1, None, LONG)
            .is_none());
        assert_eq!(RetryPolicy::default().max_attempts(0), none);
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_capped_ceiling() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(300));
        for (attempt, ceiling) in [(1, 100), (2, 200), (3, 300), (40, 300)] {
            let delays: Vec<Duration> =
                (0..200).map(|_| policy.jittered_backoff(attempt)).collect();
            let ceiling = Duration::from_millis(ceiling);
            assert!(delays.iter().all(|delay| *delay <= ceiling), "{attempt}");
            // Full jitter: the delays spread over the range rather than sit at the top.
            assert!(delays.iter().any(|delay| *delay < ceiling / 2), "{attempt}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_cap_and_the_remaining_budget() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let asked = Some(Duration::from_secs(2));
        let delay = policy.delay(RetrySafety::Safe, Failure::Status(503), 1, asked, LONG);
        assert_eq!(delay, asked);
        let too_long = Some(Duration::from_secs(6));
        assert_eq!(
            policy.delay(RetrySafety::Safe, Failure::Status(503), 1, too_long, LONG),
            None
        );
        let short_budget = Duration::from_secs(2) + MIN_RETRY_BUDGET / 2;
        assert_eq!(
            policy.delay(
                RetrySafety::Safe,
                Failure::Status(503),
                1,
                asked,
                short_budget
            ),
            None
        );
    }

    #[test]
    fn a_retry_is_made_only_with_time_left_to_finish() {
        let policy = RetryPolicy::default();
        let asked = Duration::from_millis(300);
        let delay = |remaining| {
            policy.delay(
                RetrySafety::Safe,
                Failure::Status(503),
                1,
                Some(asked),
                remaining,
            )
        };
        assert_eq!(delay(asked + MIN_RETRY_BUDGET), Some(asked));
        assert_eq!(
            delay(asked + MIN_RETRY_BUDGET - Duration::from_millis(1)),
            None
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, now), None);
        headers.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        // 2015-10-21 07:28:00 UTC is `now`; 07:28:30 is 30 seconds later.
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:30 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));
        headers.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:27:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, now), None);
    }
}
