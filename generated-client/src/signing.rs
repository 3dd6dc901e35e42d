//! The CSSS signature, as the Overview page defines it:
//!
//! 1. take every non-empty parameter (path, query and body; `sign` itself excluded),
//! 2. write them as one JSON object with keys in lexicographic order (`signContent`),
//! 3. `sign = Base64(HMAC-SHA1(signContent, secret))`.
//!
//! The page leaves the JSON rendering open; this client writes compact JSON (no spaces)
//! with non-ASCII text as raw UTF-8, the form of the page's own `signContent` example.
//! "Empty" means `null`, `""`, `[]` or `{}`.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Number, Value};
use sha1::Sha1;

/// The `signContent` string: every non-empty parameter except `exclude`, keys sorted.
pub fn canonical_string(params: &Map<String, Value>, exclude: &str) -> String {
    let signed = params
        .iter()
        .filter(|(key, value)| key.as_str() != exclude && !is_empty(value));
    let mut out = String::new();
    write_sorted_object(&mut out, signed);
    out
}

/// Writes the `signContent` object directly, without building a JSON tree: generated
/// `write_params` methods call it once per parameter **in lexicographic key order**, the
/// family's runtime-filled fields merged in. Empty values are skipped, text is escaped
/// exactly as serde_json escapes it, so the result equals [`canonical_string`] of the
/// same parameters (tests/signing.rs checks it). Parameter names must be plain
/// identifiers (ASCII letters, digits and `_`), as lint requires of the spec's names.
#[derive(Debug)]
pub struct ParamWriter<'a> {
    out: String,
    common: &'a [(&'static str, &'a str)],
}

impl<'a> ParamWriter<'a> {
    /// `common`: the values of the family's runtime-filled fields, by name.
    pub fn new(common: &'a [(&'static str, &'a str)]) -> Self {
        let mut out = String::with_capacity(512);
        out.push('{');
        Self { out, common }
    }

    /// Keys are written as they are: they are the spec's wire names, which lint keeps to
    /// letters, digits and `_` (nothing JSON escapes), so scanning them per call would
    /// only cost time.
    fn key(&mut self, key: &str) {
        debug_assert!(
            key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "parameter names are plain identifiers: {key:?}"
        );
        if self.out.len() > 1 {
            self.out.push(',');
        }
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    /// A runtime-filled field of the family (its value comes from [`ParamWriter::new`]).
    pub fn common(&mut self, key: &str) {
        if let Some((_, value)) = self.common.iter().find(|(name, _)| *name == key) {
            self.text(key, value);
        }
    }

    /// A text parameter (left out when empty, as the signature rule says).
    pub fn text(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.key(key);
            push_json_string(&mut self.out, value);
        }
    }

    /// An integer parameter.
    pub fn integer(&mut self, key: &str, value: i64) {
        self.key(key);
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    /// A number parameter.
    pub fn number(&mut self, key: &str, value: &Number) {
        self.key(key);
        self.out.push_str(&value.to_string());
    }

    /// A boolean parameter.
    pub fn boolean(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// A nested value (an array or an object), written as compact JSON with object
    /// keys sorted at every level; an empty array or object is an empty parameter and
    /// is skipped, like empty text.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        // Generated request types hold only strings, numbers, booleans, vectors and
        // structs, which always serialize to a `Value`.
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        if !is_empty(&value) {
            self.key(key);
            write_canonical(&mut self.out, &value);
        }
    }

    /// The finished `signContent`.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// Appends `text` as a JSON string, escaped exactly as serde_json escapes it (only `"`,
/// `\\` and control characters); text without those, the common case, is copied as is.
fn push_json_string(out: &mut String, text: &str) {
    // Branch-free over the bytes, so the compiler can vectorize the scan.
    let needs_escape = text.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !needs_escape {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        out.push_str(&Value::String(text.to_string()).to_string());
    }
}

/// Appends `value` as compact JSON with the keys of every object in lexicographic
/// order, whatever order the map keeps them in.
pub(crate) fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Object(fields) => write_sorted_object(out, fields.iter()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        Value::String(text) => push_json_string(out, text),
        other => out.push_str(&other.to_string()),
    }
}

/// Appends `entries` as a compact JSON object, keys in lexicographic order.
fn write_sorted_object<'a>(
    out: &mut String,
    entries: impl Iterator<Item = (&'a String, &'a Value)>,
) {
    let mut entries: Vec<(&String, &Value)> = entries.collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    out.push('{');
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(out, key);
        out.push(':');
        write_canonical(out, value);
    }
    out.push('}');
}

