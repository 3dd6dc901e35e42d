//! Every documented example: request examples parse into the typed request, validate
//! cleanly and serialize back to the same JSON; response examples decode into the typed
//! response.

use linksfield::{Endpoint, OPERATIONS};
use serde_json::{Map, Value};

/// The example as the typed request must reproduce it: without the family's runtime-filled
/// fields, and without empty values, which the family's rule treats as absent (they are
/// neither signed nor part of the request's meaning).
fn expected_body<E: Endpoint>() -> Map<String, Value> {
    let operation = E::OPERATION;
    let text = operation
        .example_request
        .expect("every seed endpoint documents a request");
    let Value::Object(example) = serde_json::from_str(text).unwrap() else {
        panic!("{}: request example is not an object", operation.name)
    };
    example
        .into_iter()
        .filter(|(key, _)| !operation.family.is_common_field(key))
        .filter(|(_, value)| value != &Value::String(String::new()))
        .collect()
}

fn request_round_trips<E, F>(from_json: F) -> E
where
    E: Endpoint,
    F: Fn(&Value) -> Result<E, linksfield::ValidationErrors>,
{
    let operation = E::OPERATION;
    let text = operation.example_request.unwrap();
    let request = from_json(&serde_json::from_str(text).unwrap())
        .unwrap_or_else(|errors| panic!("{}: example does not parse: {errors}", operation.name));
    request
        .validate()
        .unwrap_or_else(|errors| panic!("{}: example does not validate: {errors}", operation.name));
    let Value::Object(serialized) = serde_json::to_value(&request).unwrap() else {
        panic!(
            "{}: request does not serialize to an object",
            operation.name
        )
    };
    assert_eq!(serialized, expected_body::<E>(), "{}", operation.name);
    request
}

/// The documented response example decoded; endpoints whose page documents no response
/// (a recorded gap) have none to check.
fn response_decodes<E: Endpoint>() -> Option<E::Response> {
    let operation = E::OPERATION;
    let text = operation.example_response?;
    let envelope: Value = serde_json::from_str(text).unwrap();
    let data = envelope[operation.family.envelope.data_field].clone();
    let decoded = serde_json::from_value(data).unwrap_or_else(|error| {
        panic!(
            "{}: response example does not decode: {error}",
            operation.name
        )
    });
    Some(decoded)
}

macro_rules! examples {
    ($($test:ident: $request:ty;)*) => {
        $(
            #[test]
            fn $test() {
                request_round_trips::<$request, _>(<$request>::from_json);
                response_decodes::<$request>();
            }
        )*

        #[test]
        fn every_operation_has_an_example_test() {
            let tested = [$(<$request as Endpoint>::OPERATION.name),*];
            let all: Vec<&str> = OPERATIONS.iter().map(|op| op.name).collect();
            assert_eq!(tested.as_slice(), all.as_slice());
        }
    };
}

examples! {
    ahead_finish_device_order: linksfield::AheadFinishDeviceOrderRequest;
    batch_order_packages: linksfield::BatchOrderPackagesRequest;
    create_ota_order: linksfield::CreateOtaOrderRequest;
    open_package: linksfield::OpenPackageRequest;
    order_package: linksfield::OrderPackageRequest;
    pause_service: linksfield::PauseServiceRequest;
    query_device: linksfield::QueryDeviceRequest;
    query_device_flow_usage: linksfield::QueryDeviceFlowUsageRequest;
    query_order: linksfield::QueryOrderRequest;
    renew_package: linksfield::RenewPackageRequest;
    sync_asset_info: linksfield::SyncAssetInfoRequest;
    payment_webhook: linksfield::PaymentWebhookRequest;
    pre_order_package: linksfield::PreOrderPackageRequest;
}

#[test]
fn renew_period_is_signed_as_a_json_number() {
    let request = request_round_trips::<linksfield::RenewPackageRequest, _>(
        linksfield::RenewPackageRequest::from_json,
    );
    assert_eq!(request.renew_period, Some(1));
    let client = linksfield::Client::builder()
        .access_code("P000270")
        .secret("s")
        .build()
        .unwrap();
    let body = client.prepare(&request).unwrap().body;
    assert!(body.contains(r#""renew_period":1,"#), "{body}");
}

#[test]
fn order_package_example_reads_as_documented() {
    use linksfield::{OrderPackageRequest, PackageType, PayRst, PayType};
    let request = request_round_trips::<OrderPackageRequest, _>(OrderPackageRequest::from_json);
    assert_eq!(request.package_type, PackageType::Monthly);
    assert_eq!(request.pay_rst, PayRst::Unpaid);
    assert_eq!(request.pay_type, Some(PayType::Alipay));
    assert_eq!(PackageType::Monthly.meaning(), Some("monthly plan"));

    let response = response_decodes::<OrderPackageRequest>().unwrap();
    assert_eq!(response.order_id, "ORDER_47452122261749760");
    assert_eq!(response.sign, None);
    assert_eq!(response.order_start_date, None);
}

#[test]
fn open_package_dates_accept_what_the_server_really_sends() {
    let response = response_decodes::<linksfield::OpenPackageRequest>().unwrap();
    // Documented as YYYYMMDD; the example sends a date and time.
    assert_eq!(response.order_start_date.as_str(), "2022-01-27 11:23:43");
    let start = response.order_start_date.parts().unwrap();
    assert_eq!(
        (start.year, start.month, start.day, start.time),
        (2022, 1, 27, Some((11, 23, 43)))
    );
    assert_eq!(response.order_expire_date.parts().unwrap().year, 2023);
}

#[test]
fn empty_optional_enum_in_the_example_counts_as_absent() {
    let request = request_round_trips::<linksfield::AheadFinishDeviceOrderRequest, _>(
        linksfield::AheadFinishDeviceOrderRequest::from_json,
    );
    assert_eq!(request.device_type, None);
}

#[test]
fn mall_example_keeps_camel_case_and_numbers() {
    let request = request_round_trips::<linksfield::PreOrderPackageRequest, _>(
        linksfield::PreOrderPackageRequest::from_json,
    );
    assert_eq!(request.currency_id, Some(2));
    let response = response_decodes::<linksfield::PreOrderPackageRequest>().unwrap();
    assert_eq!(response.order_no.as_deref(), Some("ESIM_L202212050000000"));
    assert_eq!(response.id, Some(1055200093));
}

#[test]
fn deprecated_endpoints_are_marked() {
    let deprecated: Vec<&str> = OPERATIONS
        .iter()
        .filter(|op| op.deprecated)
        .map(|op| op.name)
        .collect();
    assert_eq!(deprecated, ["pause_service"]);
}

#[test]
fn bulk_order_example_reads_as_documented() {
    use linksfield::BatchOrderPackagesRequest;
    let request =
        request_round_trips::<BatchOrderPackagesRequest, _>(BatchOrderPackagesRequest::from_json);
    assert_eq!(
        request.device_list,
        ["89852022018041800192", "89852022018041800193"]
    );
    let response = response_decodes::<BatchOrderPackagesRequest>().unwrap();
    assert_eq!(response.device_order.len(), 2);
    let second = &response.device_order[1];
    assert_eq!(second.order_id, "ORDER_47453927590854656");
    assert_eq!(second.error_msg, "success");
    assert_eq!(second.order_start_date, None);
}

#[test]
fn query_order_example_sends_integers_and_drops_empty_filters() {
    let request = request_round_trips::<linksfield::QueryOrderRequest, _>(
        linksfield::QueryOrderRequest::from_json,
    );
    assert_eq!((request.page_no, request.page_size), (1, 2));
    assert_eq!(request.device_id, None);
}
