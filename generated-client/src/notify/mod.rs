//! Notifications: what the platform posts to the customer's URL. A [`Receiver`] checks a
//! delivery and parses its body into a typed [`Notification`]; [`ACKNOWLEDGEMENT`] is
//! the reply to send. It refuses, in this order:
//!
//! 1. a body that is not a JSON object;
//! 2. a missing `x-lf-md5` signature (unless the kind is accepted unsigned, see
//!    [`Receiver::accept_unsigned`]) or one that does not match (compared in constant
//!    time; see [`signature`] for how it is computed);
//! 3. an event whose documented timestamp is older than [`Receiver::max_age`]
//!    ([`DEFAULT_MAX_AGE`], 5 minutes, the request validity the vendor documents), more
//!    than [`Receiver::max_future_skew`] ahead ([`DEFAULT_MAX_FUTURE_SKEW`], 1 minute),
//!    or, with a maximum age, missing;
//! 4. a body that does not match its kind;
//! 5. with [`Receiver::replay_protection`], a delivery already accepted within the
//!    replay window (by `x-lf-delivery` id or by signed content; see [`replay`]), an
//!    `x-lf-delivery` id longer than [`Receiver::max_delivery_id_len`]
//!    ([`DEFAULT_MAX_DELIVERY_ID_LEN`] bytes), or a delivery the store has no room for.
//!
//! A delivery is recorded as seen only after every other check passed, so a forged or
//! malformed one never takes a place in the replay store.
//!
//! Limits of the vendor's scheme that no receiver can fix:
//! - The signature form `key=value&…&secret` does not escape `&` or `=` inside values,
//!   so two bodies can share a signature (`{"a": "1&b=2"}` and `{"a": "1", "b": "2"}`).
//!   Do not let a handler's behaviour depend on how such text splits into fields.
//! - Empty fields are not signed, so the kind is told only by non-empty fields, and
//!   with a maximum age an event must carry its timestamp.
//! - `x-lf-delivery` is listed (string, optional, no description) on the SMS callback
//!   and order-status pages and in the notification overview, but nothing says whether
//!   a retry keeps it, and it is not signed.
//! - The order-status page says its headers are not implemented yet: anyone who can
//!   reach the URL can forge such deliveries, and fill a replay store shared with them.
//!   Give kinds accepted unsigned their own receiver and store.

mod freshness;
pub mod replay;
mod signature;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use self::freshness::Freshness;
pub use self::freshness::{DEFAULT_MAX_AGE, DEFAULT_MAX_FUTURE_SKEW};
pub use self::replay::{MemoryReplayStore, Remembered, ReplayStore, DEFAULT_REPLAY_CAPACITY};
pub use self::signature::signature;
pub use crate::generated::notifications::*;

/// The default [`Receiver::max_delivery_id_len`], in bytes: ids are kept in the replay
/// store, so their size is bounded. The documentation gives no format for the id.
pub const DEFAULT_MAX_DELIVERY_ID_LEN: usize = 128;

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
    #[error("the event is {ahead:?} in the future, more than the {max_future_skew:?} allowed")]
    FromTheFuture {
        ahead: Duration,
        max_future_skew: Duration,
    },
    #[error("the body does not match {kind:?}: {reason}")]
    Malformed {
        kind: NotificationKind,
        reason: String,
    },
    #[error("the `{header}` delivery id is {reason}")]
    InvalidDeliveryId {
        header: &'static str,
        reason: &'static str,
    },
    /// The delivery was accepted before. A handler that processed it should still
    /// answer [`ACKNOWLEDGEMENT`], so the platform stops delivering it.
    #[error("the delivery was already accepted (a replay)")]
    Replayed,
    /// The replay store has no room; nothing was recorded. Answer an error so the
    /// platform delivers again later.
    #[error("the replay store is full")]
    ReplayStoreFull,
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
/// Clones share the replay store.
#[derive(Clone)]
pub struct Receiver {
    secret: String,
    unsigned: Vec<NotificationKind>,
    freshness: Freshness,
    replay: Option<Arc<dyn ReplayStore>>,
    max_delivery_id_len: usize,
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("secret", &"<redacted>")
            .field("unsigned", &self.unsigned)
            .field("max_age", &self.freshness.max_age)
            .field("max_future_skew", &self.freshness.max_future_skew)
            .field("replay_protection", &self.replay.is_some())
            .field("max_delivery_id_len", &self.max_delivery_id_len)
            .finish()
    }
}

