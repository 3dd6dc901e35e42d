//! The client against a real HTTP server on loopback: method, path, headers and body as
//! documented; a signature the server recomputes independently; typed success, vendor
//! errors and malformed responses; nothing sent for invalid requests.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::Router;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use linksfield::{Client, Error, Language, OrderPackageRequest, PreOrderPackageRequest};
use serde_json::{json, Value};

const SECRET: &str = "e2e-secret";

#[derive(Debug, Clone)]
struct Received {
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Value,
}

type Reply = Arc<dyn Fn(&Received) -> (StatusCode, String) + Send + Sync>;

/// A loopback server that records every request and answers with `reply`.
async fn serve(
    reply: impl Fn(&Received) -> (StatusCode, String) + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Received>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let reply: Reply = Arc::new(reply);
    let log = received.clone();
    let app = Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let log = log.clone();
            let reply = reply.clone();
            async move {
                let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let request = Received {
                    method,
                    path: uri.path().to_string(),
                    headers,
                    body,
                };
                let answer = reply(&request);
                log.lock().unwrap().push(request);
                answer
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{address}"), received)
}

/// The server's side of the signature, written independently of the client's runtime:
/// non-empty parameters except `sign`, sorted by key, as compact JSON.
fn signature_is_valid(body: &Value) -> bool {
    let Some(object) = body.as_object() else {
        return false;
    };
    let signed: BTreeMap<&String, &Value> = object
        .iter()
        .filter(|(key, value)| {
            key.as_str() != "sign" && !value.is_null() && value.as_str() != Some("")
        })
        .collect();
    let canonical = serde_json::to_string(&signed).unwrap();
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(canonical.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    body["sign"].as_str() == Some(expected.as_str())
}

fn example_response(name: &str) -> String {
    let operation = linksfield::OPERATIONS
        .iter()
        .find(|op| op.name == name)
        .unwrap();
    operation.example_response.unwrap().to_string()
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .access_code("P000270")
        .secret(SECRET)
        .access_token("mall-token")
        .language(Language::EnUs)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn order() -> OrderPackageRequest {
    workspace_tests::monthly_plan_order()
}

#[tokio::test]
async fn order_package_is_sent_signed_and_decoded() {
    let (base_url, received) = serve(|request| {
        if signature_is_valid(&request.body) {
            (StatusCode::OK, example_response("order_package"))
        } else {
            (
                StatusCode::OK,
                r#"{"code":"1001","data":null,"message":"bad sign","success":false}"#.into(),
            )
        }
    })
    .await;

    let response = client(&base_url).order_package(&order()).await.unwrap();
    assert_eq!(response.order_id, "ORDER_47452122261749760");

    let received = received.lock().unwrap();
    let [request] = received.as_slice() else {
        panic!("expected one request, got {}", received.len())
    };
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.path, "/package/orderPackage");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["accept-language"], "en-US");
    let body = &request.body;
    assert_eq!(body["access_code"], "P000270");
    assert_eq!(body["version"], "2.0");
    let timestamp = body["timestamp"].as_str().unwrap();
    assert!(
        timestamp.len() == 10 && timestamp.bytes().all(|b| b.is_ascii_digit()),
        "{timestamp}"
    );
    assert_eq!(body["package_type"], "2");
    assert_eq!(body["pay_type"], "2");
    assert_eq!(body["package_name"], "C_M_0_P_中国20M不限速月套餐");
    assert_eq!(body["sign"].as_str().unwrap().len(), 28);
}

#[tokio::test]
async fn optional_fields_left_out_are_absent_from_the_body() {
    let (base_url, received) = serve(|_| (StatusCode::OK, example_response("order_package"))).await;
    let request = OrderPackageRequest {
        pay_type: None,
        ..order()
    };
    client(&base_url).order_package(&request).await.unwrap();
    let body = received.lock().unwrap()[0].body.clone();
    assert!(body.get("pay_type").is_none(), "{body}");
}

#[tokio::test]
async fn vendor_error_code_becomes_api_error() {
    let (base_url, _) = serve(|_| {
        (
            StatusCode::OK,
            r#"{"code":"2003","data":null,"message":"订单不存在","success":false}"#.into(),
        )
    })
    .await;
    let request = linksfield::OpenPackageRequest {
        order_id: "404".into(),
    };
    match client(&base_url).open_package(&request).await {
        Err(Error::Api {
            status,
            code,
            message,
            ..
        }) => {
            assert_eq!(
                (status, code.as_str(), message.as_str()),
                (200, "2003", "订单不存在")
            );
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn non_json_body_becomes_decode_error_with_the_raw_body() {
    let (base_url, _) =
        serve(|_| (StatusCode::BAD_GATEWAY, "<html>upstream down</html>".into())).await;
    let request = linksfield::OpenPackageRequest {
        order_id: "1".into(),
    };
    match client(&base_url).open_package(&request).await {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!((status, body.as_str()), (502, "<html>upstream down</html>"));
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_request_sends_nothing() {
    let (base_url, received) = serve(|_| (StatusCode::OK, example_response("order_package"))).await;
    let request = OrderPackageRequest {
        device_id: "12345".into(),
        ..order()
    };
    match client(&base_url).order_package(&request).await {
        Err(Error::Validation(errors)) => {
            assert_eq!(errors.fields().collect::<Vec<_>>(), ["device_id"])
        }
        other => panic!("expected Error::Validation, got {other:?}"),
    }
    assert!(received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let (base_url, received) = serve(|_| (StatusCode::OK, example_response("order_package"))).await;
    let client = Client::builder().base_url(&base_url).build().unwrap();
    match client.order_package(&order()).await {
        Err(Error::Config(message)) => assert!(message.contains("LINKSFIELD_SECRET"), "{message}"),
        other => panic!("expected Error::Config, got {other:?}"),
    }
    assert!(received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn mall_request_carries_the_token_and_no_signature() {
    let (base_url, received) = serve(|request| {
        if request
            .headers
            .get("x-access-token")
            .is_some_and(|t| t == "mall-token")
        {
            (StatusCode::OK, example_response("pre_order_package"))
        } else {
            (
                StatusCode::OK,
                r#"{"code":7,"data":null,"message":"token expired"}"#.into(),
            )
        }
    })
    .await;
    let request = PreOrderPackageRequest {
        currency: Some("USD".into()),
        currency_id: Some(2),
        device_type: Some("10".into()),
        discount_flag: Some(0),
        id: Some(1000000),
        money: Some(5.into()),
        package_code: Some("LP20220325000000".into()),
        package_num: Some(1),
        partner_code: Some("1000000005".into()),
        period_num: Some(1),
    };
    let response = client(&base_url).pre_order_package(&request).await.unwrap();
    assert_eq!(response.order_no.as_deref(), Some("ESIM_L202212050000000"));

    let body = received.lock().unwrap()[0].body.clone();
    assert_eq!(
        body,
        json!({
            "currency": "USD", "currencyId": 2, "deviceType": "10", "discountFlag": 0, "id": 1000000,
            "money": 5, "packageCode": "LP20220325000000", "packageNum": 1, "partnerCode": "1000000005", "periodNum": 1
        })
    );

    let expired = Client::builder()
        .base_url(&base_url)
        .access_token("stale")
        .build()
        .unwrap();
    match expired.pre_order_package(&request).await {
        Err(error @ Error::Api { .. }) => {
            let code = error.api_code().unwrap();
            assert_eq!(
                code,
                linksfield::ApiCode::EsimMall(linksfield::EsimMallCode::TokenExpired)
            );
            assert_eq!(code.as_str(), "7");
            assert!(code.meaning().unwrap().starts_with("expired token"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn deprecated_pause_service_still_works() {
    let (base_url, received) = serve(|_| (StatusCode::OK, example_response("pause_service"))).await;
    let request = linksfield::PauseServiceRequest {
        device_id: "89852022018041800192".into(),
        order_id: "202107061625560742397".into(),
    };
    #[allow(deprecated)] // The vendor deprecates the endpoint; calling it must still work.
    let response = client(&base_url).pause_service(&request).await.unwrap();
    assert_eq!(response, linksfield::NoData);
    assert_eq!(received.lock().unwrap()[0].path, "/device/pauseService");
}

#[tokio::test]
async fn every_call_is_bounded_by_the_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    // Accepts connections and never answers.
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .access_code("P000270")
        .secret(SECRET)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let request = linksfield::OpenPackageRequest {
        order_id: "1".into(),
    };
    match client.open_package(&request).await {
        Err(Error::Http(error)) => assert!(error.is_timeout(), "{error}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// `prepare` reports what `execute` sends (they build headers and URLs on separate
/// paths), and a prepared request sent with another HTTP client decodes with
/// `decode_response`.
#[tokio::test]
async fn execute_sends_what_prepare_reports_and_decode_response_reads_the_answer() {
    let (base_url, received) = serve(|request| {
        let name = if request.path.ends_with("/preOrderPackage") {
            "pre_order_package"
        } else {
            "order_package"
        };
        (StatusCode::OK, example_response(name))
    })
    .await;
    let client = client(&base_url);
    let mall_request = PreOrderPackageRequest {
        currency: Some("USD".into()),
        currency_id: None,
        device_type: None,
        discount_flag: None,
        id: None,
        money: None,
        package_code: Some("LP20220325000000".into()),
        package_num: Some(1),
        partner_code: None,
        period_num: None,
    };
    let prepared = [
        client.prepare(&order()).unwrap(),
        client.prepare(&mall_request).unwrap(),
    ];
    client.order_package(&order()).await.unwrap();
    client.pre_order_package(&mall_request).await.unwrap();

    let sent = std::mem::take(&mut *received.lock().unwrap());
    assert_eq!(sent.len(), 2);
    for (prepared, sent) in prepared.iter().zip(sent.iter()) {
        assert_eq!(sent.method.as_str(), prepared.method);
        assert_eq!(format!("{base_url}{}", sent.path), prepared.url);
        for (name, value) in &prepared.headers {
            assert_eq!(
                sent.headers.get(*name).and_then(|v| v.to_str().ok()),
                Some(value.as_ref()),
                "header {name} of {}",
                prepared.url
            );
        }
    }

    let prepared = client.prepare(&order()).unwrap();
    let mut request = reqwest::Client::new().post(&prepared.url);
    for (name, value) in &prepared.headers {
        request = request.header(*name, value.as_ref());
    }
    let response = request.body(prepared.body).send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    let decoded = linksfield::decode_response::<OrderPackageRequest>(status, &body).unwrap();
    assert_eq!(decoded.order_id, "ORDER_47452122261749760");
}
