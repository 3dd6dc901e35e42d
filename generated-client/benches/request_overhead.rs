//! Per-request overhead of the client (validate, serialize, fill, canonicalize, sign and
//! encode orderPackage) against a hand-written floor that builds the same canonical string
//! and body by hand and signs them with the same crates.

mod common;

use base64::Engine as _;
use common::order;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use hmac::{Hmac, Mac};
use linksfield::{Client, OrderPackageRequest, PayType, TimestampUnit};

const SECRET: &str = "bench-secret";

/// The floor: the same canonical string and body, written by hand for this one request.
fn hand_written(order: &OrderPackageRequest, timestamp: &str) -> String {
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
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(SECRET.as_bytes()).unwrap();
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
    let floor_body: serde_json::Value =
        serde_json::from_str(&hand_written(&order, &timestamp)).unwrap();
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
        b.iter(|| hand_written(black_box(&order), black_box(&timestamp)))
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);
