//! Notifications: every documented example parses once signed, tampering and missing
//! signatures are rejected, stale events can be, and the mock delivers each kind to a
//! real handler that answers with the generated acknowledgement.

use std::sync::atomic::Ordering::SeqCst;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{HeaderMap, HeaderValue};
use linksfield::mock::MockServer;
use linksfield::notify::{
    signature, Delivery, MemoryReplayStore, Notification, NotificationKind, NotifyError, Receiver,
    ACKNOWLEDGEMENT, DELIVERY_HEADER, SIGNATURE_HEADER,
};
use serde_json::Value;

const SECRET: &str = "notify-secret";

fn signed_headers(body: &Value) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let signature = signature(body.as_object().unwrap(), SECRET);
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(&signature).unwrap());
    headers
}

/// What a handler that succeeded gets: the notification, recorded as processed.
fn handled(delivery: Delivery) -> Notification {
    let (notification, claim) = delivery.into_parts();
    claim.processed();
    notification
}

fn example(kind: NotificationKind) -> Value {
    serde_json::from_str(kind.example_body().unwrap()).unwrap()
}

/// The documented example with its timestamp (if the kind has one) set to now: the
/// examples' own times are years old, and stale events are refused by default.
fn fresh(kind: NotificationKind) -> Value {
    let mut body = example(kind);
    if kind.timestamp().is_some() {
        body = stamped(body, 0);
    }
    body
}

#[test]
fn every_documented_example_parses_into_its_kind() {
    let receiver = Receiver::new(SECRET);
    let with_examples: Vec<_> = NotificationKind::ALL
        .iter()
        .filter(|k| k.example_body().is_some())
        .collect();
    assert!(!with_examples.is_empty());
    for &kind in with_examples {
        let body = fresh(kind);
        let parsed = receiver
            .parse(&signed_headers(&body), body.to_string().as_bytes())
            .map(handled)
            .unwrap_or_else(|error| panic!("{}: {error}", kind.name()));
        assert_eq!(parsed.kind(), Some(kind));
    }
}

#[test]
fn the_sms_example_reads_as_documented() {
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let parsed = Receiver::new(SECRET)
        .parse(&signed_headers(&body), body.to_string().as_bytes())
        .map(handled)
        .unwrap();
    let Notification::SmsUplinkTyped(sms) = parsed else {
        panic!("{parsed:?}")
    };
    assert_eq!(sms.sim_id.as_deref(), Some("89860220190123456789"));
    assert_eq!(sms.message_type.as_deref(), Some("Binary"));
    assert_eq!(sms.text_message.as_deref(), Some("发送短信内容"));
}

#[test]
fn a_tampered_body_is_rejected() {
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let headers = signed_headers(&body);
    let mut tampered = body.clone();
    tampered["text_message"] = "something else".into();
    let error = Receiver::new(SECRET)
        .parse(&headers, tampered.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert_eq!(
        error,
        NotifyError::BadSignature {
            header: SIGNATURE_HEADER
        }
    );
    // The wrong secret fails the same way.
    let error = Receiver::new("other")
        .parse(&headers, body.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::BadSignature { .. }), "{error}");
}

#[test]
fn unsigned_deliveries_are_rejected_unless_accepted_for_their_kind() {
    let kind = NotificationKind::PlanOrderStatusChange;
    assert!(
        !kind.signed(),
        "the page says the headers are not implemented yet"
    );
    let body = br#"{"event": "1000", "order_id": "X"}"#;
    let error = Receiver::new(SECRET)
        .parse_as(kind, &HeaderMap::new(), body)
        .map(handled)
        .unwrap_err();
    assert!(error.to_string().contains("accept_unsigned"), "{error}");
    let parsed = Receiver::new(SECRET)
        .accept_unsigned(kind)
        .parse_as(kind, &HeaderMap::new(), body)
        .map(handled)
        .unwrap();
    // The body is undocumented, so it stays raw JSON.
    assert_eq!(
        parsed,
        Notification::PlanOrderStatusChange(serde_json::from_slice(body).unwrap())
    );
    // Accepting one kind unsigned does not accept the others.
    let sms = example(NotificationKind::SmsUplinkTyped).to_string();
    let error = Receiver::new(SECRET)
        .accept_unsigned(kind)
        .parse(&HeaderMap::new(), sms.as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::MissingSignature { .. }));
}

