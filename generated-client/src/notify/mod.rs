//! Notifications: what the platform posts to the customer's URL. A [`Receiver`] checks a
//! delivery and parses its body into a typed [`Notification`], handed over in a
//! [`Delivery`]; the handler acts on it, calls [`Delivery::processed`], and answers
//! [`ACKNOWLEDGEMENT`]. It refuses, in this order:
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
//! 5. with [`Receiver::replay_protection`], a delivery already processed within the
//!    replay window ([`NotifyError::Replayed`]: answer [`ACKNOWLEDGEMENT`]) or being
//!    processed now ([`NotifyError::InProgress`]: answer an error, so it comes again),
//!    by `x-lf-delivery` id or by signed content (see [`replay`]); an `x-lf-delivery` id
//!    longer than [`Receiver::max_delivery_id_len`] ([`DEFAULT_MAX_DELIVERY_ID_LEN`]
//!    bytes); or a delivery the store has no room for.
//!
//! A delivery is claimed in the replay store only after every other check passed, so a
//! forged or malformed one never takes a place there; and it is recorded as processed
//! only when the handler says so ([`Delivery::processed`]): a delivery whose handler
//! failed is forgotten, so the platform's retry is processed, not refused.
//!
//! Replay protection is only as long as the replay window: a delivery without a
//! timestamp (kinds with none documented, such as `PlanOrderStatusChange`, and signed
//! bodies of no documented kind, [`Notification::Unrecognized`]) is never refused for
//! its age, so once the store has forgotten it (after the window) a captured copy is
//! accepted again. Act on such deliveries idempotently, or confirm them against the API.
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

pub(crate) mod freshness;
pub mod replay;
mod signature;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use self::freshness::Freshness;
pub use self::freshness::{DEFAULT_MAX_AGE, DEFAULT_MAX_FUTURE_SKEW};
pub use self::replay::{Claim, Claimed, MemoryReplayStore, ReplayStore, DEFAULT_REPLAY_CAPACITY};
pub use self::signature::signature;
pub use crate::generated::notifications::*;

/// The default [`Receiver::max_delivery_id_len`], in bytes: ids are kept in the replay
/// store, so their size is bounded. The documentation gives no format for the id.
pub const DEFAULT_MAX_DELIVERY_ID_LEN: usize = 128;

/// The reply a handler sends for a notification it accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The HTTP status to answer with.
    pub status: u16,
    /// The body to answer with.
    pub body: &'static str,
    /// Whether a recovered page documents this reply (if not, it is the conventional one).
    pub documented: bool,
}

/// Why a delivery was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifyError {
    /// The body is not JSON (the parser's message).
    #[error("the body is not JSON: {0}")]
    InvalidJson(String),
    /// The body is JSON, but not an object.
    #[error("the body is not a JSON object")]
    NotAnObject,
    /// The kind requires a signature and the header is absent.
    #[error("the `{header}` signature header is missing{}", unsigned_hint(*.kind))]
    MissingSignature {
        /// The signature header's name.
        header: &'static str,
        /// The kind of the notification, when the body says.
        kind: Option<NotificationKind>,
    },
    /// The signature header does not match the body.
    #[error("the `{header}` signature does not match the body")]
    BadSignature {
        /// The signature header's name.
        header: &'static str,
    },
    /// The event's timestamp field is missing or not a timestamp.
    #[error("`{field}` is missing or not a timestamp")]
    InvalidTimestamp {
        /// The timestamp field's wire name.
        field: &'static str,
    },
    /// The event is older than [`Receiver::max_age`] allows.
    #[error("the event is {age:?} old, more than the {max_age:?} allowed")]
    Stale {
        /// How old the event is.
        age: Duration,
        /// The age allowed.
        max_age: Duration,
    },
    /// The event's timestamp is later than now by more than [`Receiver::max_future_skew`] allows.
    #[error("the event is {ahead:?} in the future, more than the {max_future_skew:?} allowed")]
    FromTheFuture {
        /// How far ahead of the clock the timestamp is.
        ahead: Duration,
        /// The skew allowed.
        max_future_skew: Duration,
    },
    /// The body does not decode into its kind's payload.
    #[error("the body does not match {kind:?}: {reason}")]
    Malformed {
        /// The kind the body claims.
        kind: NotificationKind,
        /// What does not match.
        reason: String,
    },
    /// The delivery id header is too long or not printable text.
    #[error("the `{header}` delivery id is {reason}")]
    InvalidDeliveryId {
        /// The delivery id header's name.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The delivery was processed before ([`Delivery::processed`]). Answer
    /// [`ACKNOWLEDGEMENT`], so the platform stops delivering it (see
    /// [`NotifyError::acknowledge`]).
    #[error("the delivery was already processed (a replay)")]
    Replayed,
    /// The same delivery is being processed now (parsed, not yet
    /// [`processed`](Delivery::processed)). Answer an error status, not
    /// [`ACKNOWLEDGEMENT`]: if that handler fails, the platform's next retry is processed.
    #[error("the same delivery is being processed")]
    InProgress,
    /// The replay store has no room; nothing was recorded. Answer an error so the
    /// platform delivers again later.
    #[error("the replay store is full")]
    ReplayStoreFull,
}

