//! One request through the mock: route, parse, authenticate, decode, apply, answer.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use futures_util::StreamExt;
use serde_json::{json, Map, Value};
use subtle::ConstantTimeEq;

use super::log::Arrival;
use super::state::{Answer, StateError};
use super::Shared;
use crate::family::{Auth, CodeType, Family, Fill};
use crate::notify::freshness::Freshness;
use crate::notify::NotifyError;
use crate::sync::lock;
use crate::{signing, MockRequest, ValidationErrors, OPERATIONS};

/// Why the mock refused a request. Each has its own code; the codes are the mock's own,
/// since the vendor's status-code table is not documented (`M…` for string-coded families,
/// `9…` for integer-coded ones; the Mall's documented token code `7` is kept).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// No operation is served at this method and path.
    UnknownPath {
        /// The request's method.
        method: String,
        /// The request's path.
        path: String,
    },
    /// The body is not JSON (the parser's message).
    MalformedJson(String),
    /// The signature or token is missing or wrong (which, and why).
    Unauthenticated(String),
    /// The request's timestamp is older than the family's documented validity, or ahead
    /// of the mock's clock by more than [`MAX_FUTURE_SKEW`] (by how much).
    Expired(String),
    /// The body breaks the operation's documented rules.
    Invalid(ValidationErrors),
    /// The order id names no order the mock knows.
    UnknownOrder(String),
    /// The order is not in a status the operation accepts (which status it is in).
    WrongOrderStatus(String),
    /// The body is longer than the mock reads (see
    /// [`max_body_bytes`](super::MockServerBuilder::max_body_bytes)).
    BodyTooLarge {
        /// The most the mock reads, in bytes.
        limit: usize,
    },
    /// The body could not be read (the client went away mid-body, say).
    UnreadableBody(String),
}

impl Failure {
    fn number(&self) -> u16 {
        match self {
            Failure::UnknownPath { .. } => 404,
            Failure::MalformedJson(_) => 400,
            Failure::Unauthenticated(_) => 401,
            Failure::Expired(_) => 408,
            Failure::Invalid(_) => 422,
            Failure::UnknownOrder(_) => 410,
            Failure::WrongOrderStatus(_) => 409,
            Failure::BodyTooLarge { .. } => 413,
            Failure::UnreadableBody(_) => 400,
        }
    }

    /// The code in the family's envelope format.
    pub fn code(&self, family: &Family) -> Value {
        match (family.envelope.code_type, self, family.auth) {
            (CodeType::Integer, Failure::Unauthenticated(_), Auth::AccessTokenHeader { .. }) => {
                json!(7)
            }
            (CodeType::Integer, _, _) => json!(9000 + u32::from(self.number())),
            (CodeType::String, _, _) => json!(format!("M{}", self.number())),
        }
    }

    /// The message the error envelope carries.
    pub fn message(&self) -> String {
        match self {
            Failure::UnknownPath { method, path } => {
                format!("no documented operation at {method} {path}")
            }
            Failure::MalformedJson(error) => format!("the body is not JSON: {error}"),
            Failure::Unauthenticated(reason) | Failure::Expired(reason) => reason.clone(),
            Failure::Invalid(errors) => format!("invalid request: {errors}"),
            Failure::UnknownOrder(order_id) => format!("order {order_id} does not exist"),
            Failure::WrongOrderStatus(reason) => reason.clone(),
            Failure::BodyTooLarge { limit } => {
                format!("the body is larger than the mock's limit of {limit} bytes")
            }
            Failure::UnreadableBody(error) => format!("the body could not be read: {error}"),
        }
    }

    fn http_status(&self) -> StatusCode {
        match self {
            Failure::UnknownPath { .. } => StatusCode::NOT_FOUND,
            Failure::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::OK,
        }
    }
}

