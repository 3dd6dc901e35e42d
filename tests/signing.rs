//! The CSSS signature against vectors computed outside this code base:
//! `printf %s "$CANONICAL" | openssl dgst -sha1 -hmac lfgen-test-secret -binary | base64`.

use linksfield::signing::{canonical_string, sign};
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
