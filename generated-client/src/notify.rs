//! Notifications: what the platform posts to the customer's URL. A [`Receiver`] checks a
//! delivery's signature (constant-time), optionally its age, and parses the body into a
//! typed [`Notification`]; [`ACKNOWLEDGEMENT`] is the reply to send.
//!
//! The signature (`x-lf-md5`) is printed as `base64(md5("key1=value1&key2=value2&secret"))`
//! without saying which keys or in what order. This crate signs every non-empty top-level
//! body field, keys in lexicographic order (the request signature's rule), values as
//! text (strings as they are, anything else as compact JSON); see [`signature`]. That
//! reading is unconfirmed against the real platform. The printed rule does not escape
//! `&` or `=` inside values, so bodies whose text contains them can share a signature;
//! the kind is told only by non-empty fields, and with [`Receiver::max_age`] an event
//! must carry its timestamp.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use md5::{Digest, Md5};
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

pub use crate::generated::notifications::*;
use crate::TimestampUnit;

/// The reply a handler sends for a notification it accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acknowledgement {
    pub status: u16,
    pub body: &'static str,
    /// Whether a recovered page documents this reply (if not, it is the conventional one).
    pub documented: bool,
}

/// Why a delivery was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifyError {
    #[error("the body is not JSON: {0}")]
    InvalidJson(String),
    #[error("the body is not a JSON object")]
    NotAnObject,
    #[error("the `{header}` signature header is missing{}", unsigned_hint(*.kind))]
    MissingSignature {
        header: &'static str,
        kind: Option<NotificationKind>,
    },
    #[error("the `{header}` signature does not match the body")]
    BadSignature { header: &'static str },
    #[error("`{field}` is missing or not a timestamp")]
    InvalidTimestamp { field: &'static str },
    #[error("the event is {age:?} old, more than the {max_age:?} allowed")]
    Stale { age: Duration, max_age: Duration },
    #[error("the body does not match {kind:?}: {reason}")]
    Malformed {
        kind: NotificationKind,
        reason: String,
    },
}

fn unsigned_hint(kind: Option<NotificationKind>) -> String {
    match kind {
        Some(kind) if !kind.signed() => format!(
            " (the documentation says {} is not signed yet; `Receiver::accept_unsigned` accepts it)",
            kind.name()
        ),
        _ => String::new(),
    }
}

/// Checks and parses deliveries with the secret the notifications are signed with.
#[derive(Clone)]
pub struct Receiver {
    secret: String,
    unsigned: Vec<NotificationKind>,
    max_age: Option<Duration>,
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("secret", &"<redacted>")
            .field("unsigned", &self.unsigned)
            .field("max_age", &self.max_age)
            .finish()
    }
}

impl Receiver {
    /// A receiver that requires a valid signature on every delivery.
    pub fn new(secret: impl Into<String>) -> Self {
        Self {
            secret: secret.into(),
            unsigned: Vec::new(),
            max_age: None,
        }
    }

    /// Accepts `kind` without a signature header (a header that is present is still
    /// checked). For kinds the documentation says are not signed yet; anyone who can
    /// reach the URL can forge them, so check them against the API before acting.
    pub fn accept_unsigned(mut self, kind: NotificationKind) -> Self {
        self.unsigned.push(kind);
        self
    }

    /// Rejects events whose documented timestamp field is older than `max_age`. Off by
    /// default: the documented timestamps are event times, and a retried delivery of
    /// an old event is legitimate.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Checks and parses a delivery whose kind is told by its body; a signed body of no
    /// documented kind is [`Notification::Unrecognized`].
    pub fn parse(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<Notification, NotifyError> {
        let object = json_object(body)?;
        let kind = NotificationKind::of_body(&object);
        self.check(kind, headers, &object)?;
        match kind {
            Some(kind) => decode(kind, object),
            None => Ok(Notification::Unrecognized(Value::Object(object))),
        }
    }

    /// Checks and parses a delivery known to be of `kind` (e.g. by the URL it came to).
    pub fn parse_as(
        &self,
        kind: NotificationKind,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<Notification, NotifyError> {
        let object = json_object(body)?;
        self.check(Some(kind), headers, &object)?;
        decode(kind, object)
    }

    fn check(
        &self,
        kind: Option<NotificationKind>,
        headers: &http::HeaderMap,
        body: &Map<String, Value>,
    ) -> Result<(), NotifyError> {
        let header = SIGNATURE_HEADER;
        match headers.get(header) {
            Some(given) => {
                let expected = signature(body, &self.secret);
                if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
                    return Err(NotifyError::BadSignature { header });
                }
            }
            None if kind.is_some_and(|k| self.unsigned.contains(&k)) => {}
            None => return Err(NotifyError::MissingSignature { header, kind }),
        }
        if let (Some(max_age), Some((field, unit))) =
            (self.max_age, kind.and_then(NotificationKind::timestamp))
        {
            check_age(body, field, unit, max_age)?;
        }
        Ok(())
    }
}

fn json_object(body: &[u8]) -> Result<Map<String, Value>, NotifyError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(NotifyError::NotAnObject),
        Err(error) => Err(NotifyError::InvalidJson(error.to_string())),
    }
}

fn decode(kind: NotificationKind, object: Map<String, Value>) -> Result<Notification, NotifyError> {
    Notification::decode(kind, Value::Object(object)).map_err(|error| NotifyError::Malformed {
        kind,
        reason: error.to_string(),
    })
}

fn check_age(
    body: &Map<String, Value>,
    field: &'static str,
    unit: TimestampUnit,
    max_age: Duration,
) -> Result<(), NotifyError> {
    let invalid = NotifyError::InvalidTimestamp { field };
    let value = match body.get(field) {
        Some(Value::String(text)) => text.parse::<u64>().map_err(|_| invalid.clone())?,
        Some(Value::Number(number)) => number.as_u64().ok_or_else(|| invalid.clone())?,
        // With a maximum age set, an event without its time is refused: otherwise
        // dropping the (unsigned-when-empty) field would replay any old delivery.
        None | Some(Value::Null) => return Err(invalid),
        Some(_) => return Err(invalid),
    };
    let at = match unit {
        TimestampUnit::Seconds => Duration::from_secs(value),
        TimestampUnit::Milliseconds => Duration::from_millis(value),
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let age = now.saturating_sub(at);
    if age > max_age {
        return Err(NotifyError::Stale { age, max_age });
    }
    Ok(())
}

/// The `x-lf-md5` signature of a body: `base64(md5("k1=v1&k2=v2&secret"))` over every
/// non-empty top-level field, keys in lexicographic order, strings as they are and other
/// values as compact JSON.
pub fn signature(body: &Map<String, Value>, secret: &str) -> String {
    let mut keys: Vec<&String> = body
        .iter()
        .filter(|(_, value)| !crate::signing::is_empty(value))
        .map(|(key, _)| key)
        .collect();
    keys.sort();
    let mut content = String::new();
    for key in keys {
        content.push_str(key);
        content.push('=');
        match &body[key] {
            Value::String(text) => content.push_str(text),
            other => crate::signing::write_canonical(&mut content, other),
        }
        content.push('&');
    }
    content.push_str(secret);
    let digest = Md5::digest(content.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_an_independently_computed_vector() {
        // printf %s 'imsi=4230001234567&message_type=Binary&n=1&secret' | openssl dgst -md5 -binary | base64
        let body = serde_json::json!({"message_type": "Binary", "imsi": "4230001234567", "n": 1, "empty": ""});
        assert_eq!(
            signature(body.as_object().unwrap(), "secret"),
            "EmU1CQNkYVGoV/dzPFJpjA=="
        );
    }
}
