//! reqwest's rustls-tls uses the process's default rustls `CryptoProvider` when one is
//! installed (e.g. a FIPS or a restricted one), and so does the client's own transport.
//! One test in this binary: it installs a process-wide provider.

use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use linksfield::{Client, PreOrderPackageRequest, RetryPolicy};
use rustls::CipherSuite;

/// Reads up to `max` ClientHellos on loopback and hangs up; records their cipher suites.
fn hello_server(max: usize) -> (u16, Arc<Mutex<Vec<Vec<CipherSuite>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let suites = Arc::new(Mutex::new(Vec::new()));
    let log = suites.clone();
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
                    if let Some(offered) = read_hello(&mut stream) {
                        log.lock().unwrap().push(offered);
                    }
                }
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    });
    (port, suites)
}

fn read_hello(stream: &mut TcpStream) -> Option<Vec<CipherSuite>> {
    let mut acceptor = rustls::server::Acceptor::default();
    for _ in 0..64 {
        match acceptor.read_tls(stream) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        match acceptor.accept() {
            Ok(Some(accepted)) => return Some(accepted.client_hello().cipher_suites().to_vec()),
            Ok(None) => continue,
            Err(_) => return None,
        }
    }
    None
}

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

    let (port, hellos) = hello_server(2);
    let builder = || {
        Client::builder()
            .base_url(format!("https://127.0.0.1:{port}"))
            .access_token("mall-token")
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(3))
    };
    let order = PreOrderPackageRequest {
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
    };
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
