//! One side of the throughput comparison at a time, sequentially, on a single thread:
//! for counting what a call costs under `valgrind --tool=callgrind`, whose instruction
//! counts do not move with the machine's load as wall-clock rates do.
//!
//! `call_instructions client|raw CALLS` makes `CALLS` orderPackage calls against the
//! embedded mock (after the same warm-up for both sides); the difference of two counts
//! with different `CALLS` divided by the difference of `CALLS` is the cost of one call,
//! the mock's share included, since it runs in the same process as in
//! `throughput_paired`. `tests/bench/call-instructions.sh` runs it and prints the ratio.

mod common;

use linksfield::mock::MockServer;

const WARM_UP: usize = 50;

fn main() {
    let mut args = std::env::args().skip(1);
    let side = args.next().unwrap_or_default();
    let calls: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = MockServer::builder()
            .without_request_log()
            .start()
            .await
            .unwrap();
        let client = server.client().unwrap();
        let order = common::order();
        match side.as_str() {
            "client" => {
                for _ in 0..WARM_UP + calls {
                    client.order_package(&order).await.unwrap();
                }
            }
            "raw" => {
                // The body the client would send, signed once: what raw reqwest is given.
                let prepared = client.prepare(&order).unwrap();
                let raw = reqwest::Client::new();
                for _ in 0..WARM_UP + calls {
                    let bytes = raw
                        .post(prepared.url.as_str())
                        .header("content-type", "application/json")
                        .header("accept-language", "zh-CN")
                        .body(prepared.body.clone())
                        .send()
                        .await
                        .unwrap()
                        .bytes()
                        .await
                        .unwrap();
                    assert!(bytes.starts_with(b"{\"code\":\"0000\""));
                }
            }
            other => panic!("usage: call_instructions client|raw CALLS (got {other:?})"),
        }
    });
}