impl From<StateError> for Failure {
    fn from(error: StateError) -> Self {
        match error {
            StateError::UnknownOrder(order_id) => Failure::UnknownOrder(order_id),
            StateError::WrongStatus {
                order_id,
                status,
                action,
            } => Failure::WrongOrderStatus(format!(
                "cannot {action} order {order_id}: it is {status:?}"
            )),
        }
    }
}

pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> (StatusCode, [(header::HeaderName, &'static str); 1], String) {
    let (method, path) = (method.as_str().to_string(), uri.path().to_string());
    let body = read_body(body, &headers, shared.limits.max_body_bytes).await;
    let (status, answer, decoded) = match serve(&shared, &method, &path, &headers, &body) {
        Ok((answer, decoded)) => (StatusCode::OK, answer, Some(decoded)),
        Err((family, failure)) => (
            failure.http_status(),
            error_envelope(family, &failure),
            None,
        ),
    };
    lock(&shared.received).push(Arrival {
        method,
        path,
        headers: &headers,
        body: &body.bytes,
        body_len: body.len,
        decoded,
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        answer.to_string(),
    )
}

/// A request body, read up to the mock's limit.
struct ReadBody {
    /// What was read: all of it, or a prefix when `problem` says why not.
    bytes: Vec<u8>,
    /// The body's length, as far as known (the declared length of a refused body).
    len: usize,
    problem: Option<Failure>,
}

/// Reads at most `limit` bytes: a body declared or found to be longer is not read on.
async fn read_body(body: Body, headers: &HeaderMap, limit: usize) -> ReadBody {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    let too_large = Some(Failure::BodyTooLarge { limit });
    if let Some(len) = declared.filter(|len| *len > limit) {
        return ReadBody {
            bytes: Vec::new(),
            len,
            problem: too_large,
        };
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    let mut chunks = body.into_data_stream();
    while let Some(chunk) = chunks.next().await {
        match chunk {
            Ok(chunk) if bytes.len() + chunk.len() > limit => {
                let len = bytes.len() + chunk.len();
                bytes.extend_from_slice(&chunk[..limit - bytes.len()]);
                return ReadBody {
                    bytes,
                    len,
                    problem: too_large,
                };
            }
            Ok(chunk) => bytes.extend_from_slice(&chunk),
            Err(error) => {
                let len = bytes.len();
                let problem = Some(Failure::UnreadableBody(error.to_string()));
                return ReadBody {
                    bytes,
                    len,
                    problem,
                };
            }
        }
    }
    let len = bytes.len();
    ReadBody {
        bytes,
        len,
        problem: None,
    }
}

type Served = Result<(Value, MockRequest), (&'static Family, Failure)>;

fn serve(
    shared: &Shared,
    method: &str,
    path: &str,
    headers: &HeaderMap,
    body: &ReadBody,
) -> Served {
    let Some(operation) = MockRequest::route(method, path) else {
        let family = OPERATIONS
            .first()
            .map(|op| op.family)
            .unwrap_or(MockRequest::FALLBACK_FAMILY);
        let failure = Failure::UnknownPath {
            method: method.to_string(),
            path: path.to_string(),
        };
        return Err((family, failure));
    };
    let family = operation.family;
    let fail = |failure| (family, failure);
    if let Some(problem) = &body.problem {
        return Err(fail(problem.clone()));
    }
    let value: Value = serde_json::from_slice(&body.bytes)
        .map_err(|error| fail(Failure::MalformedJson(error.to_string())))?;
    if !value.is_object() {
        return Err(fail(Failure::MalformedJson(
            "the body must be a JSON object".to_string(),
        )));
    }
    authenticate(shared, family, headers, &value)
        .map_err(|reason| fail(Failure::Unauthenticated(reason)))?;
    check_timestamp(family, &value, crate::family::now_since_epoch())
        .map_err(|reason| fail(Failure::Expired(reason)))?;
    let request = match MockRequest::decode(method, path, &value) {
        Some(Ok(request)) => request,
        Some(Err(errors)) => return Err(fail(Failure::Invalid(errors))),
        None => {
            return Err(fail(Failure::UnknownPath {
                method: method.into(),
                path: path.into(),
            }))
        }
    };
    let outcome = lock(&shared.orders)
        .apply(&request)
        .map_err(|error| fail(error.into()))?;
    let mut answer = operation
        .example_response
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_else(|| success_envelope(family));
    let data = answer.get_mut(family.envelope.data_field);
    match (outcome, data) {
        (Answer::OrderId { field, id }, Some(data)) => {
            if let Some(slot) = data.get_mut(field) {
                *slot = Value::String(id);
            }
        }
        (Answer::Data(computed), Some(data)) => *data = computed,
        _ => {}
    }
    Ok((answer, request))
}

/// Checks the family's credentials: the CSSS access code and signature, or the Mall token.
fn authenticate(
    shared: &Shared,
    family: &Family,
    headers: &HeaderMap,
    body: &Value,
) -> Result<(), String> {
    let credentials = &shared.credentials;
    match family.auth {
        Auth::AccessTokenHeader { header } => match headers.get(header).map(|v| v.as_bytes()) {
            // Constant-time, like the signature below.
            Some(token) if bool::from(token.ct_eq(credentials.access_token.as_bytes())) => Ok(()),
            Some(_) => Err(format!("`{header}` is not a valid token")),
            None => Err(format!("missing `{header}` header")),
        },
        Auth::HmacSha1Signature => {
            let params = body.as_object().ok_or("the body must be a JSON object")?;
            for field in family.common_fields {
                let value = params
                    .get(field.name)
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                match field.fill {
                    Fill::AccessCode if value != credentials.access_code => {
                        return Err(format!("unknown `{}` {value:?}", field.name));
                    }
                    Fill::Timestamp
                        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        return Err(format!("`{}` must be a numeric timestamp", field.name));
                    }
                    Fill::Constant(expected) if value != expected => {
                        return Err(format!("`{}` must be {expected:?}", field.name));
                    }
                    Fill::Signature => {
                        check_signature(params, field.name, value, &credentials.secret)?
                    }
                    _ => {}
                }
            }
            Ok(())
        }
    }
}

/// How far ahead of the mock's clock a request's timestamp may be, for clocks that
/// disagree: the vendor documents none; the notification receiver's default is the same.
pub const MAX_FUTURE_SKEW: Duration = crate::notify::DEFAULT_MAX_FUTURE_SKEW;

/// The smallest timestamp read as milliseconds: 10^12 ms is 2001, while 10^12 s is
/// about the year 33,700, so near the present the two forms cannot be confused.
const MILLISECONDS_FROM: u64 = 1_000_000_000_000;

/// Refuses a signed request whose timestamp a real server would: older than the family's
/// documented validity (`timestamp.validity` in the spec; CSSS: 5 minutes), or more than
/// [`MAX_FUTURE_SKEW`] ahead. The documentation shows both 10-digit seconds and 13-digit
/// milliseconds, and the client sends either (`ClientBuilder::timestamp_unit`), so the
/// mock accepts both, told apart by size ([`MILLISECONDS_FROM`]). Authentication has
/// already checked that the value is numeric.
fn check_timestamp(family: &Family, body: &Value, now: Duration) -> Result<(), String> {
    let Some(field) = family
        .common_fields
        .iter()
        .find(|field| matches!(field.fill, Fill::Timestamp))
    else {
        return Ok(());
    };
    let value = body
        .get(field.name)
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Ok(value) = value.parse::<u64>() else {
        return Err(format!("`{}` must be a numeric timestamp", field.name));
    };
    let at = if value >= MILLISECONDS_FROM {
        Duration::from_millis(value)
    } else {
        Duration::from_secs(value)
    };
    let window = Freshness {
        max_age: family.timestamp_validity,
        max_future_skew: MAX_FUTURE_SKEW,
    };
    match window.check_at(at, now) {
        Err(NotifyError::FromTheFuture {
            ahead,
            max_future_skew,
        }) => Err(format!(
            "`{}` is {} s ahead of the server's clock (at most {} s allowed)",
            field.name,
            ahead.as_secs(),
            max_future_skew.as_secs()
        )),
        Err(NotifyError::Stale { age, max_age }) => Err(format!(
            "`{}` is {} s old: a request is valid for {} s after its timestamp",
            field.name,
            age.as_secs(),
            max_age.as_secs()
        )),
        Err(other) => Err(other.to_string()),
        Ok(()) => Ok(()),
    }
}

fn check_signature(
    params: &Map<String, Value>,
    field: &str,
    sent: &str,
    secret: &str,
) -> Result<(), String> {
    let expected = signing::sign(secret.as_bytes(), &signing::canonical_string(params, field));
    // Constant-time: the comparison must not reveal how much of a guess was right.
    // (Only the length, which is public, can show.)
    if bool::from(sent.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(format!(
            "`{field}` does not match the request signed with the enterprise secret"
        ))
    }
}

fn success_envelope(family: &Family) -> Value {
    let envelope = &family.envelope;
    let mut object = Map::new();
    let code = match envelope.code_type {
        CodeType::String => json!(envelope.success_code),
        CodeType::Integer => envelope
            .success_code
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(json!(0)),
    };
    object.insert(envelope.code_field.into(), code);
    object.insert(envelope.data_field.into(), Value::Null);
    object.insert(envelope.message_field.into(), json!("SUCCESS"));
    if let Some(flag) = envelope.success_flag_field {
        object.insert(flag.into(), json!(true));
    }
    Value::Object(object)
}

fn error_envelope(family: &Family, failure: &Failure) -> Value {
    let envelope = &family.envelope;
    let mut object = Map::new();
    object.insert(envelope.code_field.into(), failure.code(family));
    object.insert(envelope.data_field.into(), Value::Null);
    object.insert(envelope.message_field.into(), json!(failure.message()));
    if let Some(flag) = envelope.success_flag_field {
        object.insert(flag.into(), json!(false));
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CSSS;

    const NOW: Duration = Duration::from_secs(1_764_000_000);

    fn stamped(seconds: u64) -> Value {
        json!({ "timestamp": seconds.to_string() })
    }

    #[test]
    fn a_timestamp_is_accepted_within_the_documented_validity_and_skew() {
        let validity = CSSS.timestamp_validity.expect("CSSS documents a validity");
        assert_eq!(validity, Duration::from_secs(300));
        let now = NOW.as_secs();
        for seconds in [now, now - 300, now + 60] {
            assert_eq!(check_timestamp(&CSSS, &stamped(seconds), NOW), Ok(()));
        }
    }

    #[test]
    fn a_stale_or_future_timestamp_is_refused_saying_by_how_much() {
        let now = NOW.as_secs();
        let stale = check_timestamp(&CSSS, &stamped(now - 301), NOW).unwrap_err();
        assert!(
            stale.contains("301 s old") && stale.contains("300 s"),
            "{stale}"
        );
        let ahead = check_timestamp(&CSSS, &stamped(now + 61), NOW).unwrap_err();
        assert!(ahead.contains("61 s ahead"), "{ahead}");
    }

    #[test]
    fn millisecond_timestamps_are_read_as_milliseconds() {
        // The documentation shows both forms; the client can send either.
        let millis = |at: Duration| stamped(at.as_millis() as u64);
        assert_eq!(check_timestamp(&CSSS, &millis(NOW), NOW), Ok(()));
        let stale = check_timestamp(&CSSS, &millis(NOW - Duration::from_secs(301)), NOW);
        assert!(stale.unwrap_err().contains("301 s old"));
        let ahead = check_timestamp(&CSSS, &millis(NOW + Duration::from_secs(61)), NOW);
        assert!(ahead.unwrap_err().contains("61 s ahead"));
    }

    #[test]
    fn a_family_without_a_timestamp_field_is_not_checked() {
        assert_eq!(check_timestamp(&crate::ESIM_MALL, &json!({}), NOW), Ok(()));
    }
}
