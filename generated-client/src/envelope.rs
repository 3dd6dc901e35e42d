//! Unwrapping the family's response envelope into typed data or a typed error.
//!
//! The envelope is read in one pass over the body, keeping its parts as slices of it;
//! only `data` is decoded, straight into the operation's type. No JSON tree is built on
//! the way: this runs once per call, so what it allocates counts. Failures take the slow
//! road through a tree, so that they read exactly as a tree-based reader would have them.
//!
//! Fields the envelope does not name are skipped, not validated (serde_json's skipping
//! does not check string escapes, number ranges or nesting depth in them).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::endpoint::Endpoint;
use crate::error::text_prefix;
use crate::family::{CodeType, Envelope, Family};
use crate::Error;

/// Decodes the response to a request of type `E`, received with HTTP `status`, into
/// the envelope's typed `data`, or the error it reports. [`Client`](crate::Client) calls
/// it for every response; call it yourself for a request sent with another HTTP client
/// (see [`Client::prepare`](crate::Client::prepare)).
pub fn decode_response<E: Endpoint>(status: u16, body: &[u8]) -> Result<E::Response, Error> {
    decode(E::OPERATION.family, status, body)
}

/// Decodes `body` (received with HTTP `status`) into the envelope's `data`.
pub(crate) fn decode<T: DeserializeOwned>(
    family: &'static Family,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    let envelope = &family.envelope;
    // Reasons may quote the server's text (serde's messages do), so they are capped too.
    let malformed = |reason: String| Error::Decode {
        status,
        reason: text_prefix(reason.as_bytes()),
        body: text_prefix(body),
    };
    let mut reader = serde_json::Deserializer::from_slice(body);
    let parts = PartsSeed(envelope)
        .deserialize(&mut reader)
        .and_then(|parts| reader.end().map(|()| parts))
        .map_err(|error| malformed(why_not_an_envelope(body, error)))?;
    // A code longer than the cap is never a success code; errors keep its start.
    let (code, written_as) = match parts.code.map(parsed) {
        Some(Parsed::Text(code)) => (text_prefix(code.as_bytes()), CodeType::String),
        Some(Parsed::Number(code)) => (normalized_number(&code), CodeType::Integer),
        None | Some(Parsed::Null) => {
            return Err(malformed(format!(
                "no `{}` in the envelope",
                envelope.code_field
            )))
        }
        Some(Parsed::Other(text)) => {
            return Err(malformed(format!(
                "`{}` is not a valid string or number: {}",
                envelope.code_field,
                text_prefix(text.as_bytes())
            )))
        }
    };
    let message = || match parts.message.map(parsed) {
        Some(Parsed::Text(message)) => text_prefix(message.as_bytes()),
        Some(Parsed::Null) | None => String::new(),
        Some(Parsed::Number(number)) => number.to_string(),
        Some(Parsed::Other(text)) => text_prefix(compact(text).as_bytes()),
    };
    let api_error = || Error::Api {
        status,
        code: code.clone(),
        message: message(),
        family,
    };
    if code != envelope.success_code {
        return Err(api_error());
    }
    // Success is exactly the success code, written as the family writes its codes, with
    // the family's flag (if it has one) the JSON boolean `true`: a success read from
    // anything looser could be a failure (`"success": "false"`).
    if written_as != envelope.code_type {
        return Err(malformed(format!(
            "the success code `{}` is written as a {}; the family writes its codes as {}s",
            envelope.code_field,
            code_type_name(written_as),
            code_type_name(envelope.code_type)
        )));
    }
    if let Some(flag_field) = envelope.success_flag_field {
        match parts.success_flag.map(RawValue::get) {
            Some("true") => {}
            Some("false") => return Err(api_error()),
            Some(other) => {
                return Err(malformed(format!(
                    "`{flag_field}` is not a JSON boolean: {}",
                    text_prefix(other.as_bytes())
                )))
            }
            None => return Err(malformed(format!("no `{flag_field}` in the envelope"))),
        }
    }
    if !(200..300).contains(&status) {
        return Err(malformed(
            "success envelope with a failing HTTP status".to_string(),
        ));
    }
    let data = parts.data.map_or("null", RawValue::get);
    if let Ok(decoded) = serde_json::from_str(data) {
        return Ok(decoded);
    }
    // Through a tree: a key given twice keeps its last value (the direct read refuses
    // it), and an error says what is wrong without a position inside `data`.
    let tree: Value = serde_json::from_str(data)
        .map_err(|error| malformed(format!("`{}` is not JSON: {error}", envelope.data_field)))?;
    T::deserialize(&tree).map_err(|error| Error::UnexpectedData {
        status,
        code,
        message: message(),
        reason: text_prefix(error.to_string().as_bytes()),
        // Whole: the call took effect, and its data (an order id) may be needed to recover.
        data: tree.to_string(),
    })
}

