//! The reqwest transport the client builds for itself when the environment sets a proxy.
//! One test in this binary: it sets HTTP_PROXY for the process.

#[allow(dead_code)]
mod common;
#[path = "../benches/common/mod.rs"]
mod request;

use std::time::{Duration, Instant};

use common::{example_response, response, serve, write};
use linksfield::{Client, Error, RetryPolicy};
use request::order;

#[tokio::test]
async fn a_proxy_from_the_environment_is_used_without_following_redirects_within_the_timeout_unless_no_proxy_exempts_the_host(
) {
    // Success through the proxy.
    let success = example_response("order_package");
    let proxy = serve(1, move |stream| {
        write(stream, &response("200 OK", &[], &success))
    });
    std::env::set_var("HTTP_PROXY", &proxy.url);
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    let client = |timeout| {
        Client::builder()
            .base_url("http://api.example.invalid/root")
            .access_code("P000270")
            .secret("s")
            .retry(RetryPolicy::none())
            .timeout(timeout)
            .build()
            .unwrap()
    };
    let ok = client(Duration::from_secs(5));
    assert!(format!("{ok:?}").contains("proxy or credentials"), "{ok:?}");
    ok.order_package(&order()).await.unwrap();
    let sent = String::from_utf8_lossy(&proxy.requests()[0]).into_owned();
    assert!(
        sent.starts_with("POST http://api.example.invalid/root/"),
        "{sent}"
    );

    // A redirect through the proxy: reported, not followed.
    let elsewhere = serve(1, |stream| write(stream, &response("200 OK", &[], "{}")));
    let location = format!("{}/steal", elsewhere.url);
    let redirect = response("307 Temporary Redirect", &[("location", &location)], "");
    let proxy = serve(1, move |stream| write(stream, &redirect));
    std::env::set_var("HTTP_PROXY", &proxy.url);
    let result = client(Duration::from_secs(5)).order_package(&order()).await;
    assert!(
        matches!(result, Err(Error::Redirect { status: 307, .. })),
        "{result:?}"
    );
    assert_eq!((proxy.connections(), elsewhere.connections()), (1, 0));

    // A silent proxy: the call's timeout still bounds it.
    let silent = serve(1, |_stream| std::thread::sleep(Duration::from_secs(2)));
    std::env::set_var("HTTP_PROXY", &silent.url);
    let started = Instant::now();
    let error = client(Duration::from_millis(300))
        .order_package(&order())
        .await
        .unwrap_err();
    assert!(error.is_timeout() && !error.is_connect(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    // A host NO_PROXY exempts: reqwest would not use the proxy, so hyper sends.
    std::env::set_var("NO_PROXY", "api.example.invalid");
    let exempt = client(Duration::from_secs(5));
    assert!(format!("{exempt:?}").contains("\"hyper\""), "{exempt:?}");
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("HTTP_PROXY");
}
