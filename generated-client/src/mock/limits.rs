//! The mock's limits (#12, #13), each a constant default with a [`MockServerBuilder`]
//! setter.
//!
//! [`MockServerBuilder`]: super::MockServerBuilder

use std::time::Duration;

/// How many requests [`MockServer::received`](super::MockServer::received) keeps: the
/// last 1,000.
pub const REQUEST_LOG_CAPACITY: usize = 1_000;

/// How many bytes of each request's body (and, separately, of its headers, its method and
/// its path) the request log keeps: 16 KiB. A longer body is kept as this prefix, its
/// length and no decoded request, so the log holds at most about 1,000 × 112 KiB however
/// large the requests.
pub const RECORDED_BODY_BYTES: usize = 16 * 1024;

/// The largest request body the mock reads: 2 MiB (the API's requests are a few KiB).
/// A larger one is refused with [`Failure::BodyTooLarge`](super::Failure::BodyTooLarge).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// How long a client has to send a request's line and headers, counted from when the
/// mock starts waiting for them (on connecting, or after the previous response of a
/// kept-alive connection): 10 s. Slower clients are disconnected.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a connection may go without a byte read or written before the mock closes
/// it (a stalled body, a client that stops reading its response): 30 s.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest [`HEADER_READ_TIMEOUT`] or [`IDLE_TIMEOUT`] a mock accepts: 1 day. Longer
/// ones are cut to it: deadlines are `now + timeout`, which a huge timeout (like
/// `Duration::MAX`) would overflow.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// How many connections the mock serves at once: 512. Further clients wait in the
/// listener's backlog until a connection ends, so the mock never runs out of file
/// descriptors; the timeouts above make sure connections do end.
pub const MAX_CONNECTIONS: usize = 512;

/// The limits a mock runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub request_log_capacity: usize,
    pub recorded_body_bytes: usize,
    pub max_body_bytes: usize,
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            request_log_capacity: REQUEST_LOG_CAPACITY,
            recorded_body_bytes: RECORDED_BODY_BYTES,
            max_body_bytes: MAX_BODY_BYTES,
            header_read_timeout: HEADER_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}
