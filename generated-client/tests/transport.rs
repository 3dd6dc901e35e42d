//! The client's two transports (hyper's client by default; reqwest for a proxy,
//! credentials in the base URL, or your own client) send the same request and keep the
//! same guards.

// Shared with the other integration tests; each uses part of it.
#[allow(dead_code)]
mod common;
#[path = "../benches/common/mod.rs"]
mod request;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::hello::hello_server;
use common::{example_response, mall_order, read_request, response, serve, serve_on, write};
use linksfield::{Client, Error, RetryPolicy};
use request::order;

fn builder(base_url: &str) -> linksfield::ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .access_code("P000270")
        .secret("transport-secret")
        .timeout(Duration::from_secs(5))
}

/// The request head's lines, lowercased and sorted, without the request line and
/// `host` (the port differs between servers).
fn head_lines(request: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(request).to_ascii_lowercase();
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines: Vec<String> = head
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with("host:"))
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Serves one call with the orderPackage example's success.
fn succeeding_server() -> common::Server {
    let success = example_response("order_package");
    serve(1, move |stream| {
        write(stream, &response("200 OK", &[], &success))
    })
}

#[tokio::test]
async fn credentials_in_the_base_url_go_through_reqwest_as_basic_authentication() {
    let api = succeeding_server();
    let with_credentials = api.url.replacen("http://", "http://user:pw@", 1);
    let client = builder(&with_credentials).build().unwrap();
    assert!(format!("{client:?}").contains("reqwest"), "{client:?}");
    client.order_package(&order()).await.unwrap();
    let lines = head_lines(&api.requests()[0]);
    // base64("user:pw")
    assert!(
        lines
            .iter()
            .any(|line| line == "authorization: basic dxnlcjpwdw=="),
        "{lines:?}"
    );
}

#[tokio::test]
async fn reqwest_for_credentials_follows_no_redirect_either() {
    let elsewhere = succeeding_server();
    let location = format!("{}/steal", elsewhere.url);
    let redirect = response("307 Temporary Redirect", &[("location", &location)], "");
    let api = serve(1, move |stream| write(stream, &redirect));
    let with_credentials = api.url.replacen("http://", "http://user:pw@", 1);
    let client = builder(&with_credentials).build().unwrap();
    match client.order_package(&order()).await {
        Err(Error::Redirect { status: 307, .. }) => {}
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
    assert_eq!(api.connections(), 1);
    assert_eq!(
        elsewhere.connections(),
        0,
        "the other host was sent the order"
    );
}

// reqwest takes credentials that decode as UTF-8 out of the URL it answers with, and
// keeps the others (`%FF`): neither answer is a followed redirect.
#[tokio::test]
async fn your_own_client_with_credentials_in_the_base_url_is_not_taken_for_a_redirect() {
    for userinfo in ["user:pw@", "%FF:pw@"] {
        let api = succeeding_server();
        let with_credentials = api
            .url
            .replacen("http://", &format!("http://{userinfo}"), 1);
        let client = builder(&with_credentials)
            .http_client(reqwest_without_redirects())
            .build()
            .unwrap();
        let result = client.order_package(&order()).await;
        assert!(result.is_ok(), "{userinfo}: {result:?}");
        assert_eq!(api.connections(), 1, "{userinfo}");
    }
}

/// reqwest as the client builds it for itself for a proxy or credentials: no redirects.
fn reqwest_without_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

// The bytes on the wire: hyper's request and reqwest's, for the same (token-header,
// timestamp-free) Mall request, to the same server.
#[tokio::test]
async fn hyper_sends_the_same_request_bytes_as_reqwest() {
    let success = example_response("pre_order_package");
    let api = serve(2, move |stream| {
        write(stream, &response("200 OK", &[], &success))
    });
    let builder = || {
        Client::builder()
            .base_url(&api.url)
            .access_token("mall-token")
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(5))
    };
    let direct = builder().build().unwrap();
    assert!(format!("{direct:?}").contains("\"hyper\""), "{direct:?}");
    direct.pre_order_package(&mall_order()).await.unwrap();
    let reqwest = builder()
        .http_client(reqwest_without_redirects())
        .build()
        .unwrap();
    reqwest.pre_order_package(&mall_order()).await.unwrap();
    let requests = api.requests();
    let [hyper_bytes, reqwest_bytes] =
        [&requests[0], &requests[1]].map(|bytes| String::from_utf8_lossy(bytes).into_owned());
    assert_eq!(hyper_bytes, reqwest_bytes);
}

