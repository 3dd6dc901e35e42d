//! The CSSS signature, as the Overview page defines it:
//!
//! 1. take every non-empty parameter (path, query and body; `sign` itself excluded),
//! 2. write them as one JSON object with keys in lexicographic order (`signContent`),
//! 3. `sign = Base64(HMAC-SHA1(signContent, secret))`.
//!
//! The page leaves the JSON rendering open; this client writes compact JSON (no spaces)
//! with non-ASCII text as raw UTF-8, the form of the page's own `signContent` example.
//! "Empty" means `null`, `""`, `[]` or `{}`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha1::Sha1;

/// The `signContent` string: every non-empty parameter except `exclude`, keys sorted.
pub fn canonical_string(params: &Map<String, Value>, exclude: &str) -> String {
    let mut signed: Vec<(&String, &Value)> = params
        .iter()
        .filter(|(key, value)| key.as_str() != exclude && !is_empty(value))
        .collect();
    signed.sort_by(|a, b| a.0.cmp(b.0));
    // Inserting in sorted order keeps the order whether or not serde_json preserves it.
    let mut object = Map::new();
    for (key, value) in signed {
        object.insert(key.clone(), value.clone());
    }
    Value::Object(object).to_string()
}

/// `Base64(HMAC-SHA1(canonical, secret))`: 28 characters.
pub fn sign(secret: &[u8], canonical: &str) -> String {
    let mut mac = match Hmac::<Sha1>::new_from_slice(secret) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; `new_from_slice` only fails for fixed-size MACs.
        Err(_) => unreachable!("HMAC-SHA1 accepts keys of any length"),
    };
    mac.update(canonical.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => fields.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_form_sorts_and_drops_empty_parameters_and_the_signature() {
        let params = json!({
            "version": "2.0", "timestamp": "1643253530", "device_type": "", "note": null,
            "sign": "old", "access_code": "P000270", "package_name": "中国20M"
        });
        let canonical = canonical_string(params.as_object().unwrap(), "sign");
        assert_eq!(
            canonical,
            r#"{"access_code":"P000270","package_name":"中国20M","timestamp":"1643253530","version":"2.0"}"#
        );
    }

    #[test]
    fn signature_matches_an_independently_computed_vector() {
        // Computed with `openssl dgst -sha1 -hmac lfgen-test-secret -binary | base64`.
        let canonical = r#"{"access_code":"P000270","order_id":"202107061625560742397","timestamp":"1643253530","version":"2.0"}"#;
        assert_eq!(
            sign(b"lfgen-test-secret", canonical),
            "ih2l57DV7625wT440JSEPMGGPfA="
        );
    }
}
