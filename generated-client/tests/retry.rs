//! Retries against loopback servers that count what they receive: a safe query is
//! retried, an order never once a byte may have reached the server, a refused
//! connection is retried for both, `Retry-After` is waited for, and no call outlasts its
//! timeout.

// Shared with the other integration tests; each uses part of it.
#[allow(dead_code)]
mod common;
/// The documented orderPackage request, shared with the benches.
#[path = "../benches/common/mod.rs"]
mod request;

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{example_response, response, serve, write, Server};
use linksfield::{Client, Error, QueryDeviceRequest, RetryPolicy, TimestampUnit};
use request::order;

/// Short waits, so that the tests stay fast.
fn fast_policy() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

fn client(base_url: &str, policy: RetryPolicy, timeout: Duration) -> Client {
    Client::builder()
        .base_url(base_url)
        .access_code("P000270")
        .secret("retry-secret")
        .timeout(timeout)
        .retry(policy)
        // Milliseconds, so that two attempts in the same second still differ.
        .timestamp_unit(TimestampUnit::Milliseconds)
        .build()
        .unwrap()
}

fn query() -> QueryDeviceRequest {
    QueryDeviceRequest {
        device_id: "89852022018041800192".into(),
    }
}

/// A server whose n-th connection (from 0) gets `answers[n]`, the last one thereafter
/// (for up to 64 connections).
fn scripted(answers: Vec<Vec<u8>>) -> Server {
    let served = AtomicUsize::new(0);
    serve(64, move |stream| {
        let index = served.fetch_add(1, Ordering::SeqCst).min(answers.len() - 1);
        write(stream, &answers[index]);
    })
}

fn unavailable(headers: &[(&str, &str)]) -> Vec<u8> {
    response("503 Service Unavailable", headers, "busy")
}

fn success() -> Vec<u8> {
    response("200 OK", &[], &example_response("order_package"))
}