fn code_type_name(code_type: CodeType) -> &'static str {
    match code_type {
        CodeType::String => "string",
        CodeType::Integer => "number",
    }
}

/// The reason a body is not an envelope, in the words a JSON tree would give.
fn why_not_an_envelope(body: &[u8], error: serde_json::Error) -> String {
    match serde_json::from_slice::<Value>(body) {
        Err(tree_error) => format!("not JSON: {tree_error}"),
        // A tree reads it, the one-pass reader did not: report the reader's own error.
        Ok(Value::Object(_)) => format!("not JSON: {error}"),
        Ok(_) => "not a JSON object".to_string(),
    }
}

/// The envelope's fields as the body wrote them; other fields are skipped. A field given
/// twice keeps its last value, as a JSON object read into a map would. The family's
/// field names are distinct (the spec's lint checks it).
#[derive(Default)]
struct Parts<'a> {
    code: Option<&'a RawValue>,
    message: Option<&'a RawValue>,
    success_flag: Option<&'a RawValue>,
    data: Option<&'a RawValue>,
}

/// Reads [`Parts`] with the family's field names, which are only known at run time.
struct PartsSeed(&'static Envelope);

impl<'de> DeserializeSeed<'de> for PartsSeed {
    type Value = Parts<'de>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PartsSeed {
    type Value = Parts<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a response envelope (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let envelope = self.0;
        let mut parts = Parts::default();
        while let Some(Key(key)) = map.next_key()? {
            let slot = if key == envelope.code_field {
                &mut parts.code
            } else if key == envelope.data_field {
                &mut parts.data
            } else if key == envelope.message_field {
                &mut parts.message
            } else if Some(key.as_ref()) == envelope.success_flag_field {
                &mut parts.success_flag
            } else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            *slot = Some(map.next_value()?);
        }
        Ok(parts)
    }
}

/// An object key, borrowed from the body unless it had escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_string())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A scalar envelope field, read from its JSON text.
enum Parsed<'a> {
    Text(Cow<'a, str>),
    Number(serde_json::Number),
    Null,
    /// Anything else (an object, a boolean, an invalid string or number), as written.
    Other(&'a str),
}

fn parsed(raw: &RawValue) -> Parsed<'_> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => match serde_json::from_str::<&str>(text) {
            Ok(borrowed) => Parsed::Text(Cow::Borrowed(borrowed)),
            // Escapes in the string: it has to be unescaped into a copy.
            Err(_) => serde_json::from_str::<String>(text)
                .map_or(Parsed::Other(text), |owned| Parsed::Text(Cow::Owned(owned))),
        },
        Some(b'n') => Parsed::Null,
        _ => serde_json::from_str(text).map_or(Parsed::Other(text), Parsed::Number),
    }
}

