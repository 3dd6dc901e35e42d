//! The `tracing` output of calls, captured with a subscriber: one span per call with
//! its fields, an event per retry, and never a credential, the signature or a body.

// Shared with the other integration tests; each uses part of it.
#[allow(dead_code)]
mod common;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{example_response, mall_order, response, serve, write};
use linksfield::{Client, QueryDeviceRequest, RetryPolicy};
use tracing_subscriber::fmt::format::FmtSpan;

const SECRET: &str = "span-secret-7f3a";
const TOKEN: &str = "span-mall-token-91c2";
const DEVICE: &str = "89852022018041800192";

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .access_code("P000270")
        .secret(SECRET)
        .access_token(TOKEN)
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(5)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn calls_are_spans_with_their_fields_and_retries_are_events_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(FmtSpan::CLOSE)
        .with_max_level(tracing::Level::TRACE)
        .finish();
    // The test's runtime runs on this thread only, so a thread-local default sees it all.
    let _guard = tracing::subscriber::set_default(subscriber);

    let served = AtomicUsize::new(0);
    let csss = serve(4, move |stream| {
        let answer = match served.fetch_add(1, Ordering::SeqCst) {
            0 => response("503 Service Unavailable", &[], "busy"),
            _ => response("200 OK", &[], &example_response("order_package")),
        };
        write(stream, &answer);
    });
    let query = QueryDeviceRequest {
        device_id: DEVICE.into(),
    };
    client(&csss.url).query_device(&query).await.unwrap();
    let mall_answer = response("200 OK", &[], &example_response("pre_order_package"));
    let mall = serve(1, move |stream| write(stream, &mall_answer));
    client(&mall.url)
        .pre_order_package(&mall_order())
        .await
        .unwrap();

    let text = captured.text();
    let lines: Vec<&str> = text.lines().collect();
    let retry = lines
        .iter()
        .find(|line| line.contains("retrying"))
        .unwrap_or_else(|| panic!("no retry event in\n{text}"));
    for field in [
        "attempt=1",
        "reason=\"HTTP 503\"",
        "delay_ms=",
        "endpoint=\"query_device\"",
    ] {
        assert!(retry.contains(field), "retry event lacks {field}: {retry}");
    }
    let closed: Vec<&&str> = lines.iter().filter(|line| line.contains("close")).collect();
    assert_eq!(closed.len(), 2, "{text}");
    for (line, fields) in [
        (
            closed[0],
            [
                "endpoint=\"query_device\"",
                "family=\"csss\"",
                "http.method=\"POST\"",
                "attempt=2",
                "http.status=200",
                "vendor_code=\"0000\"",
            ],
        ),
        (
            closed[1],
            [
                "endpoint=\"pre_order_package\"",
                "family=\"esim_mall\"",
                "http.method=\"POST\"",
                "attempt=1",
                "http.status=200",
                "vendor_code=\"0\"",
            ],
        ),
    ] {
        for field in fields.iter().chain(&["elapsed_ms="]) {
            assert!(line.contains(field), "span lacks {field}: {line}");
        }
    }

    // What was sent never shows: credentials, signatures, body fields.
    let signatures: Vec<String> = csss
        .requests()
        .iter()
        .map(|request| {
            let text = String::from_utf8_lossy(request);
            let body = text.split_once("\r\n\r\n").unwrap().1;
            let json: serde_json::Value = serde_json::from_str(body).unwrap();
            json["sign"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(signatures.len(), 2);
    for secret in [SECRET, TOKEN, DEVICE, "LP20220325000000", "P000270"]
        .into_iter()
        .chain(signatures.iter().map(String::as_str))
    {
        assert!(!text.contains(secret), "{secret} shows in\n{text}");
    }
}