impl Receiver {
    /// A receiver that requires a valid signature on every delivery and refuses events
    /// older than [`DEFAULT_MAX_AGE`] or more than [`DEFAULT_MAX_FUTURE_SKEW`] ahead. It
    /// has no replay protection until [`Receiver::replay_protection`].
    pub fn new(secret: impl Into<String>) -> Self {
        Self {
            secret: secret.into(),
            unsigned: Vec::new(),
            freshness: Freshness {
                max_age: Some(DEFAULT_MAX_AGE),
                max_future_skew: DEFAULT_MAX_FUTURE_SKEW,
            },
            replay: None,
            max_delivery_id_len: DEFAULT_MAX_DELIVERY_ID_LEN,
        }
    }

    /// Accepts `kind` without a signature header (a header that is present is still
    /// checked). For kinds the documentation says are not signed yet; anyone who can
    /// reach the URL can forge them, so check them against the API before acting.
    pub fn accept_unsigned(mut self, kind: NotificationKind) -> Self {
        self.unsigned.push(kind);
        self
    }

    /// Refuses events whose documented timestamp field is older than `max_age`, or
    /// missing ([`DEFAULT_MAX_AGE`] unless set). The platform's retry policy is not
    /// documented: if it redelivers old events, widen this or use
    /// [`Receiver::without_max_age`].
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.freshness.max_age = Some(max_age);
        self
    }

    /// Accepts events of any age, and events without a timestamp. Replays of old
    /// deliveries are then refused only while the replay store remembers them (for
    /// [`DEFAULT_MAX_AGE`] plus the skew).
    pub fn without_max_age(mut self) -> Self {
        self.freshness.max_age = None;
        self
    }

    /// Refuses events whose timestamp is more than `skew` ahead of this host's clock
    /// ([`DEFAULT_MAX_FUTURE_SKEW`] unless set); applies even without a maximum age.
    pub fn max_future_skew(mut self, skew: Duration) -> Self {
        self.freshness.max_future_skew = skew;
        self
    }

    /// Remembers each accepted delivery in `store` for [`Receiver::replay_window`] and
    /// refuses it when it comes again ([`NotifyError::Replayed`]). Clones of this
    /// receiver share the store; e.g. `Arc::new(MemoryReplayStore::new())`.
    pub fn replay_protection(mut self, store: Arc<dyn ReplayStore>) -> Self {
        self.replay = Some(store);
        self
    }

    /// Refuses `x-lf-delivery` ids longer than `len` bytes when replay protection is on
    /// ([`DEFAULT_MAX_DELIVERY_ID_LEN`] unless set).
    pub fn max_delivery_id_len(mut self, len: usize) -> Self {
        self.max_delivery_id_len = len;
        self
    }

    /// How long the replay store remembers a delivery: the time its timestamp stays
    /// acceptable, the maximum age (the default one when none is set) plus the skew.
    pub fn replay_window(&self) -> Duration {
        self.freshness.window()
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
        let content = self.check(kind, headers, &object)?;
        let notification = match kind {
            Some(kind) => decode(kind, object)?,
            None => Notification::Unrecognized(Value::Object(object)),
        };
        self.remember(headers, &content)?;
        Ok(notification)
    }

    /// Checks and parses a delivery known to be of `kind` (e.g. by the URL it came to).
    pub fn parse_as(
        &self,
        kind: NotificationKind,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<Notification, NotifyError> {
        let object = json_object(body)?;
        let content = self.check(Some(kind), headers, &object)?;
        let notification = decode(kind, object)?;
        self.remember(headers, &content)?;
        Ok(notification)
    }

    /// Checks the signature and the timestamp; returns the body's signature, which
    /// identifies its signed content.
    fn check(
        &self,
        kind: Option<NotificationKind>,
        headers: &http::HeaderMap,
        body: &Map<String, Value>,
    ) -> Result<String, NotifyError> {
        let header = SIGNATURE_HEADER;
        let expected = signature(body, &self.secret);
        match headers.get(header) {
            Some(given) => {
                if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
                    return Err(NotifyError::BadSignature { header });
                }
            }
            None if kind.is_some_and(|k| self.unsigned.contains(&k)) => {}
            None => return Err(NotifyError::MissingSignature { header, kind }),
        }
        if let Some((field, unit)) = kind.and_then(NotificationKind::timestamp) {
            self.freshness
                .check(body, field, unit, since_epoch(SystemTime::now()))?;
        }
        Ok(expected)
    }

    /// Records an accepted delivery in the replay store, if there is one.
    fn remember(&self, headers: &http::HeaderMap, content: &str) -> Result<(), NotifyError> {
        let Some(store) = &self.replay else {
            return Ok(());
        };
        // Namespaced, so a delivery id can never match a signature.
        let content = format!("content:{content}");
        let delivery = self
            .delivery_id(headers)?
            .map(|id| format!("delivery:{id}"));
        let mut keys = vec![content.as_str()];
        keys.extend(delivery.as_deref());
        let now = SystemTime::now();
        let expires = later_by(now, self.replay_window());
        match store.remember(&keys, now, expires) {
            Remembered::New => Ok(()),
            Remembered::Replay => Err(NotifyError::Replayed),
            Remembered::Full => Err(NotifyError::ReplayStoreFull),
        }
    }

    /// The `x-lf-delivery` header, if the spec names one and the delivery carries it.
    fn delivery_id<'h>(
        &self,
        headers: &'h http::HeaderMap,
    ) -> Result<Option<&'h str>, NotifyError> {
        let Some(header) = DELIVERY_HEADER else {
            return Ok(None);
        };
        let Some(value) = headers.get(header) else {
            return Ok(None);
        };
        let invalid = |reason| NotifyError::InvalidDeliveryId { header, reason };
        if value.len() > self.max_delivery_id_len {
            return Err(invalid("too long"));
        }
        let id = value.to_str().map_err(|_| invalid("not visible ASCII"))?;
        if id.is_empty() {
            return Err(invalid("empty"));
        }
        Ok(Some(id))
    }
}

