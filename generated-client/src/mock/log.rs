//! The bounded log behind [`MockServer::received`](super::MockServer::received): the last
//! requests only, each with at most a prefix of its body and headers, so a long or hostile
//! run cannot grow the mock's memory without end (#12).

use std::collections::VecDeque;

use axum::http::HeaderMap;

use crate::family::Auth;
use crate::{MockRequest, OPERATIONS};

/// A request as the mock received it, with what it decoded to (if it did).
///
/// Kept in a bounded log: a body longer than the recorded-body limit is kept as its first
/// bytes (`body_truncated`, with its full length in `body_len`) and without `decoded`;
/// headers beyond the same number of bytes are left out, and the method and the path are
/// each kept to that many bytes.
#[derive(Clone, PartialEq)]
pub struct ReceivedRequest {
    /// The HTTP method (at most the recorded-body limit of it).
    pub method: String,
    /// The path (at most the recorded-body limit of it).
    pub path: String,
    /// The headers, names and values, in the order received (within the recorded-body limit).
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8), or its first bytes when `body_truncated`.
    pub body: String,
    /// The body's length in bytes as received (at least the limit when it was refused as
    /// too large).
    pub body_len: usize,
    /// Whether `body` holds only a prefix of the body.
    pub body_truncated: bool,
    /// The operation and request the body decoded to, if it did (and was recorded whole).
    pub decoded: Option<MockRequest>,
}

/// Whether a header carries a credential (a family's access-token header).
fn is_secret_header(name: &str) -> bool {
    OPERATIONS
        .iter()
        .any(|operation| match operation.family.auth {
            Auth::AccessTokenHeader { header } => header.eq_ignore_ascii_case(name),
            Auth::HmacSha1Signature => false,
        })
}

impl std::fmt::Debug for ReceivedRequest {
    /// Like a derived `Debug`, with the values of credential headers redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| match is_secret_header(name) {
                true => (name.as_str(), "<redacted>"),
                false => (name.as_str(), value.as_str()),
            })
            .collect();
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &headers)
            .field("body", &self.body)
            .field("body_len", &self.body_len)
            .field("body_truncated", &self.body_truncated)
            .field("decoded", &self.decoded)
            .finish()
    }
}

/// A ring of the last `capacity` requests.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<ReceivedRequest>,
    capacity: usize,
    max_recorded_bytes: usize,
}

/// What one request brought, before the log trims it.
pub(crate) struct Arrival<'a> {
    pub method: String,
    pub path: String,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    /// The body's full length, when it was larger than what was read.
    pub body_len: usize,
    pub decoded: Option<MockRequest>,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize, max_recorded_bytes: usize) -> Self {
        Self {
            // Grows as requests come, up to `capacity`: an idle mock holds nothing.
            entries: VecDeque::new(),
            capacity,
            max_recorded_bytes,
        }
    }

    pub(crate) fn push(&mut self, arrival: Arrival<'_>) {
        if self.capacity == 0 {
            return;
        }
        let limit = self.max_recorded_bytes;
        let body_truncated = arrival.body.len() > limit || arrival.body_len > arrival.body.len();
        let kept = &arrival.body[..arrival.body.len().min(limit)];
        let entry = ReceivedRequest {
            method: prefix(arrival.method, limit),
            path: prefix(arrival.path, limit),
            headers: recorded_headers(arrival.headers, limit),
            body: String::from_utf8_lossy(kept).into_owned(),
            body_len: arrival.body_len.max(arrival.body.len()),
            body_truncated,
            // A decoded request is about as large as its body: kept only with the whole body.
            decoded: arrival.decoded.filter(|_| !body_truncated),
        };
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn snapshot(&self) -> Vec<ReceivedRequest> {
        self.entries.iter().cloned().collect()
    }
}

/// At most the first `limit` bytes of `text`, cut at a character boundary.
fn prefix(mut text: String, limit: usize) -> String {
    if text.len() > limit {
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// The headers in arrival order, while their names and values fit in `limit` bytes.
fn recorded_headers(headers: &HeaderMap, limit: usize) -> Vec<(String, String)> {
    let mut budget = limit;
    let mut kept = Vec::new();
    for (name, value) in headers {
        let size = name.as_str().len() + value.len();
        if size > budget {
            break;
        }
        budget -= size;
        kept.push((
            name.to_string(),
            String::from_utf8_lossy(value.as_bytes()).into_owned(),
        ));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrival<'a>(headers: &'a HeaderMap, body: &'a [u8]) -> Arrival<'a> {
        Arrival {
            method: "POST".into(),
            path: "/p".into(),
            headers,
            body,
            body_len: body.len(),
            decoded: None,
        }
    }

    #[test]
    fn keeps_only_the_last_requests() {
        let headers = HeaderMap::new();
        let mut log = RequestLog::new(3, 100);
        for n in 0..10u8 {
            log.push(arrival(&headers, &[b'0' + n]));
        }
        let bodies: Vec<String> = log.snapshot().into_iter().map(|r| r.body).collect();
        assert_eq!(bodies, ["7", "8", "9"]);
    }

    #[test]
    fn long_bodies_and_headers_are_kept_as_a_prefix_with_their_length() {
        let mut headers = HeaderMap::new();
        headers.insert("a", "1234".parse().unwrap());
        headers.insert("b", "x".repeat(50).parse().unwrap());
        let mut log = RequestLog::new(3, 8);
        log.push(arrival(&headers, b"0123456789"));
        let entry = &log.snapshot()[0];
        assert_eq!(
            (entry.body.as_str(), entry.body_len, entry.body_truncated),
            ("01234567", 10, true)
        );
        assert_eq!(entry.headers, [("a".to_string(), "1234".to_string())]);
    }

    #[test]
    fn long_paths_and_methods_are_kept_as_a_prefix() {
        // #12 review: a 60,000-character path was stored whole in every entry.
        let headers = HeaderMap::new();
        let mut log = RequestLog::new(3, 8);
        log.push(Arrival {
            method: "M".repeat(60_000),
            path: format!("/{}", "p".repeat(60_000)),
            ..arrival(&headers, b"{}")
        });
        let entry = &log.snapshot()[0];
        assert_eq!((entry.method.len(), entry.path.len()), (8, 8));
        assert!(entry.path.starts_with("/ppp"));
    }

    #[test]
    fn capacity_zero_keeps_nothing() {
        let mut log = RequestLog::new(0, 8);
        log.push(arrival(&HeaderMap::new(), b"{}"));
        assert_eq!(log.len(), 0);
    }

    #[test]
    fn debug_redacts_the_access_token_header() {
        let header = OPERATIONS
            .iter()
            .find_map(|op| match op.family.auth {
                Auth::AccessTokenHeader { header } => Some(header),
                Auth::HmacSha1Signature => None,
            })
            .unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header, "the-token".parse().unwrap());
        let mut log = RequestLog::new(1, 100);
        log.push(arrival(&headers, b"{}"));
        let printed = format!("{:?}", log.snapshot());
        assert!(!printed.contains("the-token"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }
}
