//! Throughput of the generated client against raw reqwest, measured in alternating
//! rounds on the same mock server, so that drift in the machine (a shared, virtualised
//! host) and growth of the mock's order book affect both sides alike. Prints, per
//! concurrency, the median calls per second of each side and the median, lowest and
//! highest per-round ratio.
//!
//! `cargo bench -p linksfield --features mock --bench throughput_paired`

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use linksfield::mock::MockServer;

const ROUNDS: usize = 12;
const ROUND: Duration = Duration::from_millis(700);

/// Calls per second of `call` run by `concurrency` tasks for `ROUND`.
async fn rate<F, Fut>(concurrency: usize, call: Arc<F>) -> f64
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + ROUND;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (call, done) = (call.clone(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    call().await;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let middle = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let order = Arc::new(common::order());
    for concurrency in [1usize, 32] {
        runtime.block_on(async {
            let server = MockServer::builder()
                .without_request_log()
                .start()
                .await
                .unwrap();
            let client = Arc::new(server.client().unwrap());
            let prepared = client.prepare(&*order).unwrap();
            let raw = reqwest::Client::new();
            let (url, body) = (Arc::new(prepared.url), Arc::new(prepared.body));

            let client_call = {
                let order = order.clone();
                Arc::new(move || {
                    let (client, order) = (client.clone(), order.clone());
                    async move {
                        client.order_package(&order).await.unwrap();
                    }
                })
            };
            let raw_call = Arc::new(move || {
                let request = raw
                    .post(url.as_str())
                    .header("content-type", "application/json")
                    .header("accept-language", "zh-CN")
                    .body(body.as_str().to_string());
                async move {
                    let bytes = request.send().await.unwrap().bytes().await.unwrap();
                    assert!(bytes.starts_with(b"{\"code\":\"0000\""));
                }
            });

            // Warm both up (connections, allocator), then alternate which goes first.
            rate(concurrency, client_call.clone()).await;
            rate(concurrency, raw_call.clone()).await;
            let (mut clients, mut raws, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
            for round in 0..ROUNDS {
                let (c, r) = if round % 2 == 0 {
                    let c = rate(concurrency, client_call.clone()).await;
                    (c, rate(concurrency, raw_call.clone()).await)
                } else {
                    let r = rate(concurrency, raw_call.clone()).await;
                    (rate(concurrency, client_call.clone()).await, r)
                };
                clients.push(c);
                raws.push(r);
                ratios.push(c / r);
            }
            let (low, high) = ratios
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
            println!(
                "concurrency {concurrency:>2}: linksfield {:>8.0} calls/s, raw reqwest {:>8.0} calls/s, ratio median {:.3} (rounds {low:.3} to {high:.3}, {ROUNDS} rounds of {ROUND:?} each side)",
                median(&mut clients),
                median(&mut raws),
                median(&mut ratios),
            );
        });
    }
}