#[test]
fn bodies_of_no_documented_kind_are_unrecognized_but_still_verified() {
    let body: Value = serde_json::json!({"something": "new"});
    let parsed = Receiver::new(SECRET)
        .parse(&signed_headers(&body), body.to_string().as_bytes())
        .map(handled)
        .unwrap();
    assert_eq!(parsed, Notification::Unrecognized(body));
    let error = Receiver::new(SECRET)
        .parse(&HeaderMap::new(), b"[1, 2]")
        .map(handled)
        .unwrap_err();
    assert_eq!(error, NotifyError::NotAnObject);
    let error = Receiver::new(SECRET)
        .parse(&HeaderMap::new(), b"{not json")
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::InvalidJson(_)));
}

#[test]
fn stale_events_are_rejected_against_the_maximum_age_set() {
    // The documented example's received_at is from January 2022.
    let old = example(NotificationKind::SmsUplinkTyped);
    let receiver = Receiver::new(SECRET).max_age(Duration::from_secs(300));
    let error = receiver
        .parse(&signed_headers(&old), old.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::Stale { .. }), "{error}");

    let mut fresh = old.clone();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    fresh["received_at"] = now.to_string().into();
    receiver
        .parse(&signed_headers(&fresh), fresh.to_string().as_bytes())
        .map(handled)
        .unwrap();
    // Without a maximum age, the old event is accepted.
    Receiver::new(SECRET)
        .without_max_age()
        .parse(&signed_headers(&old), old.to_string().as_bytes())
        .map(handled)
        .unwrap();
}

#[test]
fn the_receiver_does_not_print_its_secret() {
    let debug = format!("{:?}", Receiver::new(SECRET));
    assert!(!debug.contains(SECRET), "{debug}");
}

type Seen = Arc<Mutex<Vec<Result<Notification, NotifyError>>>>;

/// A customer's webhook handler, as the README describes it.
async fn handler_at(receiver: Receiver, kind_hint: Option<NotificationKind>) -> (String, Seen) {
    handler_failing(receiver, kind_hint, 0).await
}