/// The body of a recorded request, as text.
fn body(request: &[u8]) -> String {
    let text = String::from_utf8_lossy(request);
    text.split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_safe_query_answered_503_then_200_succeeds_in_two_requests_each_signed_afresh() {
    let server = scripted(vec![unavailable(&[]), success()]);
    let client = client(&server.url, fast_policy(), Duration::from_secs(5));
    client.query_device(&query()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let (first, second) = (body(&requests[0]), body(&requests[1]));
    let field = |body: &str, name: &str| {
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        json[name].as_str().unwrap().to_string()
    };
    assert_ne!(field(&first, "timestamp"), field(&second, "timestamp"));
    assert_ne!(field(&first, "sign"), field(&second, "sign"));
}

#[tokio::test]
async fn an_order_answered_503_fails_after_one_request() {
    let server = scripted(vec![unavailable(&[]), success()]);
    let client = client(&server.url, fast_policy(), Duration::from_secs(5));
    let error = client.order_package(&order()).await.unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!(server.connections(), 1);
}

/// A server that accepts up to 8 connections within 5 s, each on its own thread, reads
/// nothing and answers nothing for `hold`: every attempt hangs. Counts what it accepted.
fn hanging(hold: Duration) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let started = Instant::now();
        while count.load(Ordering::SeqCst) < 8 && started.elapsed() < Duration::from_secs(5) {
            match listener.accept() {
                Ok((stream, _)) => {
                    count.fetch_add(1, Ordering::SeqCst);
                    std::thread::spawn(move || {
                        std::thread::sleep(hold);
                        drop(stream);
                    });
                }
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn a_hung_query_is_retried_within_the_budget_and_a_hung_order_is_sent_once() {
    let budget = Duration::from_secs(1);
    let policy = fast_policy().attempt_timeout(Duration::from_millis(100));

    let (url, accepted) = hanging(Duration::from_secs(3));
    let error = client(&url, policy, budget)
        .query_device(&query())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(settled(&accepted), 3, "three attempts of 100 ms");

    // The order's one attempt has the whole budget: it may have reached the server.
    let (url, accepted) = hanging(Duration::from_secs(3));
    let started = Instant::now();
    let error = client(&url, policy, budget)
        .order_package(&order())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() >= budget - Duration::from_millis(50));
    assert_eq!(settled(&accepted), 1);
}

/// The count once the accepting thread has caught up: on a busy machine it may run late,
/// so wait (up to 2 s) until the count has not moved for 200 ms.
fn settled(count: &AtomicUsize) -> usize {
    let started = Instant::now();
    let mut last = (count.load(Ordering::SeqCst), Instant::now());
    while started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
        let now = count.load(Ordering::SeqCst);
        if now != last.0 {
            last = (now, Instant::now());
        } else if last.1.elapsed() >= Duration::from_millis(200) {
            break;
        }
    }
    count.load(Ordering::SeqCst)
}

#[tokio::test]
async fn with_a_redirect_following_client_an_order_is_sent_once() {
    // reqwest's default client follows the 307 to a closed port: the connect error is
    // the redirect target's, after the API got the order.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let location = format!("http://{closed}/elsewhere");
    let server = scripted(vec![response(
        "307 Temporary Redirect",
        &[("location", location.as_str())],
        "",
    )]);
    let client = Client::builder()
        .base_url(&server.url)
        .access_code("P000270")
        .secret("retry-secret")
        .retry(fast_policy())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let error = client.order_package(&order()).await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    // Time for a retry that must not come.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn retry_after_one_second_is_waited_for() {
    let server = scripted(vec![unavailable(&[("retry-after", "1")]), success()]);
    let client = client(&server.url, fast_policy(), Duration::from_secs(5));
    let started = Instant::now();
    client.query_device(&query()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_ends_the_retries_at_once() {
    let server = scripted(vec![unavailable(&[("retry-after", "120")]), success()]);
    let client = client(&server.url, fast_policy(), Duration::from_secs(5));
    let started = Instant::now();
    let error = client.query_device(&query()).await.unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 503, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_orders_and_queries_alike() {
    for kind in ["order", "query"] {
        // A port nobody listens on, until a server takes it a little later: only a
        // retried call can reach that server.
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let late = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut buffer = [0; 8192];
            let _ = std::io::Read::read(&mut stream, &mut buffer);
            write(&mut stream, &success());
        });
        let policy = RetryPolicy::default()
            .max_attempts(200)
            .backoff(Duration::from_millis(20), Duration::from_millis(20));
        let client = client(
            &format!("http://127.0.0.1:{port}"),
            policy,
            Duration::from_secs(5),
        );
        let result = match kind {
            "order" => client.order_package(&order()).await.map(drop),
            _ => client.query_device(&query()).await.map(drop),
        };
        result.unwrap_or_else(|error| panic!("{kind}: {error:?}"));
        late.join().unwrap();
    }
}

#[tokio::test]
async fn retries_never_outlast_the_timeout() {
    let budget = Duration::from_millis(700);
    // Slack for scheduling on a busy machine; far below another backoff or attempt.
    let slack = Duration::from_millis(150);
    let always_busy = scripted(vec![unavailable(&[])]);
    let slow_backoff = RetryPolicy::default()
        .max_attempts(1000)
        .backoff(Duration::from_millis(250), Duration::from_millis(250));
    let busy_client = client(&always_busy.url, slow_backoff, budget);
    let started = Instant::now();
    let error = busy_client.query_device(&query()).await.unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 503, .. }),
        "{error:?}"
    );
    assert!(
        started.elapsed() <= budget + slack,
        "{:?}",
        started.elapsed()
    );
    assert!(always_busy.connections() >= 1);

    // A server that answers too late: every attempt shares the one budget.
    let silent = serve(20, |_stream| {
        std::thread::sleep(Duration::from_millis(1000))
    });
    let silent_client = client(&silent.url, fast_policy().max_attempts(1000), budget);
    let started = Instant::now();
    let error = silent_client.query_device(&query()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() <= budget + slack,
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_policy_none_sends_a_query_once() {
    let server = scripted(vec![unavailable(&[]), success()]);
    let client = client(&server.url, RetryPolicy::none(), Duration::from_secs(5));
    assert!(client.query_device(&query()).await.is_err());
    assert_eq!(server.connections(), 1);
}

/// A success envelope of queryOrder holding page `page` of two, with one order.
fn order_page(page: u32) -> Vec<u8> {
    let body = serde_json::json!({
        "code": "0000",
        "message": "ok",
        "success": true,
        "data": {
            "page": {"cur_page_no": page, "page_size": 1, "total_count": 2, "total_pages": 2},
            "sign": "",
            "package_order": [{"orderCode": format!("ORDER-{page}")}],
            "package_order_num": 2
        }
    });
    response("200 OK", &[], &body.to_string())
}

#[tokio::test]
async fn each_page_of_a_paging_stream_is_retried_under_the_policy() {
    use linksfield::paging::StreamExt;
    let server = scripted(vec![order_page(1), unavailable(&[]), order_page(2)]);
    let client = client(&server.url, fast_policy(), Duration::from_secs(5));
    let query = linksfield::QueryOrderRequest {
        device_id: None,
        order_id: None,
        order_status: None,
        order_type: None,
        page_no: 1,
        page_size: 1,
    };
    let orders: Vec<String> = client
        .query_order_pages(query)
        .map(|order| order.unwrap().order_code.unwrap())
        .collect()
        .await;
    assert_eq!(orders, ["ORDER-1", "ORDER-2"]);
    assert_eq!(server.connections(), 3);
}