/// The request body: the signed content with the signature added as the last field
/// (what [`SigningKey::append_signature`] writes; the tests compare the two).
#[cfg(test)]
fn signed_body(mut canonical: String, sign_field: &str, signature: &str) -> String {
    open_last_field(&mut canonical, sign_field);
    push_json_string(&mut canonical, signature);
    canonical.push('}');
    canonical
}

/// Reopens a finished object to append `field`: drops the closing brace and writes
/// the separator and the key.
fn open_last_field(object: &mut String, field: &str) {
    object.pop(); // the closing brace
    if object.len() > 1 {
        object.push(',');
    }
    push_json_string(object, field);
    object.push(':');
}

/// `Base64(HMAC-SHA1(canonical, secret))`: 28 characters.
pub fn sign(secret: &[u8], canonical: &str) -> String {
    sign_bytes(secret, canonical.as_bytes())
}

/// [`sign`] over bytes.
pub fn sign_bytes(secret: &[u8], canonical: &[u8]) -> String {
    SigningKey::new(secret).sign(canonical)
}

/// An enterprise secret ready to sign with: HMAC's keyed state is computed once, so
/// each signature only hashes its content. Never shows the secret in `Debug`.
#[derive(Clone)]
pub struct SigningKey(Hmac<Sha1>);

impl SigningKey {
    /// Keys HMAC-SHA1 with the enterprise secret.
    pub fn new(secret: &[u8]) -> Self {
        match Hmac::<Sha1>::new_from_slice(secret) {
            Ok(mac) => Self(mac),
            // HMAC takes keys of any length; `new_from_slice` only fails for fixed-size MACs.
            Err(_) => unreachable!("HMAC-SHA1 accepts keys of any length"),
        }
    }

    fn digest(&self, canonical: &[u8]) -> impl AsRef<[u8]> {
        let mut mac = self.0.clone();
        mac.update(canonical);
        mac.finalize().into_bytes()
    }

    /// `Base64(HMAC-SHA1(canonical, secret))`.
    pub fn sign(&self, canonical: &[u8]) -> String {
        BASE64.encode(self.digest(canonical))
    }

    /// Turns the finished `signContent` into the request body: the signature over it
    /// is appended as the field `sign_field`, in place (the same bytes as
    /// `signed_body` of [`SigningKey::sign`]).
    pub fn append_signature(&self, canonical: &mut String, sign_field: &str) {
        let digest = self.digest(canonical.as_bytes());
        open_last_field(canonical, sign_field);
        // Base64 text never needs JSON escaping.
        canonical.push('"');
        BASE64.encode_string(digest, canonical);
        canonical.push_str("\"}");
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// Whether a value is an empty parameter: `null`, `""`, `[]` or `{}`.
pub fn is_empty(value: &Value) -> bool {
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
    fn a_signing_key_signs_as_the_secret_does_and_appends_in_place() {
        let key = SigningKey::new(b"mock-secret");
        for canonical in [r#"{"access_code":"P000270","n":1}"#, "{}"] {
            let signature = sign(b"mock-secret", canonical);
            assert_eq!(key.sign(canonical.as_bytes()), signature);
            let mut body = canonical.to_string();
            key.append_signature(&mut body, "sign");
            assert_eq!(body, signed_body(canonical.to_string(), "sign", &signature));
            serde_json::from_str::<Value>(&body).unwrap();
        }
        assert_eq!(format!("{key:?}"), "SigningKey(<redacted>)");
    }

    #[test]
    fn param_writer_matches_the_generic_canonical_form() {
        let common = [("access_code", "P000270"), ("timestamp", "1643253530")];
        let mut writer = ParamWriter::new(&common);
        writer.common("access_code");
        writer.text("empty", "");
        writer.integer("n", -3);
        writer.text("name", "中国 \"20M\"\n");
        writer.boolean("ok", true);
        writer.common("timestamp");
        writer.common("version");
        let written = writer.finish();
        let params = json!({"access_code": "P000270", "empty": "", "n": -3, "name": "中国 \"20M\"\n", "ok": true, "timestamp": "1643253530"});
        assert_eq!(
            written,
            canonical_string(params.as_object().unwrap(), "sign")
        );
        let body = signed_body(written, "sign", "abc=");
        assert!(
            body.ends_with(r#""timestamp":"1643253530","sign":"abc="}"#),
            "{body}"
        );
        assert_eq!(
            signed_body("{}".to_string(), "sign", "x"),
            r#"{"sign":"x"}"#
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
