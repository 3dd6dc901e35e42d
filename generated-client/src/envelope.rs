//! Unwrapping the family's response envelope into typed data or a typed error.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::family::Family;
use crate::Error;

/// Decodes `body` (received with HTTP `status`) into the envelope's `data`.
pub(crate) fn decode<T: DeserializeOwned>(
    family: &'static Family,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let envelope = &family.envelope;
    let malformed = |reason: String| Error::Decode {
        status,
        reason,
        body: String::from_utf8_lossy(body).into_owned(),
    };
    let value: Value =
        serde_json::from_slice(body).map_err(|error| malformed(format!("not JSON: {error}")))?;
    let Value::Object(mut object) = value else {
        return Err(malformed("not a JSON object".to_string()));
    };
    let code = match object.get(envelope.code_field) {
        Some(Value::String(code)) => code.clone(),
        Some(Value::Number(code)) => normalized_number(code),
        _ => {
            return Err(malformed(format!(
                "no `{}` in the envelope",
                envelope.code_field
            )))
        }
    };
    let failed_flag = envelope
        .success_flag_field
        .and_then(|field| object.get(field))
        .and_then(Value::as_bool)
        == Some(false);
    let message = match object.get(envelope.message_field) {
        Some(Value::String(message)) => message.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    if code != envelope.success_code || failed_flag {
        return Err(Error::Api {
            status,
            code,
            message,
            family,
        });
    }
    if !(200..300).contains(&status) {
        return Err(malformed(
            "success envelope with a failing HTTP status".to_string(),
        ));
    }
    let data = object.remove(envelope.data_field).unwrap_or(Value::Null);
    T::deserialize(&data).map_err(|error| Error::UnexpectedData {
        status,
        code,
        message,
        reason: error.to_string(),
        data: data.to_string(),
    })
}

/// `0`, `0.0` and `0e0` are the same code.
fn normalized_number(code: &serde_json::Number) -> String {
    if let Some(integer) = code.as_i64() {
        return integer.to_string();
    }
    match code.as_f64() {
        Some(float) if float.fract() == 0.0 && float.abs() < 1e15 => format!("{}", float as i64),
        _ => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CSSS, ESIM_MALL};

    #[test]
    fn success_yields_data() {
        let body = br#"{"code":"0000","data":{"x":1},"message":"ok","success":true}"#;
        let data: serde_json::Value = decode(&CSSS, 200, body).unwrap();
        assert_eq!(data, serde_json::json!({"x": 1}));
    }

    #[test]
    fn vendor_code_yields_api_error_with_code_and_message() {
        let body = r#"{"code":"1001","data":null,"message":"签名错误","success":false}"#;
        match decode::<()>(&CSSS, 200, body.as_bytes()) {
            Err(Error::Api {
                status,
                code,
                message,
                family,
            }) => {
                assert_eq!(
                    (status, code.as_str(), message.as_str()),
                    (200, "1001", "签名错误")
                );
                assert_eq!(family.name, "csss");
                // Undocumented CSSS codes are kept as text.
                let code = crate::ApiCode::parse(family, "1001").unwrap();
                assert_eq!(
                    code,
                    crate::ApiCode::Csss(crate::CsssCode::Other("1001".into()))
                );
                assert_eq!(code.meaning(), None);
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
    }

    #[test]
    fn success_with_undocumented_data_is_not_reported_as_a_failure() {
        let body = br#"{"code":"0000","data":{"order_id":17},"message":"ok","success":true}"#;
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Order {
            order_id: String,
        }
        match decode::<Order>(&CSSS, 200, body) {
            Err(Error::UnexpectedData { code, data, .. }) => {
                assert_eq!(
                    (code.as_str(), data.as_str()),
                    ("0000", r#"{"order_id":17}"#)
                );
            }
            other => panic!("expected Error::UnexpectedData, got {other:?}"),
        }
    }

    #[test]
    fn numeric_codes_are_normalized() {
        let data: Option<u8> = decode(
            &ESIM_MALL,
            200,
            br#"{"code":0.0,"data":null,"message":"SUCCESS"}"#,
        )
        .unwrap();
        assert_eq!(data, None);
        match decode::<()>(
            &ESIM_MALL,
            200,
            br#"{"code":7.0,"data":null,"message":"expired"}"#,
        ) {
            Err(error @ Error::Api { .. }) => {
                let code = error.api_code().unwrap();
                assert_eq!(
                    code,
                    crate::ApiCode::EsimMall(crate::EsimMallCode::TokenExpired)
                );
                assert_eq!(
                    code.meaning(),
                    Some("expired token (after a token expires, a login is required to get the new token)")
                );
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
    }

    #[test]
    fn non_json_yields_decode_error_with_raw_body() {
        match decode::<()>(&CSSS, 502, b"<html>Bad Gateway</html>") {
            Err(Error::Decode { status, body, .. }) => {
                assert_eq!((status, body.as_str()), (502, "<html>Bad Gateway</html>"));
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
    }
}
