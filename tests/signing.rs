//! The CSSS signature against vectors computed outside this code base:
//! `printf %s "$CANONICAL" | openssl dgst -sha1 -hmac lfgen-test-secret -binary | base64`.

use linksfield::__private::{canonical_string, sign};
use serde_json::Value;

const SECRET: &[u8] = b"lfgen-test-secret";

#[test]
fn open_package_example_vector() {
    let example: Value = serde_json::from_str(
        r#"{"access_code":"P000270","order_id":"202107061625560742397","timestamp":"1643253530","version":"2.0","sign":"BaEUYYipzNkI8h7MjU2cGJIuPcA="}"#,
    )
    .unwrap();
    let canonical = canonical_string(example.as_object().unwrap(), "sign");
    assert_eq!(
        canonical,
        r#"{"access_code":"P000270","order_id":"202107061625560742397","timestamp":"1643253530","version":"2.0"}"#
    );
    assert_eq!(sign(SECRET, &canonical), "ih2l57DV7625wT440JSEPMGGPfA=");
}

#[test]
fn order_package_vector_with_non_ascii_text() {
    let example: Value = serde_json::from_str(
        linksfield::OPERATIONS
            .iter()
            .find(|op| op.name == "order_package")
            .and_then(|op| op.example_request)
            .unwrap(),
    )
    .unwrap();
    let canonical = canonical_string(example.as_object().unwrap(), "sign");
    assert_eq!(
        canonical,
        r#"{"access_code":"P000270","device_id":"89852022018041800192","global_order":"0","is_open":"0","order_period":"1","package_code":"DP20190726001274","package_name":"C_M_0_P_中国20M不限速月套餐","package_type":"2","pay_amount":"0","pay_rst":"1","pay_type":"2","test_flow":"0","test_flow_flag":"0","timestamp":"1643253530","version":"2.0"}"#
    );
    assert_eq!(sign(SECRET, &canonical), "/oWhJBoGhd7J7IY2UqcvWRVmTaA=");
}

fn example_of(name: &str) -> Value {
    let operation = linksfield::OPERATIONS
        .iter()
        .find(|op| op.name == name)
        .unwrap();
    serde_json::from_str(operation.example_request.unwrap()).unwrap()
}

#[test]
fn bulk_order_vector_signs_the_device_list_as_a_json_array() {
    let example = example_of("batch_order_packages");
    let canonical = canonical_string(example.as_object().unwrap(), "sign");
    assert_eq!(
        canonical,
        r#"{"access_code":"P000270","deviceList":["89852022018041800192","89852022018041800193"],"global_order":"0","is_open":"0","order_period":"1","package_code":"DP20190726001274","package_name":"C_M_0_P_中国20M不限速月套餐","package_type":"2","pay_amount":"0","pay_rst":"2","pay_type":"1","test_flow":"0","test_flow_flag":"0","timestamp":"1643253530","version":"2.0"}"#
    );
    assert_eq!(sign(SECRET, &canonical), "/9VDmgMjJyfwHc+R9SnNsoQlO9M=");
}

#[test]
fn query_order_vector_signs_integers_as_numbers_and_drops_empty_filters() {
    let example = example_of("query_order");
    let canonical = canonical_string(example.as_object().unwrap(), "sign");
    assert_eq!(
        canonical,
        r#"{"access_code":"P000270","page_no":1,"page_size":2,"timestamp":"1643251754","version":"2.0"}"#
    );
    assert_eq!(sign(SECRET, &canonical), "6P9mjqP1PTpRYy43aexv0HbAT4g=");
}