/// [`handler_at`] whose work fails (HTTP 500, nothing processed) for its first `failures`
/// deliveries. It logs every parse result; a delivery it acted on is marked processed
/// and acknowledged, a replay is acknowledged too, anything else gets an error status.
async fn handler_failing(
    receiver: Receiver,
    kind_hint: Option<NotificationKind>,
    failures: usize,
) -> (String, Seen) {
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let failures = Arc::new(std::sync::atomic::AtomicUsize::new(failures));
    let app = axum::Router::new().route(
        "/callback",
        axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let (log, receiver, failures) = (log.clone(), receiver.clone(), failures.clone());
            async move {
                let parsed = match kind_hint {
                    Some(kind) => receiver.parse_as(kind, &headers, &body),
                    None => receiver.parse(&headers, &body),
                };
                let status = match parsed {
                    Ok(delivery) => {
                        log.lock()
                            .unwrap()
                            .push(Ok(delivery.notification().clone()));
                        let fail = failures
                            .fetch_update(SeqCst, SeqCst, |left| left.checked_sub(1))
                            .is_ok();
                        if fail {
                            500 // Dropped unprocessed: the retry is processed.
                        } else {
                            delivery.processed();
                            ACKNOWLEDGEMENT.status
                        }
                    }
                    Err(error) => {
                        let status = if error.acknowledge() {
                            ACKNOWLEDGEMENT.status
                        } else if error == NotifyError::InProgress {
                            503
                        } else {
                            400
                        };
                        log.lock().unwrap().push(Err(error));
                        status
                    }
                };
                (
                    axum::http::StatusCode::from_u16(status).unwrap(),
                    ACKNOWLEDGEMENT.body,
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn the_mock_delivers_each_documented_notification_to_a_handler() {
    let mock = MockServer::builder().secret(SECRET).start().await.unwrap();
    let (url, seen) = handler_at(Receiver::new(SECRET), None).await;
    let status = mock
        .send_notification(&url, NotificationKind::SmsUplinkTyped)
        .await
        .unwrap();
    assert_eq!(status, ACKNOWLEDGEMENT.status);
    let parsed = seen.lock().unwrap().pop().unwrap().unwrap();
    assert_eq!(parsed.kind(), Some(NotificationKind::SmsUplinkTyped));

    // A kind without a documented body is sent with a body the test gives, unsigned as
    // documented; the handler must opt in to accepting it.
    let kind = NotificationKind::PlanOrderStatusChange;
    assert!(mock.send_notification(&url, kind).await.is_err());
    let body = serde_json::json!({"order_id": "X"});
    let status = mock
        .send_notification_body(&url, kind, &body)
        .await
        .unwrap();
    assert_eq!(status, 400, "unsigned deliveries are refused by default");
    let (url, seen) = handler_at(Receiver::new(SECRET).accept_unsigned(kind), Some(kind)).await;
    let status = mock
        .send_notification_body(&url, kind, &body)
        .await
        .unwrap();
    assert_eq!(status, ACKNOWLEDGEMENT.status);
    let parsed = seen.lock().unwrap().pop().unwrap().unwrap();
    assert_eq!(parsed, Notification::PlanOrderStatusChange(body));
}

#[tokio::test]
async fn a_delivery_signed_with_another_secret_is_refused() {
    let mock = MockServer::builder()
        .secret("not-ours")
        .start()
        .await
        .unwrap();
    let (url, seen) = handler_at(Receiver::new(SECRET), None).await;
    let status = mock
        .send_notification(&url, NotificationKind::SmsUplinkTyped)
        .await
        .unwrap();
    assert_eq!(status, 400);
    let rejected = seen.lock().unwrap().pop().unwrap().unwrap_err();
    assert!(matches!(rejected, NotifyError::BadSignature { .. }));
}

#[test]
fn an_empty_discriminator_does_not_change_a_bodys_kind() {
    // Empty values are not signed, so adding `"message_type": null` keeps a signature
    // valid; it must not turn the body into an SMS notification.
    let body = serde_json::json!({"something": "else"});
    let headers = signed_headers(&body);
    let mut forged = body.clone();
    forged["message_type"] = Value::Null;
    let parsed = Receiver::new(SECRET)
        .parse(&headers, forged.to_string().as_bytes())
        .map(handled)
        .unwrap();
    assert_eq!(parsed, Notification::Unrecognized(forged));
}

#[test]
fn with_a_maximum_age_an_event_must_carry_its_timestamp() {
    let mut body = example(NotificationKind::SmsUplinkTyped);
    body.as_object_mut().unwrap().remove("received_at");
    let error = Receiver::new(SECRET)
        .max_age(Duration::from_secs(300))
        .parse(&signed_headers(&body), body.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(
        matches!(error, NotifyError::InvalidTimestamp { .. }),
        "{error}"
    );
}

/// `body` with its timestamp field set `offset_ms` from now (negative: in the past).
fn stamped(mut body: Value, offset_ms: i64) -> Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    body["received_at"] = (now + offset_ms).to_string().into();
    body
}

#[test]
fn old_events_are_refused_by_default() {
    // #12: the documented example's received_at (January 2022) used to be accepted.
    let old = example(NotificationKind::SmsUplinkTyped);
    let error = Receiver::new(SECRET)
        .parse(&signed_headers(&old), old.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::Stale { .. }), "{error}");
    // Just inside the documented 5 minutes it is accepted.
    let recent = stamped(old, -4 * 60 * 1000);
    Receiver::new(SECRET)
        .parse(&signed_headers(&recent), recent.to_string().as_bytes())
        .map(handled)
        .unwrap();
}

#[test]
fn far_future_events_are_refused() {
    // #12: a timestamp years ahead was never stale, so it could be replayed forever.
    let receiver = Receiver::new(SECRET).max_age(Duration::from_secs(300));
    let future = stamped(
        example(NotificationKind::SmsUplinkTyped),
        10 * 365 * 86_400_000,
    );
    let error = receiver
        .parse(&signed_headers(&future), future.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(error.to_string().contains("future"), "{error}");
    // A few seconds ahead (clock skew) is fine.
    let skewed = stamped(example(NotificationKind::SmsUplinkTyped), 5_000);
    receiver
        .parse(&signed_headers(&skewed), skewed.to_string().as_bytes())
        .map(handled)
        .unwrap();
}

fn delivered(body: &Value, id: &str) -> HeaderMap {
    let mut headers = signed_headers(body);
    headers.insert(DELIVERY_HEADER.unwrap(), HeaderValue::from_str(id).unwrap());
    headers
}

fn protected() -> Receiver {
    Receiver::new(SECRET).replay_protection(Arc::new(MemoryReplayStore::new()))
}

#[test]
fn the_same_delivery_is_accepted_once() {
    // #12: the same delivery used to be accepted every time it came.
    let receiver = protected();
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let bytes = body.to_string();
    receiver
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .map(handled)
        .unwrap();
    let again = receiver
        .clone()
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .map(handled);
    assert_eq!(again, Err(NotifyError::Replayed));
    // The id is not signed: the same content under a fresh id is the same delivery.
    let renamed = receiver
        .parse(&delivered(&body, "d-2"), bytes.as_bytes())
        .map(handled);
    assert_eq!(renamed, Err(NotifyError::Replayed));
    // So is other content under a used id.
    let other = fresh(NotificationKind::SmsUplinkTyped);
    let mut other = other;
    other["text_message"] = "another".into();
    let reused = receiver
        .parse(&delivered(&other, "d-1"), other.to_string().as_bytes())
        .map(handled);
    assert_eq!(reused, Err(NotifyError::Replayed));
    // Without the header, the content alone identifies it.
    let unnamed = receiver
        .parse(&signed_headers(&body), bytes.as_bytes())
        .map(handled);
    assert_eq!(unnamed, Err(NotifyError::Replayed));
    // A receiver without a store accepts it again, as before.
    Receiver::new(SECRET)
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .map(handled)
        .unwrap();
}

#[test]
fn rejected_deliveries_are_not_recorded() {
    let receiver = protected();
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let bytes = body.to_string();
    // A forged delivery claiming the genuine one's id must not shadow it.
    let mut forged = delivered(&body, "d-1");
    forged.insert(
        SIGNATURE_HEADER,
        HeaderValue::from_static("AAAAAAAAAAAAAAAAAAAAAA=="),
    );
    let error = receiver
        .parse(&forged, bytes.as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::BadSignature { .. }), "{error}");
    // Nor a stale one (signed, but refused for its age).
    let old = example(NotificationKind::SmsUplinkTyped);
    let error = receiver
        .parse(&delivered(&old, "d-1"), old.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::Stale { .. }), "{error}");
    receiver
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .map(handled)
        .unwrap();
}

#[test]
fn a_full_replay_store_refuses_new_deliveries() {
    let receiver =
        Receiver::new(SECRET).replay_protection(Arc::new(MemoryReplayStore::with_capacity(2)));
    let first = fresh(NotificationKind::SmsUplinkTyped);
    receiver
        .parse(&delivered(&first, "d-1"), first.to_string().as_bytes())
        .map(handled)
        .unwrap();
    let mut second = first.clone();
    second["text_message"] = "second".into();
    let error = receiver
        .parse(&delivered(&second, "d-2"), second.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert_eq!(error, NotifyError::ReplayStoreFull);
    // The first is still remembered: refusing, not evicting.
    let again = receiver
        .parse(&delivered(&first, "d-1"), first.to_string().as_bytes())
        .map(handled);
    assert_eq!(again, Err(NotifyError::Replayed));
}

#[test]
fn delivery_ids_are_bounded() {
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let long = "x".repeat(linksfield::notify::DEFAULT_MAX_DELIVERY_ID_LEN + 1);
    let error = protected()
        .parse(&delivered(&body, &long), body.to_string().as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(
        matches!(error, NotifyError::InvalidDeliveryId { .. }),
        "{error}"
    );
    protected()
        .max_delivery_id_len(long.len())
        .parse(&delivered(&body, &long), body.to_string().as_bytes())
        .map(handled)
        .unwrap();
}

#[tokio::test]
async fn a_handler_with_replay_protection_refuses_a_resent_mock_delivery() {
    let mock = MockServer::builder().secret(SECRET).start().await.unwrap();
    let (url, seen) = handler_at(protected(), None).await;
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let kind = NotificationKind::SmsUplinkTyped;
    let status = mock
        .send_notification_body(&url, kind, &body)
        .await
        .unwrap();
    assert_eq!(status, ACKNOWLEDGEMENT.status);
    // The mock numbers each delivery, but the content is the same: a replay, which the
    // handler acknowledges (it was processed) without acting on it again.
    let status = mock
        .send_notification_body(&url, kind, &body)
        .await
        .unwrap();
    assert_eq!(status, ACKNOWLEDGEMENT.status);
    let log = seen.lock().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log.last(), Some(&Err(NotifyError::Replayed)));
}

#[tokio::test]
async fn a_delivery_resent_after_the_handler_failed_is_processed() {
    let mock = MockServer::builder().secret(SECRET).start().await.unwrap();
    let (url, seen) = handler_failing(protected(), None, 1).await;
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let kind = NotificationKind::SmsUplinkTyped;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            mock.send_notification_body(&url, kind, &body)
                .await
                .unwrap(),
        );
    }
    let ack = ACKNOWLEDGEMENT.status;
    assert_eq!(statuses, [500, ack, ack]);
    let log = seen.lock().unwrap();
    assert!(log[0].is_ok() && log[1].is_ok(), "{log:?}");
    assert_eq!(log[2], Err(NotifyError::Replayed));
}

#[test]
fn deeply_nested_bodies_are_refused_without_overflowing_the_stack() {
    let depth = 100_000;
    let body = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
    let error = protected()
        .parse(&HeaderMap::new(), body.as_bytes())
        .map(handled)
        .unwrap_err();
    assert!(matches!(error, NotifyError::InvalidJson(_)), "{error}");
}

/// Hostile deliveries: whatever the headers and body, parsing ends with a result, and
/// accepts only what the secret signed (or a kind accepted unsigned).
mod hostile {
    use super::*;
    use proptest::prelude::*;

    fn header_value() -> impl Strategy<Value = Option<HeaderValue>> {
        prop_oneof![
            Just(None),
            "[ -~]{0,40}".prop_map(|s| HeaderValue::from_str(&s).ok()),
            proptest::collection::vec(any::<u8>(), 0..300)
                .prop_map(|bytes| HeaderValue::from_bytes(&bytes).ok()),
        ]
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::String),
            "[0-9]{0,20}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 12, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                proptest::collection::btree_map(".{0,6}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Bodies near the documented shapes (their field names), and raw bytes.
    fn body() -> impl Strategy<Value = (Vec<u8>, Option<Value>)> {
        let field = prop_oneof![
            Just("message_type".to_string()),
            Just("received_at".to_string()),
            Just("text_message".to_string()),
            Just("sim_id".to_string()),
            ".{0,6}",
        ];
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200).prop_map(|bytes| (bytes, None)),
            proptest::collection::btree_map(field, json_value(), 0..6).prop_map(|m| {
                let value = Value::Object(m.into_iter().collect());
                (value.to_string().into_bytes(), Some(value))
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parsing_never_panics_and_accepts_only_signed_deliveries(
            (bytes, value) in body(),
            given_signature in header_value(),
            sign_it in any::<bool>(),
            delivery in header_value(),
            max_age in proptest::option::of(0u64..1_000_000),
            skew in 0u64..1_000_000,
            unsigned in any::<bool>(),
            small_store in any::<bool>(),
        ) {
            let mut headers = HeaderMap::new();
            let signed = match (&value, sign_it) {
                (Some(Value::Object(fields)), true) => {
                    HeaderValue::from_str(&signature(fields, SECRET)).ok()
                }
                _ => given_signature,
            };
            if let Some(signed) = signed {
                headers.insert(SIGNATURE_HEADER, signed);
            }
            if let Some(delivery) = delivery {
                headers.insert(DELIVERY_HEADER.unwrap(), delivery);
            }
            let store = MemoryReplayStore::with_capacity(if small_store { 1 } else { 64 });
            let mut receiver = Receiver::new(SECRET)
                .max_future_skew(Duration::from_secs(skew))
                .replay_protection(Arc::new(store));
            receiver = match max_age {
                Some(secs) => receiver.max_age(Duration::from_secs(secs)),
                None => receiver.without_max_age(),
            };
            if unsigned {
                receiver = receiver.accept_unsigned(NotificationKind::PlanOrderStatusChange);
            }
            let results = std::iter::once(receiver.parse(&headers, &bytes).map(handled)).chain(
                NotificationKind::ALL
                    .iter()
                    .map(|&kind| receiver.parse_as(kind, &headers, &bytes).map(handled)),
            );
            let fields = value.as_ref().and_then(Value::as_object);
            for notification in results.flatten() {
                let genuine = match (headers.get(SIGNATURE_HEADER), fields) {
                    (Some(given), Some(fields)) => {
                        given.as_bytes() == signature(fields, SECRET).as_bytes()
                    }
                    (None, _) => {
                        unsigned
                            && notification.kind() == Some(NotificationKind::PlanOrderStatusChange)
                    }
                    _ => false,
                };
                prop_assert!(genuine, "accepted {:?} with {:?}", notification, headers);
            }
        }
    }
}

#[test]
fn a_huge_maximum_age_still_refuses_replays() {
    // #12 review: the expiry overflowed to `now`, so nothing was ever remembered.
    let receiver = Receiver::new(SECRET)
        .max_age(Duration::MAX)
        .replay_protection(Arc::new(MemoryReplayStore::new()));
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let bytes = body.to_string();
    receiver
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .map(handled)
        .unwrap();
    let again = receiver
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .map(handled);
    assert_eq!(again, Err(NotifyError::Replayed));
}

#[test]
fn a_delivery_whose_handler_failed_is_processed_when_it_comes_again() {
    // #12 review: parsing recorded the delivery before the handler ran, so the
    // platform's retry after a failed handler was a "replay" and the event was lost.
    let receiver = protected();
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let bytes = body.to_string();
    let first = receiver.parse(&delivered(&body, "d-1"), bytes.as_bytes());
    assert!(first.is_ok());
    drop(first); // The handler failed before it could act on it.
    receiver
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .unwrap()
        .processed();
}

#[test]
fn a_duplicate_of_a_delivery_being_handled_is_in_progress_until_processed() {
    // #12 review: two identical concurrent deliveries: the second must not be
    // acknowledged as a replay before the first was handled (it may still fail).
    let receiver = protected();
    let body = fresh(NotificationKind::SmsUplinkTyped);
    let bytes = body.to_string();
    let first = receiver
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .unwrap();
    for id in ["d-1", "d-2"] {
        let duplicate = receiver.parse(&delivered(&body, id), bytes.as_bytes());
        let error = duplicate.unwrap_err();
        assert_eq!(error, NotifyError::InProgress);
        assert!(!error.acknowledge());
    }
    first.processed();
    let error = receiver
        .parse(&delivered(&body, "d-1"), bytes.as_bytes())
        .unwrap_err();
    assert_eq!(error, NotifyError::Replayed);
    assert!(error.acknowledge());
}
