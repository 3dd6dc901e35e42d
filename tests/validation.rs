//! Each rule kind (required, enum, format, type, unknown field) is enforced, all
//! violations are reported at once, and each names its wire field.

use linksfield::{Format, OrderPackageRequest, PackageType, PreOrderPackageRequest, Rule};
use serde_json::{json, Value};

fn valid_order() -> OrderPackageRequest {
    workspace_tests::monthly_plan_order()
}

fn order_json() -> Value {
    serde_json::to_value(valid_order()).unwrap()
}

fn rules(errors: &linksfield::ValidationErrors) -> Vec<(&str, &Rule)> {
    errors
        .violations()
        .iter()
        .map(|v| (v.field.as_str(), &v.rule))
        .collect()
}

#[test]
fn a_valid_request_passes() {
    assert_eq!(valid_order().validate(), Ok(()));
    assert_eq!(
        OrderPackageRequest::from_json(&order_json()),
        Ok(valid_order())
    );
}

#[test]
fn required_field_that_is_empty_or_missing_is_rejected() {
    let request = OrderPackageRequest {
        package_code: String::new(),
        ..valid_order()
    };
    let errors = request.validate().unwrap_err();
    assert_eq!(rules(&errors), [("package_code", &Rule::Required)]);

    let mut body = order_json();
    body.as_object_mut().unwrap().remove("package_name");
    let errors = OrderPackageRequest::from_json(&body).unwrap_err();
    assert_eq!(rules(&errors), [("package_name", &Rule::Required)]);
    assert!(errors.to_string().contains("`package_name` is required"));
}

#[test]
fn enum_value_outside_the_documented_codes_is_rejected() {
    let mut body = order_json();
    body["package_type"] = json!("9");
    let errors = OrderPackageRequest::from_json(&body).unwrap_err();
    assert_eq!(
        rules(&errors),
        [(
            "package_type",
            &Rule::Enum {
                allowed: PackageType::WIRE_VALUES,
                got: "9".into()
            }
        )]
    );
    assert_eq!(
        errors.to_string(),
        "`package_type` is \"9\", not one of 0, 1, 2, 3, 4, 5"
    );
}

#[test]
fn format_violations_are_rejected() {
    let request = OrderPackageRequest {
        device_id: "8985".into(),
        pay_amount: "12.345".into(),
        order_period: "one".into(),
        ..valid_order()
    };
    let errors = request.validate().unwrap_err();
    assert_eq!(
        rules(&errors),
        [
            (
                "device_id",
                &Rule::Format {
                    format: Format::Iccid,
                    got: "8985".into()
                }
            ),
            (
                "order_period",
                &Rule::Format {
                    format: Format::UnsignedInteger,
                    got: "one".into()
                }
            ),
            (
                "pay_amount",
                &Rule::Format {
                    format: Format::Decimal2,
                    got: "12.345".into()
                }
            ),
        ]
    );
}

#[test]
fn every_violation_is_reported_at_once() {
    let mut body = order_json();
    let object = body.as_object_mut().unwrap();
    object.remove("package_code");
    object.insert("device_id".into(), json!("not-an-iccid"));
    object.insert("pay_rst".into(), json!("3"));
    object.insert("pay_type".into(), json!(2));
    object.insert("colour".into(), json!("blue"));
    let errors = OrderPackageRequest::from_json(&body).unwrap_err();
    let mut fields: Vec<&str> = errors.fields().collect();
    fields.sort();
    assert_eq!(
        fields,
        ["colour", "device_id", "package_code", "pay_rst", "pay_type"]
    );
}

#[test]
fn family_fields_are_accepted_and_ignored_when_decoding() {
    let mut body = order_json();
    let object = body.as_object_mut().unwrap();
    for (key, value) in [
        ("access_code", "P000270"),
        ("timestamp", "1643253530"),
        ("version", "2.0"),
        ("sign", "x"),
    ] {
        object.insert(key.into(), json!(value));
    }
    assert_eq!(OrderPackageRequest::from_json(&body), Ok(valid_order()));
}

#[test]
fn wrong_json_types_are_rejected() {
    let body = json!({
        "currency": "USD", "currencyId": "2", "deviceType": "10", "discountFlag": 0, "id": 1000000,
        "money": "5", "packageCode": "LP20220325000000", "packageNum": 1, "partnerCode": "1000000005", "periodNum": 1
    });
    let errors = PreOrderPackageRequest::from_json(&body).unwrap_err();
    assert_eq!(
        rules(&errors),
        [
            (
                "currencyId",
                &Rule::Type {
                    expected: "integer"
                }
            ),
            ("money", &Rule::Type { expected: "number" })
        ]
    );
    let errors = PreOrderPackageRequest::from_json(&json!([1, 2])).unwrap_err();
    assert_eq!(rules(&errors), [("(body)", &Rule::NotAnObject)]);
}
