//! A 200 MB answer leaves the client's peak memory under its response limit plus a small
//! constant, whether the size is declared or streamed. A test binary of its own with one
//! test: the peak (VmHWM) is the whole process's, so nothing else may run beside it.

#![cfg(target_os = "linux")]

// Shared with the other integration tests; each uses part of it.
#[allow(dead_code)]
mod common;

use std::time::Duration;

use common::{example_response, response, serve, write, write_huge};
use linksfield::{Client, Error, OpenPackageRequest, DEFAULT_MAX_RESPONSE_BYTES};

/// 200 MB of body, in 64 KiB pages.
const PAGES: usize = 200 * 1024 * 1024 / (64 * 1024);

/// What the process may grow by beyond the limit: buffers, a runtime's worth of
/// allocations, the text of an error.
const SLACK: usize = 8 * 1024 * 1024;

/// The process's peak resident memory so far, in bytes.
fn peak_memory() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kilobytes: usize = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kilobytes * 1024
}

#[test]
fn a_200_mb_answer_costs_at_most_the_limit() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let calls = [
            ("warm-up", None),
            ("declared", Some(false)),
            ("streamed", Some(true)),
        ];
        let mut baseline = 0;
        for (name, chunked) in calls {
            let server = match chunked {
                None => {
                    let small = response("200 OK", &[], &example_response("open_package"));
                    serve(1, move |stream| write(stream, &small))
                }
                Some(chunked) => serve(1, move |stream| {
                    write_huge(stream, "502 Bad Gateway", PAGES, chunked)
                }),
            };
            let client = Client::builder()
                .base_url(&server.url)
                .access_code("P000270")
                .secret("s")
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap();
            let request = OpenPackageRequest {
                order_id: "1".into(),
            };
            let result = client.open_package(&request).await;
            match (chunked, result) {
                // Everything a call allocates once (runtime, pool, TLS roots) is counted
                // before the peak is taken.
                (None, result) => {
                    result.unwrap();
                    baseline = peak_memory();
                }
                (
                    Some(chunked),
                    Err(Error::ResponseTooLarge {
                        status,
                        content_length,
                        body,
                        ..
                    }),
                ) => {
                    assert_eq!(status, 502, "{name}");
                    assert_eq!(content_length.is_some(), !chunked, "{name}");
                    assert!(body.len() <= linksfield::MAX_ERROR_TEXT_BYTES, "{name}");
                }
                (_, other) => {
                    // Only the start: the error may carry the whole body.
                    let other: String = format!("{other:?}").chars().take(300).collect();
                    panic!("{name}: expected Error::ResponseTooLarge, got {other}")
                }
            }
            // Sent once: a refused answer is never retried.
            assert_eq!(server.connections(), 1, "{name}");
            assert_eq!(server.requests().len(), 1, "{name}");
        }
        let grown = peak_memory().saturating_sub(baseline);
        assert!(
            grown < DEFAULT_MAX_RESPONSE_BYTES + SLACK,
            "the peak grew by {} MiB",
            grown / (1024 * 1024)
        );
    });
}
