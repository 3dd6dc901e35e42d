//! The client's two transports (hyper's client by default; reqwest for a proxy,
//! credentials in the base URL, or your own client) send the same request and keep the
//! same guards.

// Shared with the other integration tests; each uses part of it.
#[allow(dead_code)]
mod common;
#[path = "../benches/common/mod.rs"]
mod request;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{example_response, response, serve, write};
use linksfield::{Client, Error, PreOrderPackageRequest, RetryPolicy};
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

#[tokio::test]
async fn your_own_client_with_credentials_in_the_base_url_is_not_taken_for_a_redirect() {
    let api = succeeding_server();
    let with_credentials = api.url.replacen("http://", "http://user:pw@", 1);
    let reqwest_client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = builder(&with_credentials)
        .http_client(reqwest_client)
        .build()
        .unwrap();
    client.order_package(&order()).await.unwrap();
}

fn mall_order() -> PreOrderPackageRequest {
    PreOrderPackageRequest {
        currency: Some("USD".into()),
        currency_id: Some(2),
        device_type: Some("10".into()),
        discount_flag: Some(0),
        id: Some(1000000),
        money: Some(5.into()),
        package_code: Some("LP20220325000000".into()),
        package_num: Some(1),
        partner_code: Some("1000000005".into()),
        period_num: Some(1),
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

/// What a TLS client offers in its ClientHello: (SNI, ALPN protocols).
type Hello = (Option<String>, Option<Vec<String>>);

/// A loopback TLS "server" that reads up to `max` ClientHellos and hangs up.
fn hello_server(max: usize) -> (u16, Arc<Mutex<Vec<Hello>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let hellos = Arc::new(Mutex::new(Vec::new()));
    let log = hellos.clone();
    std::thread::spawn(move || {
        let started = Instant::now();
        let mut accepted = 0;
        while accepted < max && started.elapsed() < Duration::from_secs(20) {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    accepted += 1;
                    stream.set_nonblocking(false).unwrap();
                    stream
                        .set_read_timeout(Some(Duration::from_secs(5)))
                        .unwrap();
                    if let Some(hello) = read_hello(&mut stream) {
                        log.lock().unwrap().push(hello);
                    }
                }
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    });
    (port, hellos)
}

fn read_hello(stream: &mut TcpStream) -> Option<Hello> {
    let mut acceptor = rustls::server::Acceptor::default();
    for _ in 0..64 {
        match acceptor.read_tls(stream) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        match acceptor.accept() {
            Ok(Some(accepted)) => {
                let hello = accepted.client_hello();
                let alpn = hello.alpn().map(|protocols| {
                    protocols
                        .map(|p| String::from_utf8_lossy(p).into_owned())
                        .collect()
                });
                return Some((hello.server_name().map(str::to_owned), alpn));
            }
            Ok(None) => continue,
            Err(_) => return None,
        }
    }
    None
}

// TLS: the same ClientHello (SNI, ALPN `http/1.1`; hyper-rustls alone offers no ALPN for
// HTTP/1 only).
#[tokio::test]
async fn hyper_offers_the_same_tls_client_hello_as_reqwest() {
    let (port, hellos) = hello_server(2);
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
        let mut buffer = [0; 65536];
        let mut got = Vec::new();
        for _ in 0..64 {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buffer[..n]),
            }
            if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                if got.len() >= end + 4 + length {
                    break;
                }
            }
        }
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