impl NotifyError {
    /// Whether to answer [`ACKNOWLEDGEMENT`] despite the error: only for
    /// [`NotifyError::Replayed`], a delivery already processed. Every other error is
    /// answered with an error status, so the platform delivers again (or gives up).
    pub fn acknowledge(&self) -> bool {
        matches!(self, NotifyError::Replayed)
    }
}

/// A delivery that passed every check: its notification, and its claim in the replay
/// store. Act on the notification, then call [`Delivery::processed`]; dropped
/// unprocessed (the handler failed), the delivery is forgotten, so the platform's retry
/// is processed rather than refused as a replay. Without replay protection, `processed`
/// does nothing.
#[must_use = "call `processed()` once the handler has acted on the delivery; dropping it forgets the delivery"]
#[derive(Debug)]
pub struct Delivery {
    notification: Notification,
    claim: Claim,
}

impl Delivery {
    /// The parsed, checked notification.
    pub fn notification(&self) -> &Notification {
        &self.notification
    }

    /// Records the delivery as processed: the same delivery is then
    /// [`NotifyError::Replayed`] for the [`Receiver::replay_window`].
    pub fn processed(self) {
        self.claim.processed();
    }

    /// The notification and the claim, for a handler that needs to own the notification
    /// while it acts; call [`Claim::processed`] after it succeeded.
    pub fn into_parts(self) -> (Notification, Claim) {
        (self.notification, self.claim)
    }
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

    /// Claims each accepted delivery in `store` while it is handled
    /// ([`NotifyError::InProgress`] for a duplicate meanwhile), remembers it for
    /// [`Receiver::replay_window`] once [`Delivery::processed`], and refuses it when it
    /// comes again ([`NotifyError::Replayed`]). Clones of this receiver share the store;
    /// e.g. `Arc::new(MemoryReplayStore::new())`.
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
    /// documented kind is [`Notification::Unrecognized`]. With replay protection, the
    /// delivery is claimed until [`Delivery::processed`] (or dropped).
    pub fn parse(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<Delivery, NotifyError> {
        let object = json_object(body)?;
        let kind = NotificationKind::of_body(&object);
        let content = self.check(kind, headers, &object)?;
        let notification = match kind {
            Some(kind) => decode(kind, object)?,
            None => Notification::Unrecognized(Value::Object(object)),
        };
        let claim = self.claim(headers, &content)?;
        Ok(Delivery {
            notification,
            claim,
        })
    }

    /// Checks and parses a delivery known to be of `kind` (e.g. by the URL it came to);
    /// see [`Receiver::parse`].
    pub fn parse_as(
        &self,
        kind: NotificationKind,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<Delivery, NotifyError> {
        let object = json_object(body)?;
        let content = self.check(Some(kind), headers, &object)?;
        let notification = decode(kind, object)?;
        let claim = self.claim(headers, &content)?;
        Ok(Delivery {
            notification,
            claim,
        })
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
                .check(body, field, unit, crate::family::now_since_epoch())?;
        }
        Ok(expected)
    }

    /// Claims an accepted delivery in the replay store, if there is one.
    fn claim(&self, headers: &http::HeaderMap, content: &str) -> Result<Claim, NotifyError> {
        let Some(store) = &self.replay else {
            return Ok(Claim::none());
        };
        // Namespaced, so a delivery id can never match a signature.
        let mut keys = vec![format!("content:{content}")];
        keys.extend(
            self.delivery_id(headers)?
                .map(|id| format!("delivery:{id}")),
        );
        Claim::new(store, keys, self.replay_window())
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
        let value = unit.now().to_string();
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