#[test]
fn nested_objects_are_signed_with_keys_sorted_at_every_level() {
    // Inside a nested value nothing is dropped: the empty-parameter rule is about
    // parameters, the top-level keys.
    let params: Value =
        serde_json::from_str(r#"{"z":{"y":[],"x":{"d":null,"c":true}},"a":[{"b":"2","a":"1"}]}"#)
            .unwrap();
    let canonical = canonical_string(params.as_object().unwrap(), "sign");
    assert_eq!(
        canonical,
        r#"{"a":[{"a":"1","b":"2"}],"z":{"x":{"c":true,"d":null},"y":[]}}"#
    );
    assert_eq!(sign(SECRET, &canonical), "/UjHHdpHgpKvRFgnM/Uzp+muvZk=");
}

/// The client writes `signContent` with generated code; the signature in every prepared
/// body must verify against the generic canonical form of that very body.
fn assert_prepared_body_verifies<E: linksfield::Endpoint>(
    from_json: fn(&Value) -> Result<E, linksfield::ValidationErrors>,
) {
    let operation = E::OPERATION;
    let request =
        from_json(&serde_json::from_str(operation.example_request.unwrap()).unwrap()).unwrap();
    let client = linksfield::Client::builder()
        .base_url("http://127.0.0.1:9")
        .access_code("P000270")
        .secret("lfgen-test-secret")
        .build()
        .unwrap();
    let prepared = client.prepare(&request).unwrap();
    let body: Value = serde_json::from_str(&prepared.body).unwrap();
    let canonical = canonical_string(body.as_object().unwrap(), "sign");
    assert_eq!(
        body["sign"].as_str(),
        Some(sign(SECRET, &canonical).as_str()),
        "{}",
        operation.name
    );
    assert_eq!(body["access_code"], "P000270", "{}", operation.name);
}

#[test]
fn generated_parameter_writers_agree_with_the_generic_canonical_form() {
    assert_prepared_body_verifies(linksfield::OrderPackageRequest::from_json);
    assert_prepared_body_verifies(linksfield::OpenPackageRequest::from_json);
    assert_prepared_body_verifies(linksfield::AheadFinishDeviceOrderRequest::from_json);
    assert_prepared_body_verifies(linksfield::PauseServiceRequest::from_json);
    assert_prepared_body_verifies(linksfield::BatchOrderPackagesRequest::from_json);
    assert_prepared_body_verifies(linksfield::QueryOrderRequest::from_json);
    assert_prepared_body_verifies(linksfield::SyncAssetInfoRequest::from_json);
}

/// The canonical signing string is injective: different parameter sets never give the
/// same `signContent`, so a signature covers exactly one request. ("Different" modulo
/// the empty parameters the vendor leaves unsigned, and the excluded `sign`.)
mod injective {
    use linksfield::__private::{canonical_string, is_empty, ParamWriter};
    use proptest::prelude::*;
    use serde_json::{Map, Number, Value};

    /// Text stressing JSON escaping and the `key=value&` shapes: quotes, backslashes,
    /// control characters, separators, non-ASCII, line separators.
    fn text() -> impl Strategy<Value = String> {
        let special = prop_oneof![
            Just('"'),
            Just('\\'),
            Just('&'),
            Just('='),
            Just(','),
            Just(':'),
            Just('{'),
            Just('}'),
            Just('\u{2028}'),
            Just('中'),
            proptest::char::range('\u{0}', '\u{1f}'),
            proptest::char::range('a', 'c'),
            any::<char>(),
        ];
        proptest::collection::vec(special, 0..6).prop_map(|chars| chars.into_iter().collect())
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-3i64..3).prop_map(Value::from),
            text().prop_map(Value::String),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(text(), inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn params() -> impl Strategy<Value = Map<String, Value>> {
        proptest::collection::btree_map(text(), value(), 0..6).prop_map(|m| m.into_iter().collect())
    }

    /// What is signed: the non-empty parameters other than `sign`.
    fn signed(params: &Map<String, Value>) -> Map<String, Value> {
        params
            .iter()
            .filter(|(key, value)| key.as_str() != "sign" && !is_empty(value))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }

    /// A near miss of `params`: the edits that would collide under a careless encoding.
    fn near_miss(
        mut params: Map<String, Value>,
        edit: u8,
        pick: usize,
        extra: String,
    ) -> Map<String, Value> {
        let keys: Vec<String> = params.keys().cloned().collect();
        let key = keys.get(pick % keys.len().max(1)).cloned();
        match (edit % 5, key) {
            // The number 1 against the text "1", and back.
            (0, Some(key)) => {
                let swapped = match &params[&key] {
                    Value::Number(n) => Value::String(n.to_string()),
                    Value::String(s) => s
                        .parse::<Number>()
                        .map(Value::Number)
                        .unwrap_or(Value::Null),
                    other => Value::String(other.to_string()),
                };
                params.insert(key, swapped);
            }
            // Part of the key moved into the value (`ab`:"c" against `a`:"bc").
            (1, Some(key)) if !key.is_empty() => {
                let value = params.remove(&key).unwrap_or(Value::Null);
                let cut = key.char_indices().last().map_or(0, |(i, _)| i);
                let text = match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                params.insert(
                    key[..cut].to_string(),
                    Value::String(format!("{}{text}", &key[cut..])),
                );
            }
            // `k: "x&j=y"` split into `k: "x", j: "y"`.
            (2, Some(key)) => {
                params.insert(key, Value::String(format!("x{extra}")));
                params.insert(extra, Value::String("y".into()));
            }
            // An empty parameter added: unsigned, so the same request.
            (3, _) => {
                params.insert(extra, Value::String(String::new()));
            }
            (_, _) => {
                params.insert(extra, Value::String("&=".into()));
            }
        }
        params
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_canonical_string_reads_back_as_exactly_the_signed_parameters(params in params()) {
            // A left inverse makes the map injective.
            let canonical = canonical_string(&params, "sign");
            let read: Value = serde_json::from_str(&canonical).unwrap();
            prop_assert_eq!(read, Value::Object(signed(&params)));
        }

        #[test]
        fn near_misses_sign_differently_unless_they_are_the_same_request(
            params in params(),
            edit in any::<u8>(),
            pick in any::<usize>(),
            extra in text(),
        ) {
            let other = near_miss(params.clone(), edit, pick, extra);
            let same_string = canonical_string(&params, "sign") == canonical_string(&other, "sign");
            prop_assert_eq!(same_string, signed(&params) == signed(&other));
        }

        #[test]
        fn the_param_writer_writes_the_same_injective_string(
            fields in proptest::collection::btree_map(
                "[a-z_][a-z0-9_]{0,6}".prop_filter("sign is excluded", |k| k != "sign"),
                (text(), any::<i64>(), any::<u8>()),
                0..6,
            )
        ) {
            // Generated code calls the writer in key order; the keys are identifiers.
            let mut writer = ParamWriter::new(&[]);
            let mut params = Map::new();
            for (key, (text, number, choice)) in &fields {
                match choice % 3 {
                    0 => {
                        writer.text(key, text);
                        params.insert(key.clone(), Value::String(text.clone()));
                    }
                    1 => {
                        writer.integer(key, *number);
                        params.insert(key.clone(), Value::from(*number));
                    }
                    _ => {
                        writer.boolean(key, number % 2 == 0);
                        params.insert(key.clone(), Value::Bool(number % 2 == 0));
                    }
                }
            }
            let written = writer.finish();
            prop_assert_eq!(&written, &canonical_string(&params, "sign"));
            let read: Value = serde_json::from_str(&written).unwrap();
            prop_assert_eq!(read, Value::Object(signed(&params)));
        }
    }
}
