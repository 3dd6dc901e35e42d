//! The `tracing` span of a call and the event of a retry. They carry what the operation
//! is and how it went, never what was sent: no secret, token, signature, URL or body.

use std::time::Duration;

use tokio::time::Instant;
use tracing::field::Empty;
use tracing::Span;

use crate::endpoint::Operation;
use crate::retry::Failure;
use crate::Error;

/// The span of one call, at `INFO` under the target `linksfield`: the endpoint, family
/// and HTTP method now; the attempts made, the final HTTP status, the vendor's code and
/// the elapsed time when the call ends ([`finish`]). Without a subscriber interested in
/// it, this is a disabled span and recording into it does nothing.
pub(crate) fn call_span(operation: &Operation) -> Span {
    tracing::info_span!(
        target: "linksfield",
        "call",
        endpoint = operation.name,
        family = operation.family.name,
        http.method = operation.method,
        attempt = Empty,
        http.status = Empty,
        vendor_code = Empty,
        elapsed_ms = Empty,
    )
}

/// The event before a retry: which attempt failed, why, and how long the client waits.
pub(crate) fn retrying(attempt: u32, failure: Failure, delay: Duration) {
    tracing::info!(
        target: "linksfield",
        attempt,
        reason = failure.reason(),
        delay_ms = millis(delay),
        "retrying"
    );
}

/// Records how the call ended (nothing, not even the clock, when the span is disabled).
/// The vendor's code is the envelope's: the family's success
/// code on success, the error's code otherwise (none when no envelope was read).
pub(crate) fn finish<T>(
    span: &Span,
    attempts: u32,
    status: Option<u16>,
    started: Instant,
    success_code: &str,
    result: &Result<T, Error>,
) {
    if span.is_disabled() {
        return;
    }
    span.record("attempt", attempts);
    if let Some(status) = status {
        span.record("http.status", status);
    }
    let vendor_code = match result {
        Ok(_) => Some(success_code),
        Err(Error::Api { code, .. } | Error::UnexpectedData { code, .. }) => Some(code.as_str()),
        Err(_) => None,
    };
    if let Some(code) = vendor_code {
        span.record("vendor_code", code);
    }
    span.record("elapsed_ms", millis(started.elapsed()));
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
