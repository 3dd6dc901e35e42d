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
    let order = Arc::new(order());
    // Every benchmark gets a fresh mock (without the request log): the server's order
    // book grows by one order per call, and a book grown by earlier runs would make
    // whichever side runs later slower.
    let fresh_server = || {
        runtime
            .block_on(MockServer::builder().without_request_log().start())
            .unwrap()
    };

    let mut group = c.benchmark_group("throughput/order_package");
    group
        .throughput(Throughput::Elements(1))
        .measurement_time(Duration::from_secs(8));
    // Concurrency 32 first: its client figure is sensitive to what ran before it in the
    // process (see BENCHMARKS.md).
    for concurrency in [32u64, 1] {
        let server = fresh_server();
        let client = Arc::new(server.client().unwrap());
        let order = order.clone();
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
        drop(server);

        let server = fresh_server();
        let prepared = server.client().unwrap().prepare(&*order).unwrap();
        let raw = reqwest::Client::new();
        let (url, body) = (prepared.url, prepared.body);
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
        drop(server);
    }
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
