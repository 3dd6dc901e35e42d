//! Throughput of the generated client against raw reqwest, measured in rotating rounds
//! on the same mock server, so that drift in the machine (a shared, virtualised host)
//! and growth of the mock's order book affect every side alike. Three floors: raw reqwest
//! given the URL as text (the floor), raw reqwest given a URL parsed once
//! (stricter: the client parses its URLs once too), and raw hyper, the client's own
//! transport (what the client adds to it: signing, encoding, decoding, the retry loop).
//! Prints, per concurrency, the median calls per second of each side and the median,
//! lowest and highest per-round ratio of the client to each floor.
//!
//! `cargo bench -p linksfield --features mock --bench throughput_paired`

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use linksfield::mock::MockServer;

const ROUNDS: usize = 12;
const ROUND: Duration = Duration::from_millis(700);

/// Calls per second of `call` run by `concurrency` tasks for `ROUND`.
async fn rate<F, Fut>(concurrency: usize, call: Arc<F>) -> f64
where
    F: Fn() -> Fut + Send + Sync + ?Sized + 'static,
    Fut: Future<Output = ()> + Send,
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

/// A way of making one call, boxed so that the sides can share one list.
type Call = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// Raw reqwest posting the pre-built body to `url` (text, or parsed once).
fn raw_side<U>(raw: reqwest::Client, url: U, body: Arc<String>) -> Call
where
    U: reqwest::IntoUrl + Clone + Send + Sync + 'static,
{
    Arc::new(move || {
        let request = raw
            .post(url.clone())
            .header("content-type", "application/json")
            .header("accept-language", "zh-CN")
            .body(body.as_str().to_string());
        Box::pin(async move {
            let bytes = request.send().await.unwrap().bytes().await.unwrap();
            assert!(bytes.starts_with(b"{\"code\":\"0000\""));
        })
    })
}

/// Raw hyper (the pooled client reqwest and this client build on) posting the
/// pre-built body to `url`.
fn hyper_side(url: &str, body: Arc<String>) -> Call {
    use http_body_util::{BodyExt, Full};
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Full<bytes::Bytes>>();
    let uri: http::Uri = url.parse().unwrap();
    Arc::new(move || {
        let request = http::Request::post(uri.clone())
            .header("content-type", "application/json")
            .header("accept-language", "zh-CN")
            .body(Full::new(bytes::Bytes::from(body.as_str().to_string())))
            .unwrap();
        let client = client.clone();
        Box::pin(async move {
            let response = client.request(request).await.unwrap();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            assert!(bytes.starts_with(b"{\"code\":\"0000\""));
        })
    })
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
            let body = Arc::new(prepared.body);
            let parsed_url = reqwest::Url::parse(&prepared.url).unwrap();

            let client_call: Call = {
                let order = order.clone();
                Arc::new(move || {
                    let (client, order) = (client.clone(), order.clone());
                    Box::pin(async move {
                        client.order_package(&order).await.unwrap();
                    })
                })
            };
            // The floor the issue sets: the URL given as text, as most code does. The
            // client parses its URLs once, so the stricter floor does too.
            let floors = [
                (
                    "raw reqwest",
                    raw_side(reqwest::Client::new(), prepared.url.clone(), body.clone()),
                ),
                (
                    "raw reqwest, URL parsed once",
                    raw_side(reqwest::Client::new(), parsed_url, body.clone()),
                ),
                ("raw hyper", hyper_side(&prepared.url, body)),
            ];

            // Warm every side up (connections, allocator), then rotate which goes first.
            let mut sides = vec![client_call];
            sides.extend(floors.iter().map(|(_, call)| call.clone()));
            for side in &sides {
                rate(concurrency, side.clone()).await;
            }
            let mut rates = vec![Vec::new(); sides.len()];
            let mut ratios = vec![Vec::new(); floors.len()];
            for round in 0..ROUNDS {
                let mut this_round = vec![0.0; sides.len()];
                for step in 0..sides.len() {
                    let side = (round + step) % sides.len();
                    this_round[side] = rate(concurrency, sides[side].clone()).await;
                }
                for (floor, ratio) in ratios.iter_mut().enumerate() {
                    ratio.push(this_round[0] / this_round[floor + 1]);
                }
                for (side, rate) in rates.iter_mut().enumerate() {
                    rate.push(this_round[side]);
                }
            }
            println!(
                "concurrency {concurrency:>2}: linksfield {:>8.0} calls/s ({ROUNDS} rounds of {ROUND:?} per side)",
                median(&mut rates[0]),
            );
            for (floor, (name, _)) in floors.iter().enumerate() {
                let (low, high) = ratios[floor]
                    .iter()
                    .fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
                println!(
                    "  vs {name:<30} {:>8.0} calls/s: ratio median {:.3} (rounds {low:.3} to {high:.3})",
                    median(&mut rates[floor + 1]),
                    median(&mut ratios[floor]),
                );
            }
        });
    }
}
