//! The client against servers that misbehave on purpose (on loopback): redirects, huge
//! bodies, silence. Whatever they answer, the client sends nothing anywhere else, keeps
//! bounded memory, and reports what happened without its credentials.

// Shared with the other integration tests; each uses part of it.
#[allow(dead_code)]
mod common;
/// The documented orderPackage request, shared with the benches.
#[path = "../benches/common/mod.rs"]
mod request;

use std::time::Duration;

use common::{example_response, mall_order, response, serve, write, write_huge};
use linksfield::{Client, Error};
use request::order;

const SECRET: &str = "hostile-secret";
const TOKEN: &str = "hostile-mall-token";

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .access_code("P000270")
        .secret(SECRET)
        .access_token(TOKEN)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// A call of either family, returning only whether and how it failed.
async fn call(client: &Client, family: &str) -> Result<(), Error> {
    match family {
        "csss" => client.order_package(&order()).await.map(drop),
        _ => client.pre_order_package(&mall_order()).await.map(drop),
    }
}

#[tokio::test]
async fn redirects_are_errors_and_the_other_host_receives_nothing() {
    for family in ["csss", "esim_mall"] {
        for (status, reason) in [
            (301, "Moved Permanently"),
            (302, "Found"),
            (303, "See Other"),
            (307, "Temporary Redirect"),
            (308, "Permanent Redirect"),
        ] {
            // The other host would take the order and answer success.
            let success = if family == "csss" {
                example_response("order_package")
            } else {
                example_response("pre_order_package")
            };
            let elsewhere = serve(1, move |stream| {
                write(stream, &response("200 OK", &[], &success))
            });
            let location = format!("{}/steal?from=linksfield", elsewhere.url);
            let redirect = response(
                &format!("{status} {reason}"),
                &[("location", &location)],
                "",
            );
            let api = serve(1, move |stream| write(stream, &redirect));

            let result = call(&client(&api.url), family).await;
            match result {
                Err(Error::Redirect {
                    status: got,
                    location: Some(got_location),
                }) => {
                    assert_eq!((got, got_location.as_str()), (status, location.as_str()))
                }
                other => panic!("{family} {status}: expected Error::Redirect, got {other:?}"),
            }
            assert_eq!(api.connections(), 1, "{family} {status}: sent once");
            assert_eq!(
                elsewhere.connections(),
                0,
                "{family} {status}: the other host received {:?}",
                elsewhere
                    .requests()
                    .iter()
                    .map(|request| String::from_utf8_lossy(request).into_owned())
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let api = serve(1, |stream| write_huge(stream, "502 Bad Gateway", 4, false));
    let client = Client::builder()
        .base_url(&api.url)
        .access_code("P000270")
        .secret(SECRET)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    match call(&client, "csss").await {
        Err(Error::ResponseTooLarge {
            status,
            limit,
            content_length,
            body,
        }) => {
            assert_eq!(
                (status, limit, content_length, body.as_str()),
                (502, 64 * 1024, Some(4 * 64 * 1024), "")
            );
        }
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_streamed_body_stops_at_the_limit_and_keeps_its_start() {
    let api = serve(1, |stream| write_huge(stream, "200 OK", 4, true));
    let client = Client::builder()
        .base_url(&api.url)
        .access_code("P000270")
        .secret(SECRET)
        .max_response_bytes(100_000)
        .build()
        .unwrap();
    match call(&client, "csss").await {
        Err(error @ Error::ResponseTooLarge { .. }) => {
            let Error::ResponseTooLarge {
                status,
                limit,
                content_length,
                body,
            } = &error
            else {
                unreachable!()
            };
            assert_eq!((*status, *limit, *content_length), (200, 100_000, None));
            assert_eq!(body.as_str(), "x".repeat(linksfield::MAX_ERROR_TEXT_BYTES));
            assert!(error.to_string().len() < 2 * linksfield::MAX_ERROR_TEXT_BYTES);
        }
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read() {
    let body = example_response("order_package");
    let limit = body.len();
    let answer = response("200 OK", &[], &body);
    let api = serve(2, move |stream| write(stream, &answer));
    for limit in [limit, limit - 1] {
        let client = Client::builder()
            .base_url(&api.url)
            .access_code("P000270")
            .secret(SECRET)
            .max_response_bytes(limit)
            .build()
            .unwrap();
        let result = call(&client, "csss").await;
        if limit == body.len() {
            result.unwrap();
        } else {
            assert!(
                matches!(result, Err(Error::ResponseTooLarge { .. })),
                "{result:?}"
            );
        }
    }
}

/// The error's message, its `Debug` form and every message of its source chain.
fn everything_said(error: &Error) -> String {
    let mut said = format!("{error}\n{error:?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        said.push_str(&format!("\n{cause}"));
        source = cause.source();
    }
    said
}

/// A loopback address nothing listens on.
fn closed_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    address.to_string()
}

#[tokio::test]
async fn a_timeout_while_reading_the_body_says_so_and_keeps_its_cause() {
    // The head and a first part of the body, then silence (bounded: the server gives up).
    let api = serve(1, |stream| {
        write(
            stream,
            b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"code\":",
        );
        std::thread::sleep(Duration::from_secs(3));
    });
    let client = Client::builder()
        .base_url(&api.url)
        .access_code("P000270")
        .secret(SECRET)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = call(&client, "csss").await.unwrap_err();
    assert!(error.is_timeout() && !error.is_connect(), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
    assert!(std::error::Error::source(&error).is_some(), "{error:?}");
}

#[tokio::test]
async fn transport_errors_never_show_credentials_or_the_url_userinfo_and_query() {
    // A query or fragment is refused when the client is built (see below).
    let base_url = format!("http://user:pa55word@{}/root", closed_address());
    let client = client(&base_url);
    for family in ["csss", "esim_mall"] {
        let error = call(&client, family).await.unwrap_err();
        assert!(error.is_connect() && !error.is_timeout(), "{error:?}");
        assert!(std::error::Error::source(&error).is_some(), "{error:?}");
        let said = everything_said(&error);
        for secret in [SECRET, TOKEN, "pa55word", "query-secret", "fragment-secret"] {
            assert!(!said.contains(secret), "{family}: {secret} in {said}");
        }
    }
    // Every Debug form holding the base URL: the client, its builder, a prepared request.
    let builder = Client::builder()
        .base_url(&base_url)
        .secret(SECRET)
        .access_token(TOKEN);
    let prepared = client.prepare(&mall_order()).unwrap();
    for debug in [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{prepared:?}"),
    ] {
        for secret in [SECRET, TOKEN, "pa55word"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        assert!(debug.contains("/root"), "{debug}");
    }
}

#[test]
fn configuration_errors_never_show_the_url_userinfo_and_query() {
    for base_url in [
        "ftp://user:pa55word@example.com/?key=query-secret",
        "http://user:pa55word@exa mple.com/?key=query-secret",
        "user:pa55word@example.com/?key=query-secret",
        "http://user:pa55word@example.com/?key=query-secret",
        "http://user:pa55word@example.com/#query-secret",
    ] {
        let error = Client::builder().base_url(base_url).build().unwrap_err();
        let said = everything_said(&error);
        assert!(matches!(error, Error::Config(_)), "{said}");
        assert!(
            !said.contains("pa55word") && !said.contains("query-secret"),
            "{said}"
        );
    }
}

/// A client of the user's own ([`ClientBuilder::http_client`]) set up with `build`.
fn own_client(base_url: &str, http: reqwest::Client) -> linksfield::ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .access_code("P000270")
        .secret(SECRET)
        .access_token(TOKEN)
        .http_client(http)
}

#[tokio::test]
async fn your_own_client_that_follows_a_redirect_has_its_answer_refused() {
    // reqwest's default policy follows redirects: the answer of the other host must not
    // be taken for the API's, and the call is not repeated.
    let success = example_response("order_package");
    let elsewhere = serve(2, move |stream| {
        write(stream, &response("200 OK", &[], &success))
    });
    let location = format!("{}/steal", elsewhere.url);
    let redirect = response("307 Temporary Redirect", &[("location", &location)], "");
    let api = serve(2, move |stream| write(stream, &redirect));
    let client = own_client(&api.url, reqwest::Client::new())
        .build()
        .unwrap();
    match call(&client, "csss").await {
        Err(Error::Config(message)) => {
            assert!(message.contains("followed a redirect"), "{message}");
            assert!(message.contains("Policy::none()"), "{message}");
        }
        other => panic!("expected Error::Config, got {other:?}"),
    }
    assert_eq!((api.connections(), elsewhere.connections()), (1, 1));
}

#[tokio::test]
async fn your_own_client_without_redirects_reports_them_like_ours() {
    let redirect = response("302 Found", &[("location", "http://127.0.0.1:9/x")], "");
    let api = serve(1, move |stream| write(stream, &redirect));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = own_client(&api.url, http).build().unwrap();
    let result = call(&client, "esim_mall").await;
    assert!(
        matches!(result, Err(Error::Redirect { status: 302, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn your_own_client_keeps_the_call_timeout_and_the_response_limit() {
    // Your client's own timeout (a minute here) gives way to the call's.
    let http = || {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    };
    let silent = serve(1, |_stream| std::thread::sleep(Duration::from_secs(2)));
    let client = own_client(&silent.url, http())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = call(&client, "csss").await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    let huge = serve(1, |stream| write_huge(stream, "200 OK", 64, true));
    let client = own_client(&huge.url, http())
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let result = call(&client, "csss").await;
    assert!(
        matches!(result, Err(Error::ResponseTooLarge { limit: 65536, .. })),
        "{result:?}"
    );
}
