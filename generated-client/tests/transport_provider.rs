//! reqwest's rustls-tls uses the process's default rustls `CryptoProvider` when one is
//! installed (e.g. a FIPS or a restricted one), and so does the client's own transport.
//! One test in this binary: it installs a process-wide provider.

// Shared with the other integration tests; this one uses part of it.
#[allow(dead_code)]
mod common;

use std::time::Duration;

use common::hello::hello_server;
use common::mall_order;
use linksfield::{Client, RetryPolicy};
use rustls::CipherSuite;

#[tokio::test]
async fn the_process_default_crypto_provider_is_used_like_reqwest_does() {
    let mut provider = rustls::crypto::ring::default_provider();
    provider.cipher_suites.retain(|suite| {
        matches!(
            suite.suite(),
            CipherSuite::TLS13_AES_256_GCM_SHA384
                | CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
        )
    });
    provider.install_default().unwrap();

    let (port, hellos) = hello_server(2, |hello| hello.cipher_suites().to_vec());
    let builder = || {
        Client::builder()
            .base_url(format!("https://127.0.0.1:{port}"))
            .access_token("mall-token")
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(3))
    };
    let order = mall_order();
    // Both fail (the server hangs up after the hello); only the hello matters.
    let _ = builder().build().unwrap().pre_order_package(&order).await;
    let reqwest = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let _ = builder()
        .http_client(reqwest)
        .build()
        .unwrap()
        .pre_order_package(&order)
        .await;
    let hellos = hellos.lock().unwrap().clone();
    assert_eq!(hellos.len(), 2, "{hellos:?}");
    assert_eq!(
        hellos[0], hellos[1],
        "hyper's cipher suites, then reqwest's"
    );
}
