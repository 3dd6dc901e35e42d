//! The client's two transports (hyper's client by default; reqwest for a proxy,
//! credentials in the base URL, or your own client) send the same request and keep the
//! same guards.

// Shared with the other integration tests; each uses part of it.
#[allow(dead_code)]
mod common;
#[path = "../benches/common/mod.rs"]
mod request;

use std::time::Duration;

use common::{example_response, response, serve, write};
use linksfield::{Client, Error};
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
async fn hyper_and_reqwest_send_the_same_head() {
    let direct = succeeding_server();
    builder(&direct.url)
        .build()
        .unwrap()
        .order_package(&order())
        .await
        .unwrap();
    let yours = succeeding_server();
    let reqwest_client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    builder(&yours.url)
        .http_client(reqwest_client)
        .build()
        .unwrap()
        .order_package(&order())
        .await
        .unwrap();
    let (direct, yours) = (direct.requests(), yours.requests());
    assert_eq!(head_lines(&direct[0]), head_lines(&yours[0]));
    assert!(direct[0].starts_with(b"POST /package/orderPackage HTTP/1.1\r\n"));
    let lines = head_lines(&direct[0]);
    for expected in [
        "accept: */*",
        "accept-language: zh-cn",
        "content-type: application/json",
    ] {
        assert!(lines.iter().any(|line| line == expected), "{lines:?}");
    }
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