/// `at + by`, or the latest time this platform can represent near it when that overflows
/// (`max_age(Duration::MAX)`): a window too long to represent is "forever", never "now".
fn later_by(at: SystemTime, mut by: Duration) -> SystemTime {
    // Halving reaches a representable sum within ~100 steps (`at + 0` always is).
    loop {
        if let Some(later) = at.checked_add(by) {
            return later;
        }
        by /= 2;
    }
}

fn since_epoch(now: SystemTime) -> Duration {
    now.duration_since(UNIX_EPOCH).unwrap_or_default()
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

/// Sets the documented timestamp field of a `kind` body to now, as the platform would
/// when it sends an event (the mock sends documented examples, whose times are old).
#[cfg(feature = "mock")]
pub(crate) fn stamp_now(kind: NotificationKind, body: &mut Value) {
    if let (Some((field, unit)), Some(fields)) = (kind.timestamp(), body.as_object_mut()) {
        let now = since_epoch(SystemTime::now());
        let value = match unit {
            crate::TimestampUnit::Seconds => now.as_secs().to_string(),
            crate::TimestampUnit::Milliseconds => now.as_millis().to_string(),
        };
        // The documented examples write times as strings; keep a number a number.
        let stamped = match fields.get(field) {
            Some(Value::Number(_)) => value
                .parse()
                .map(Value::Number)
                .unwrap_or(Value::String(value)),
            _ => Value::String(value),
        };
        fields.insert(field.to_string(), stamped);
    }
}