// TLS: the same ClientHello (SNI, ALPN `http/1.1`; hyper-rustls alone offers no ALPN for
// HTTP/1 only).
#[tokio::test]
async fn hyper_offers_the_same_tls_client_hello_as_reqwest() {
    let (port, hellos) = hello_server(2, |hello| {
        let alpn: Option<Vec<String>> = hello.alpn().map(|protocols| {
            protocols
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect()
        });
        (hello.server_name().map(str::to_owned), alpn)
    });
    let builder = || {
        Client::builder()
            .base_url(format!("https://localhost:{port}"))
            .access_token("mall-token")
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(3))
    };
    // Both fail (the server hangs up after the hello); only the hello matters.
    let _ = builder()
        .build()
        .unwrap()
        .pre_order_package(&mall_order())
        .await;
    let _ = builder()
        .http_client(reqwest_without_redirects())
        .build()
        .unwrap()
        .pre_order_package(&mall_order())
        .await;
    let hellos = hellos.lock().unwrap().clone();
    assert_eq!(hellos.len(), 2, "{hellos:?}");
    assert_eq!(hellos[0], hellos[1], "hyper's hello, then reqwest's");
}

#[cfg(target_os = "linux")]
/// The `tr` (timer_active) column of /proc/net/tcp for the socket bound to `local_port`.
fn timer_of(local_port: u16) -> Option<String> {
    let table = std::fs::read_to_string("/proc/net/tcp").ok()?;
    let wanted = format!(":{local_port:04X}");
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // fields: sl local rem st tx:rx tr:when ...
        (fields.get(1)?.ends_with(&wanted))
            .then(|| fields[5].split(':').next().unwrap().to_string())
    })
}

/// Answers one keep-alive request, then holds the connection open for `hold`; reports
/// the client's port.
fn keep_alive_server(body: String, hold: Duration) -> (String, std::sync::mpsc::Receiver<u16>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, peer) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        read_request(&mut stream);
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(answer.as_bytes());
        let _ = tx.send(peer.port());
        std::thread::sleep(hold);
    });
    (url, rx)
}

// TCP keepalive: reqwest sets SO_KEEPALIVE (15 s) on its connections by default, and so
// does the client's own transport, so a pooled connection whose peer vanished is found.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn pooled_connections_keep_tcp_keepalive_like_reqwest() {
    let mut timers = Vec::new();
    for own_reqwest in [false, true] {
        let (url, port) =
            keep_alive_server(example_response("order_package"), Duration::from_secs(2));
        let mut builder = Client::builder()
            .base_url(&url)
            .access_code("P000270")
            .secret("s")
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(5));
        if own_reqwest {
            builder = builder.http_client(reqwest::Client::builder().build().unwrap());
        }
        let client = builder.build().unwrap();
        client.order_package(&order()).await.unwrap();
        let port = port.recv_timeout(Duration::from_secs(5)).unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        // "02": a keepalive timer is armed on the idle pooled connection.
        timers.push(timer_of(port));
        drop(client);
    }
    assert_eq!(timers[1].as_deref(), Some("02"), "reqwest: {timers:?}");
    assert_eq!(timers[0], timers[1], "hyper's connection, then reqwest's");
}

