//! Per-request overhead of the client against hand-written floors for the same work:
//! - preparing orderPackage (validate, serialize, fill, canonicalize, sign, encode) against
//!   one `format!` of the same canonical string and body, signed with the same crates and
//!   the same HMAC key computed once;
//! - decoding its response envelope against serde's derive for a struct written for this
//!   one response.

mod common;

use base64::Engine as _;
use common::order;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use hmac::{Hmac, Mac};
use linksfield::{decode_response, Client, OrderPackageRequest, PayType, TimestampUnit};
use serde::Deserialize;

const SECRET: &str = "bench-secret";

/// The floor: the same canonical string and body, written by hand for this one request.
/// `key` is HMAC keyed once with the secret, as the client keeps it.
fn hand_written(key: &Hmac<sha1::Sha1>, order: &OrderPackageRequest, timestamp: &str) -> String {
    let canonical = format!(
        "{{\"access_code\":\"P000270\",\"device_id\":\"{}\",\"global_order\":\"{}\",\"is_open\":\"{}\",\"order_period\":\"{}\",\"package_code\":\"{}\",\"package_name\":\"{}\",\"package_type\":\"{}\",\"pay_amount\":\"{}\",\"pay_rst\":\"{}\",\"pay_type\":\"{}\",\"test_flow\":\"{}\",\"test_flow_flag\":\"{}\",\"timestamp\":\"{timestamp}\",\"version\":\"2.0\"}}",
        order.device_id,
        order.global_order.as_wire(),
        order.is_open.as_wire(),
        order.order_period,
        order.package_code,
        order.package_name,
        order.package_type.as_wire(),
        order.pay_amount,
        order.pay_rst.as_wire(),
        order.pay_type.map(PayType::as_wire).unwrap_or_default(),
        order.test_flow,
        order.test_flow_flag.as_wire(),
    );
    let mut mac = key.clone();
    mac.update(canonical.as_bytes());
    let sign = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let mut body = canonical;
    body.pop();
    body.push_str(",\"sign\":\"");
    body.push_str(&sign);
    body.push_str("\"}");
    body
}

fn overhead(c: &mut Criterion) {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .access_code("P000270")
        .secret(SECRET)
        .timestamp_unit(TimestampUnit::Seconds)
        .build()
        .unwrap();
    let order = order();
    let prepared = client.prepare(&order).unwrap();
    let timestamp: String = serde_json::from_str::<serde_json::Value>(&prepared.body).unwrap()
        ["timestamp"]
        .as_str()
        .unwrap()
        .to_string();
    // Both produce the same body for the same timestamp (checked here, not assumed).
    let key = Hmac::<sha1::Sha1>::new_from_slice(SECRET.as_bytes()).unwrap();
    let floor_body: serde_json::Value =
        serde_json::from_str(&hand_written(&key, &order, &timestamp)).unwrap();
    let client_body: serde_json::Value = serde_json::from_str(&prepared.body).unwrap();
    assert_eq!(
        floor_body, client_body,
        "the floor must build the same request"
    );

    let mut group = c.benchmark_group("request_overhead/order_package");
    group.bench_function("client_prepare", |b| {
        b.iter(|| client.prepare(black_box(&order)).unwrap())
    });
    group.bench_function("hand_written_floor", |b| {
        b.iter(|| hand_written(&key, black_box(&order), black_box(&timestamp)))
    });
    group.finish();
}

/// The floor of decoding: serde's derive for this one envelope and its data.
#[derive(Deserialize)]
struct HandWrittenEnvelope {
    code: String,
    #[allow(dead_code)]
    message: String,
    success: bool,
    data: HandWrittenOrder,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct HandWrittenOrder {
    sign: Option<String>,
    order_id: String,
    order_start_date: Option<String>,
    order_expire_date: Option<String>,
}

fn hand_written_decode(body: &[u8]) -> Option<HandWrittenOrder> {
    let envelope: HandWrittenEnvelope = serde_json::from_slice(body).ok()?;
    (envelope.code == "0000" && envelope.success).then_some(envelope.data)
}

fn decode(c: &mut Criterion) {
    // The mock's answer to an order: the documented example with a fresh order id.
    let example = <OrderPackageRequest as linksfield::Endpoint>::OPERATION
        .example_response
        .unwrap();
    let body = example.replace("ORDER_47452122261749760", "MOCK_ORDER_000123");
    let body = body.as_bytes();
    let decoded = decode_response::<OrderPackageRequest>(200, body).unwrap();
    let floor = hand_written_decode(body).unwrap();
    assert_eq!(
        decoded.order_id, floor.order_id,
        "the floor must read the same response"
    );

    let mut group = c.benchmark_group("response_decode/order_package");
    group.bench_function("decode_response", |b| {
        b.iter(|| decode_response::<OrderPackageRequest>(200, black_box(body)).unwrap())
    });
    group.bench_function("hand_written_floor", |b| {
        b.iter(|| hand_written_decode(black_box(body)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, overhead, decode);
criterion_main!(benches);
