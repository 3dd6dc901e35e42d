//! Calls per second of the generated client against the embedded mock server on loopback,
//! at concurrency 1 and 32, against raw reqwest posting the same pre-built, signed body to
//! the same server.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use linksfield::mock::MockServer;

use common::order;

/// Runs `total` calls split over `concurrency` tasks; returns the elapsed time.
async fn run<F, Fut>(total: u64, concurrency: u64, call: F) -> Duration
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let call = call.clone();
            let calls = total / concurrency + u64::from(task < total % concurrency);
            tokio::spawn(async move {
                for _ in 0..calls {
                    call().await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    started.elapsed()
}

fn throughput(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(MockServer::start()).unwrap();
    let client = Arc::new(server.client().unwrap());
    let order = Arc::new(order());
    let prepared = client.prepare(&*order).unwrap();
    let raw = reqwest::Client::new();
    let (url, body) = (prepared.url.clone(), prepared.body.clone());

    let mut group = c.benchmark_group("throughput/order_package");
    group
        .throughput(Throughput::Elements(1))
        .measurement_time(Duration::from_secs(8));
    for concurrency in [1u64, 32] {
        let (client, order) = (client.clone(), order.clone());
        group.bench_function(BenchmarkId::new("linksfield_client", concurrency), |b| {
            b.iter_custom(|iters| {
                let (client, order) = (client.clone(), order.clone());
                runtime.block_on(run(iters, concurrency, move || {
                    let (client, order) = (client.clone(), order.clone());
                    async move {
                        client.order_package(&order).await.unwrap();
                    }
                }))
            })
        });
        let (raw, url, body) = (raw.clone(), url.clone(), body.clone());
        group.bench_function(BenchmarkId::new("raw_reqwest", concurrency), |b| {
            b.iter_custom(|iters| {
                let (raw, url, body) = (raw.clone(), url.clone(), body.clone());
                runtime.block_on(run(iters, concurrency, move || {
                    let request = raw
                        .post(&url)
                        .header("content-type", "application/json")
                        .header("accept-language", "zh-CN")
                        .body(body.clone());
                    async move {
                        let response = request.send().await.unwrap();
                        let bytes = response.bytes().await.unwrap();
                        assert!(
                            bytes.starts_with(b"{\"code\":\"0000\""),
                            "{}",
                            String::from_utf8_lossy(&bytes)
                        );
                    }
                }))
            })
        });
    }
    group.finish();
    drop(server);
}

criterion_group!(benches, throughput);
criterion_main!(benches);