/// JSON text without the body's whitespace.
fn compact(text: &str) -> String {
    serde_json::from_str::<Value>(text).map_or_else(|_| text.to_string(), |value| value.to_string())
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
    fn spacing_escapes_and_repeated_fields_read_as_a_json_map_would() {
        // Whitespace everywhere, an escaped key and code, a field given twice (the last
        // wins), and fields the envelope does not know.
        let body = br#" { "extra" : [1, {"code": "1"}] , "c\u006fde" : "000\u0030" ,
            "success" : false , "success" : true , "data" : { "x" : 1 } ,
            "message" : "ok" } "#;
        let data: serde_json::Value = decode(&CSSS, 200, body).unwrap();
        assert_eq!(data, serde_json::json!({"x": 1}));

        let failed = br#"{"code": "0000", "data": null, "message": 3, "success" : false }"#;
        match decode::<()>(&CSSS, 200, failed) {
            Err(Error::Api { code, message, .. }) => {
                assert_eq!((code.as_str(), message.as_str()), ("0000", "3"));
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
    }

    #[test]
    fn data_reads_as_a_tree_would_when_the_direct_read_refuses_it() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Order {
            order_id: String,
        }
        // A key given twice inside `data`: the last value wins.
        let body = br#"{"code":"0000","data":{"order_id":"A","order_id":"B"},"success":true}"#;
        let order: Order = decode(&CSSS, 200, body).unwrap();
        assert_eq!(order.order_id, "B");
        // The reason has no position (it would count from the start of `data`).
        let body = br#"{"code":"0000","data":{"order_id":17},"success":true}"#;
        match decode::<Order>(&CSSS, 200, body) {
            Err(Error::UnexpectedData { reason, .. }) => {
                assert_eq!(reason, "invalid type: integer `17`, expected a string");
            }
            other => panic!("expected Error::UnexpectedData, got {other:?}"),
        }
    }

    #[test]
    fn what_the_one_pass_reader_lets_through_is_still_refused() {
        // serde_json skips values without checking escapes or number ranges; the
        // fields that are read are checked when they are parsed.
        for (body, reason) in [
            (
                &br#"{"code":"\ud800","data":null}"#[..],
                r#"`code` is not a valid string or number: "\ud800""#,
            ),
            (
                br#"{"code":1e999,"data":null}"#,
                "`code` is not a valid string or number: 1e999",
            ),
            (
                br#"{"code":"0000","data":"\ud800","success":true}"#,
                "`data` is not JSON: ",
            ),
        ] {
            match decode::<Option<String>>(&CSSS, 200, body) {
                Err(Error::Decode { reason: got, .. }) => {
                    assert!(got.starts_with(reason), "{got:?} for {body:?}")
                }
                other => panic!("expected Error::Decode for {body:?}, got {other:?}"),
            }
        }
    }

    #[test]
    fn bodies_that_are_not_one_envelope_object_are_decode_errors() {
        for (body, reason) in [
            (&br#"[1, 2]"#[..], "not a JSON object"),
            (br#""0000""#, "not a JSON object"),
            (
                br#"{"code":"0000"} trailing"#,
                "not JSON: trailing characters",
            ),
            (
                br#"{"code":"0000","data":"#,
                "not JSON: EOF while parsing a value",
            ),
            (br#"{"data":null}"#, "no `code` in the envelope"),
            (br#"{"code":null}"#, "no `code` in the envelope"),
        ] {
            match decode::<()>(&CSSS, 200, body) {
                Err(Error::Decode { reason: got, .. }) => {
                    assert!(got.starts_with(reason), "{got:?} for {body:?}")
                }
                other => panic!("expected Error::Decode for {body:?}, got {other:?}"),
            }
        }
    }

    #[test]
    fn success_is_the_success_code_with_the_flag_exactly_true() {
        for (body, want) in [
            // The flag must be the JSON boolean `true`, not a string, number or null,
            // and a family that has one must send it.
            (r#"{"code":"0000","data":null,"success":"false"}"#, "decode"),
            (r#"{"code":"0000","data":null,"success":"true"}"#, "decode"),
            (r#"{"code":"0000","data":null,"success":1}"#, "decode"),
            (r#"{"code":"0000","data":null,"success":null}"#, "decode"),
            (r#"{"code":"0000","data":null}"#, "decode"),
            (r#"{"code":"0000","data":null,"success":false}"#, "api"),
            // A failing code fails whatever the flag says.
            (r#"{"code":"1001","data":null,"success":true}"#, "api"),
            // The code is written as the family writes it: CSSS codes are strings.
            (r#"{"code":0,"data":null,"success":true}"#, "api"),
            (r#"{"code":"0000","data":null,"success":true}"#, "ok"),
        ] {
            let got = match decode::<()>(&CSSS, 200, body.as_bytes()) {
                Ok(()) => "ok",
                Err(Error::Api { .. }) => "api",
                Err(Error::Decode { .. }) => "decode",
                Err(other) => panic!("{body}: unexpected {other:?}"),
            };
            assert_eq!(got, want, "{body}");
        }
        // The Mall has no flag, and its codes are numbers: "0" as a string is not its
        // success code.
        for (body, want) in [
            (r#"{"code":0,"data":null}"#, "ok"),
            (r#"{"code":0,"data":null,"success":false}"#, "ok"),
            (r#"{"code":"0","data":null}"#, "decode"),
        ] {
            let got = match decode::<()>(&ESIM_MALL, 200, body.as_bytes()) {
                Ok(()) => "ok",
                Err(Error::Api { .. }) => "api",
                Err(Error::Decode { .. }) => "decode",
                Err(other) => panic!("{body}: unexpected {other:?}"),
            };
            assert_eq!(got, want, "{body}");
        }
    }

    #[test]
    fn a_huge_error_page_or_message_is_kept_to_its_start() {
        let page = "é".repeat(8 * 1024);
        match decode::<()>(&CSSS, 502, page.as_bytes()) {
            Err(Error::Decode { body, .. }) => {
                assert_eq!(body.len(), crate::MAX_ERROR_TEXT_BYTES);
                assert!(page.starts_with(&body));
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        let envelope = format!(r#"{{"code":"1001","message":"{page}","success":false}}"#);
        match decode::<()>(&CSSS, 200, envelope.as_bytes()) {
            Err(Error::Api { message, .. }) => {
                assert_eq!(message.len(), crate::MAX_ERROR_TEXT_BYTES);
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
        let code = format!(r#"{{"code":["{page}"]}}"#);
        match decode::<()>(&CSSS, 200, code.as_bytes()) {
            Err(Error::Decode { reason, .. }) => {
                assert!(
                    reason.len() < 2 * crate::MAX_ERROR_TEXT_BYTES,
                    "{}",
                    reason.len()
                );
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
    }

    #[test]
    fn a_huge_code_or_data_error_is_kept_to_its_start_but_data_stays_whole() {
        // #12 review: a 1,000,000-character code made a 1 MB error.
        let huge = "7".repeat(1_000_000);
        let body = format!(r#"{{"code":"{huge}","message":"m","success":false}}"#);
        match decode::<()>(&CSSS, 200, body.as_bytes()) {
            Err(Error::Api { code, .. }) => {
                assert_eq!(code.len(), crate::MAX_ERROR_TEXT_BYTES);
            }
            other => panic!("expected Error::Api, got {other:?}"),
        }
        // serde's message quotes the whole string it could not read as a number.
        let body = format!(r#"{{"code":"0000","data":["{huge}"],"message":"ok","success":true}}"#);
        match decode::<Vec<u32>>(&CSSS, 200, body.as_bytes()) {
            Err(Error::UnexpectedData { reason, data, .. }) => {
                assert!(
                    reason.len() <= crate::MAX_ERROR_TEXT_BYTES,
                    "{}",
                    reason.len()
                );
                assert!(reason.starts_with("invalid type"), "{reason:.80}");
                // The call took effect: its data is kept whole, to recover with.
                assert!(data.contains(&huge));
            }
            other => panic!("expected Error::UnexpectedData, got {other:?}"),
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

    mod properties {
        //! Whatever the server sends, decoding ends with a value or an error, never a panic,
        //! and success needs exactly the success code and flag.

        use super::*;
        use crate::{OpenPackageRequest, PreOrderPackageRequest};
        use proptest::prelude::*;

        /// Enough cases to reach every branch, few enough to keep the suite fast.
        const CASES: u32 = 384;

        fn any_family() -> impl Strategy<Value = &'static Family> {
            prop_oneof![Just(&CSSS), Just(&ESIM_MALL)]
        }

        /// Decodes `body` every way the client does: into typed data of both families,
        /// into no data, and into any JSON.
        fn decode_every_way(family: &'static Family, status: u16, body: &[u8]) {
            let _ = decode_response::<OpenPackageRequest>(status, body);
            let _ = decode_response::<PreOrderPackageRequest>(status, body);
            let _ = decode::<()>(family, status, body);
            let _ = decode::<Value>(family, status, body);
        }

        /// JSON texts an envelope field may hold, well-formed or not.
        fn field_value() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("\"0000\"".to_string()),
                Just("\"0\"".to_string()),
                Just("0".to_string()),
                Just("0.0".to_string()),
                Just("1e999".to_string()),
                Just("true".to_string()),
                Just("false".to_string()),
                Just("\"true\"".to_string()),
                Just("\"false\"".to_string()),
                Just("null".to_string()),
                Just("\"\\ud800\"".to_string()),
                Just("{\"order_id\":\"1\"}".to_string()),
                any::<i64>().prop_map(|number| number.to_string()),
                any::<String>().prop_map(|text| Value::String(text).to_string()),
                "[\\[\\]{}\":,0-9a-z ]{0,24}",
            ]
        }

        /// Some of the envelope's fields (and another), in any order, possibly repeated.
        fn envelope_fields() -> impl Strategy<Value = Vec<(&'static str, String)>> {
            let key = prop_oneof![
                Just("code"),
                Just("success"),
                Just("data"),
                Just("message"),
                Just("other"),
            ];
            prop::collection::vec((key, field_value()), 0..6)
        }

        fn object(fields: &[(&str, String)]) -> String {
            let fields: Vec<String> = fields
                .iter()
                .map(|(key, value)| format!("\"{key}\":{value}"))
                .collect();
            format!("{{{}}}", fields.join(","))
        }

        /// The JSON value of the last `key` in `fields` (the one a decoder keeps).
        fn last(fields: &[(&str, String)], key: &str) -> Option<Value> {
            let (_, text) = fields.iter().rev().find(|(name, _)| *name == key)?;
            serde_json::from_str(text).ok()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(CASES))]

            #[test]
            fn arbitrary_bytes_decode_to_a_value_or_an_error(
                family in any_family(),
                status in any::<u16>(),
                body in prop::collection::vec(any::<u8>(), 0..512),
            ) {
                decode_every_way(family, status, &body);
            }

            #[test]
            fn envelope_like_bodies_succeed_only_as_documented(
                family in any_family(),
                status in prop_oneof![Just(200u16), 100u16..600],
                fields in envelope_fields(),
            ) {
                let body = object(&fields);
                decode_every_way(family, status, body.as_bytes());
                if decode::<Value>(family, status, body.as_bytes()).is_ok() {
                    // Success: the code is exactly the success code (as the family
                    // writes it) and, for CSSS, the flag is `true`.
                    let envelope = &family.envelope;
                    let code = last(&fields, envelope.code_field);
                    let written = match (envelope.code_type, &code) {
                        (CodeType::String, Some(Value::String(code))) => Some(code.clone()),
                        (CodeType::Integer, Some(Value::Number(code))) => {
                            Some(normalized_number(code))
                        }
                        _ => None,
                    };
                    prop_assert_eq!(written.as_deref(), Some(envelope.success_code), "{}", body);
                    if let Some(flag) = envelope.success_flag_field {
                        prop_assert_eq!(last(&fields, flag), Some(Value::Bool(true)), "{}", body);
                    }
                    prop_assert!((200..300).contains(&status));
                }
            }
        }

        proptest! {
            // Each case reads a long body: fewer of them.
            #![proptest_config(ProptestConfig::with_cases(CASES / 6))]

            // Deep enough that a reader without a nesting limit would overflow the stack of
            // a test thread (2 MiB).
            #[test]
            fn deep_nesting_ends_in_an_error_not_a_stack_overflow(
                family in any_family(),
                depth in 0usize..20_000,
                opener in prop_oneof![Just("["), Just("{\"data\":"), Just("{\"other\":")],
            ) {
                let body = format!("{{\"code\":\"0000\",\"data\":{}", opener.repeat(depth));
                decode_every_way(family, 200, body.as_bytes());
            }
        }
    }
}