// `Duration::MAX` is "no limit" (as reqwest takes it), not an overflow of the clock:
// for an order's one attempt and a query's attempts (cut at `attempt_timeout`), through
// hyper's client, reqwest of ours (credentials in the URL) and a client of yours.
#[tokio::test]
async fn a_timeout_of_duration_max_is_no_limit_not_a_panic() {
    for transport in ["hyper", "ours", "yours"] {
        let order_api = succeeding_server();
        // queryDevice documents no example answer; the envelope of any success decodes.
        let query_api = succeeding_server();
        let client = |base_url: &str| {
            let base_url = match transport {
                "ours" => base_url.replacen("http://", "http://user:pw@", 1),
                _ => base_url.to_string(),
            };
            let builder = builder(&base_url).timeout(Duration::MAX);
            match transport {
                "yours" => builder.http_client(reqwest_without_redirects()),
                _ => builder,
            }
            .build()
            .unwrap()
        };
        let ordered = client(&order_api.url).order_package(&order()).await;
        assert!(ordered.is_ok(), "{transport}: {ordered:?}");
        let query = linksfield::QueryDeviceRequest {
            device_id: "89852022018041800192".into(),
        };
        let queried = client(&query_api.url).query_device(&query).await;
        assert!(queried.is_ok(), "{transport}: {queried:?}");
    }
}

// A budget that adds to the clock but lands in its last millisecond overflowed inside
// tokio's timer, which rounds a deadline up to a tick. The client's own clock reading
// comes a little after the test's: the budgets step by 0.2 ms so that one lands there.
#[tokio::test]
async fn a_timeout_just_short_of_the_clocks_end_is_no_limit_not_a_panic() {
    // The largest budget the clock, read now, can add.
    let headroom = |now: std::time::Instant| {
        let nanos = |n: u128| Duration::new((n / 1_000_000_000) as u64, (n % 1_000_000_000) as u32);
        let (mut low, mut high) = (0u128, Duration::MAX.as_nanos());
        while low < high {
            let middle = low + (high - low).div_ceil(2);
            if now.checked_add(nanos(middle)).is_some() {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        nanos(low)
    };
    let steps = 60;
    let api = serve(steps, |stream| {
        write(
            stream,
            &response("200 OK", &[], &example_response("order_package")),
        )
    });
    let mut failures = Vec::new();
    for step in 0..steps as u64 {
        let budget = headroom(std::time::Instant::now())
            .saturating_sub(Duration::from_micros(200 * step + 100));
        let client = builder(&api.url)
            .retry(RetryPolicy::none())
            .timeout(budget)
            .build()
            .unwrap();
        let outcome = tokio::spawn(async move { client.order_package(&order()).await }).await;
        match outcome {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => failures.push(format!("step {step}: {error}")),
            Err(panic) => failures.push(format!("step {step}: panicked: {panic}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

// A body cut by the deadline drops hyper's connection at once: no task or socket is
// left waiting on a stalled server.
#[tokio::test]
async fn a_body_cut_by_the_timeout_closes_its_connection() {
    let (tx, rx) = std::sync::mpsc::channel();
    let api = serve(1, move |stream| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"code\"");
        let sent = Instant::now();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let read = stream.read(&mut [0; 1024]).map_err(|error| error.kind());
        let _ = tx.send((read, sent.elapsed()));
    });
    let client = builder(&api.url)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = client.order_package(&order()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // Waited for off the runtime's thread, which hyper's connection task needs.
    let (read, after) =
        tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(8)))
            .await
            .unwrap()
            .unwrap();
    assert!(matches!(read, Ok(0)), "{read:?}");
    assert!(after < Duration::from_secs(1), "{after:?}");
}

// hyper takes the URL as `url` wrote it: an IPv6 host, a space and a non-ASCII letter
// in the base URL's path.
#[tokio::test]
async fn an_ipv6_base_url_with_an_encoded_path_is_sent_as_written() {
    let Ok(listener) = TcpListener::bind("[::1]:0") else {
        eprintln!("no IPv6 loopback: skipped");
        return;
    };
    let port = listener.local_addr().unwrap().port();
    let success = example_response("order_package");
    let api = serve_on(listener, 1, move |stream| {
        write(stream, &response("200 OK", &[], &success))
    });
    let client = builder(&format!("http://[::1]:{port}/my root/ü"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(format!("{client:?}").contains("\"hyper\""), "{client:?}");
    client.order_package(&order()).await.unwrap();
    let head = String::from_utf8_lossy(&api.requests()[0]).into_owned();
    assert!(head.starts_with("POST /my%20root/%C3%BC/"), "{head}");
    assert!(head.contains(&format!("host: [::1]:{port}\r\n")), "{head}");
}
