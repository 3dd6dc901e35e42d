//! The mock server: authentication, validation, routing and order state, each failure
//! with its own error code in the family's envelope.

use linksfield::__private::{canonical_string, sign};
use linksfield::mock::{MockServer, OrderStatus};
use linksfield::{Client, Error, MockRequest, OpenPackageRequest};
use serde_json::{json, Value};

async fn post(server: &MockServer, path: &str, body: String, token: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{path}", server.url()))
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.header("x-access-token", token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap(),
    )
}

/// Seconds since the Unix epoch, `offset` seconds from now.
fn timestamp(offset: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    now.saturating_add_signed(offset).to_string()
}

/// A CSSS body signed the way the documentation says, with the mock's secret.
fn signed(server: &MockServer, body: Value) -> Value {
    signed_at(server, body, &timestamp(0))
}

/// [`signed`], with the timestamp given.
fn signed_at(server: &MockServer, mut body: Value, timestamp: &str) -> Value {
    let credentials = server.credentials();
    body["access_code"] = json!(credentials.access_code);
    body["timestamp"] = json!(timestamp);
    body["version"] = json!("2.0");
    let canonical = canonical_string(body.as_object().unwrap(), "sign");
    body["sign"] = json!(sign(credentials.secret.as_bytes(), &canonical));
    body
}

fn api_code(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Api { code, .. }) => code,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// A client of `server` that signs with a secret the server does not know.
fn client_with_wrong_secret(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .access_code(&server.credentials().access_code)
        .secret("not-the-secret")
        .build()
        .unwrap()
}

#[tokio::test]
async fn wrong_secret_is_rejected() {
    let server = MockServer::start().await.unwrap();
    let client = client_with_wrong_secret(&server);
    let code = api_code(
        client
            .open_package(&OpenPackageRequest {
                order_id: "1".into(),
            })
            .await,
    );
    assert_eq!(code, "M401");
    assert_eq!(server.received()[0].decoded, None);
}

#[tokio::test]
async fn a_request_older_than_the_documented_validity_is_refused() {
    let server = MockServer::start().await.unwrap();
    let order = json!({"order_id": "MOCK_ORDER_000001"});
    // Five minutes and a little: the 2020 gateway docs' "Timeout = 5 minutes".
    let stale = signed_at(&server, order.clone(), &timestamp(-310));
    let (_, answer) = post(&server, "/package/openPackage", stale.to_string(), None).await;
    assert_eq!(answer["code"], "M408", "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("valid for 300 s"),
        "{answer}"
    );
    let ahead = signed_at(&server, order.clone(), &timestamp(120));
    let (_, answer) = post(&server, "/package/openPackage", ahead.to_string(), None).await;
    assert_eq!(answer["code"], "M408", "{answer}");
    // Within the validity, the same request gets past the clock (to the order book).
    let fresh = signed_at(&server, order, &timestamp(-200));
    let (_, answer) = post(&server, "/package/openPackage", fresh.to_string(), None).await;
    assert_ne!(answer["code"], "M408", "{answer}");
    assert_ne!(answer["code"], "M401", "{answer}");
}

#[tokio::test]
async fn a_client_sending_milliseconds_is_served() {
    // The documentation shows 13-digit timestamps too; the client can send them.
    let server = MockServer::start().await.unwrap();
    let credentials = server.credentials();
    let client = Client::builder()
        .base_url(server.url())
        .access_code(&credentials.access_code)
        .secret(credentials.secret.clone())
        .timestamp_unit(linksfield::TimestampUnit::Milliseconds)
        .build()
        .unwrap();
    let answer = client
        .query_device(&linksfield::QueryDeviceRequest {
            device_id: "89852022018041800192".into(),
        })
        .await;
    assert!(answer.is_ok(), "{answer:?}");
    let sent: Value = serde_json::from_str(&server.received()[0].body).unwrap();
    assert_eq!(sent["timestamp"].as_str().unwrap().len(), 13, "{sent}");
}

#[tokio::test]
async fn body_tampered_after_signing_is_rejected() {
    let server = MockServer::start().await.unwrap();
    let mut body = signed(&server, json!({"order_id": "MOCK_ORDER_000001"}));
    body["order_id"] = json!("SOMEONE_ELSES_ORDER");
    let (status, answer) = post(&server, "/package/openPackage", body.to_string(), None).await;
    assert_eq!(status, 200);
    assert_eq!(answer["code"], "M401");
    assert_eq!(answer["success"], false);
    assert!(
        answer["message"].as_str().unwrap().contains("`sign`"),
        "{answer}"
    );
}

#[tokio::test]
async fn each_problem_gets_its_own_code_and_a_message_naming_it() {
    let server = MockServer::start().await.unwrap();
    let (status, answer) = post(&server, "/package/nothingHere", "{}".into(), None).await;
    assert_eq!((status, answer["code"].as_str()), (404, Some("M404")));

    let (_, answer) = post(&server, "/package/openPackage", "{not json".into(), None).await;
    assert_eq!(answer["code"], "M400");

    let body = signed(&server, json!({"order_id": ""}));
    let (_, answer) = post(&server, "/package/openPackage", body.to_string(), None).await;
    assert_eq!(answer["code"], "M422");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("`order_id` is required"),
        "{answer}"
    );

    let body = signed(&server, json!({"order_id": "NOPE"}));
    let (_, answer) = post(&server, "/package/openPackage", body.to_string(), None).await;
    assert_eq!(answer["code"], "M410");

    // A body that is JSON but not an object, and a huge one, are malformed: answers, not hangs.
    let (_, answer) = post(&server, "/package/openPackage", "[1,2,3]".into(), None).await;
    assert_eq!(answer["code"], "M400");
    let (_, answer) = post(
        &server,
        "/package/openPackage",
        format!("\"{}\"", "x".repeat(100_000)),
        None,
    )
    .await;
    assert_eq!(answer["code"], "M400");
}

#[tokio::test]
async fn mall_token_is_checked_and_errors_use_integer_codes() {
    let server = MockServer::start().await.unwrap();
    let body = json!({
        "currency": "USD", "currencyId": 2, "deviceType": "10", "discountFlag": 0, "id": 1000000,
        "money": 5, "packageCode": "LP20220325000000", "packageNum": 1, "partnerCode": "1000000005", "periodNum": 1
    });
    let (_, answer) = post(
        &server,
        "/v1.1/package/preOrderPackage",
        body.to_string(),
        Some("stale"),
    )
    .await;
    assert_eq!(answer["code"], 7);

    let token = server.credentials().access_token.clone();
    let (_, answer) = post(
        &server,
        "/v1.1/package/preOrderPackage",
        body.to_string(),
        Some(&token),
    )
    .await;
    assert_eq!(
        (answer["code"].clone(), answer["message"].clone()),
        (json!(0), json!("SUCCESS"))
    );

    let mut bad = body.clone();
    bad["periodNum"] = json!("one");
    let (_, answer) = post(
        &server,
        "/v1.1/package/preOrderPackage",
        bad.to_string(),
        Some(&token),
    )
    .await;
    assert_eq!(answer["code"], 9422);
}

#[tokio::test]
async fn orders_move_through_their_life_cycle() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let example = linksfield::OPERATIONS
        .iter()
        .find(|op| op.name == "order_package")
        .unwrap();
    let order = linksfield::OrderPackageRequest::from_json(
        &serde_json::from_str(example.example_request.unwrap()).unwrap(),
    )
    .unwrap();

    let first = client.order_package(&order).await.unwrap().order_id;
    let second = client.order_package(&order).await.unwrap().order_id;
    assert_ne!(first, second, "every order gets a fresh id");
    assert_eq!(server.order_status(&first), Some(OrderStatus::Inactive));

    let opened = client
        .open_package(&OpenPackageRequest {
            order_id: first.clone(),
        })
        .await
        .unwrap();
    assert_eq!(opened.order_id, first);
    assert_eq!(server.order_status(&first), Some(OrderStatus::Active));
    // Enabling twice is refused.
    assert_eq!(
        api_code(
            client
                .open_package(&OpenPackageRequest {
                    order_id: first.clone()
                })
                .await
        ),
        "M409"
    );

    let finish = linksfield::AheadFinishDeviceOrderRequest {
        ahead_finish_cause: "test".into(),
        device_type: None,
        order_code: first.clone(),
    };
    client.ahead_finish_device_order(&finish).await.unwrap();
    assert_eq!(server.order_status(&first), Some(OrderStatus::Ended));

    let pause = linksfield::PauseServiceRequest {
        device_id: "89852022018041800192".into(),
        order_id: "UNKNOWN".into(),
    };
    #[allow(deprecated)] // The vendor deprecates pauseService; the mock still serves it.
    let paused = client.pause_service(&pause).await;
    assert_eq!(api_code(paused), "M410");

    let decoded: Vec<&'static str> = server
        .received()
        .iter()
        .filter_map(|r| r.decoded.as_ref())
        .map(|d| d.operation().name)
        .collect();
    assert_eq!(
        decoded,
        [
            "order_package",
            "order_package",
            "open_package",
            "ahead_finish_device_order"
        ]
    );
    assert!(matches!(
        server.received()[2].decoded,
        Some(MockRequest::OpenPackage(_))
    ));
}

fn query_every_order(page_size: i64) -> linksfield::QueryOrderRequest {
    linksfield::QueryOrderRequest {
        device_id: None,
        order_id: None,
        order_status: None,
        order_type: None,
        page_no: 1,
        page_size,
    }
}

#[tokio::test]
async fn paged_queries_stream_every_item_across_pages() {
    use linksfield::paging::StreamExt;
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let mut ordered = Vec::new();
    for _ in 0..5 {
        let order = workspace_tests::monthly_plan_order();
        ordered.push(client.order_package(&order).await.unwrap().order_id);
    }
    let streamed: Vec<String> = client
        .query_order_pages(query_every_order(2))
        .map(|item| item.unwrap().order_code.unwrap())
        .collect()
        .await;
    assert_eq!(streamed, ordered);
    // 5 orders + 3 pages of at most 2 items.
    let pages: Vec<i64> = server
        .received()
        .iter()
        .filter_map(|r| match &r.decoded {
            Some(MockRequest::QueryOrder(query)) => Some(query.page_no),
            _ => None,
        })
        .collect();
    assert_eq!(pages, [1, 2, 3]);

    // Starting below page 1 starts at 1: no page is fetched (or streamed) twice.
    let mut from_zero = query_every_order(2);
    from_zero.page_no = 0;
    let streamed: Vec<String> = client
        .query_order_pages(from_zero)
        .map(|item| item.unwrap().order_code.unwrap())
        .collect()
        .await;
    assert_eq!(streamed, ordered);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    use linksfield::paging::StreamExt;
    let server = MockServer::start().await.unwrap();
    let client = client_with_wrong_secret(&server);
    let results: Vec<_> = client
        .query_order_pages(query_every_order(2))
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert_eq!(api_code(results.into_iter().next().unwrap()), "M401");
}

#[tokio::test]
async fn bulk_orders_create_one_order_per_device() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let single = workspace_tests::monthly_plan_order();
    let request = linksfield::BatchOrderPackagesRequest {
        device_list: vec!["89852022018041800192".into(), "89852022018041800193".into()],
        global_order: single.global_order,
        is_open: linksfield::IsOpen::Enable,
        order_period: single.order_period,
        package_code: single.package_code,
        package_name: single.package_name,
        package_type: single.package_type,
        pay_amount: None,
        pay_rst: None,
        pay_type: None,
        test_flow: None,
        test_flow_flag: None,
    };
    let response = client.batch_order_packages(&request).await.unwrap();
    let devices: Vec<&str> = response
        .device_order
        .iter()
        .map(|d| d.device_id.as_str())
        .collect();
    assert_eq!(devices, request.device_list);
    for result in &response.device_order {
        assert_eq!(
            server.order_status(&result.order_id),
            Some(OrderStatus::Active)
        );
    }
    let in_use = client
        .sync_asset_info(&linksfield::SyncAssetInfoRequest {})
        .await
        .unwrap();
    let sims: Vec<Option<&str>> = in_use.iter().map(|s| s.asset_id.as_deref()).collect();
    assert_eq!(
        sims,
        [Some("89852022018041800192"), Some("89852022018041800193")]
    );
}

/// Resident memory of this process in bytes, from Linux's /proc (None elsewhere).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// #12: 2,000 requests of 1 MB must not pile up in `received()`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_log_stays_bounded_under_large_requests() {
    const REQUESTS: usize = 2_000;
    const AT_ONCE: usize = 4;
    const BODY_BYTES: usize = 1 << 20;
    // An unbounded log holds ~2 GB after 2,000 requests; a bounded one a few MB.
    const MAX_GROWTH: u64 = 256 << 20;
    let server = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/package/openPackage", server.url());
    let body = "x".repeat(BODY_BYTES);
    let start = resident_bytes();
    let run = async {
        for round in 0..REQUESTS / AT_ONCE {
            let mut sends = tokio::task::JoinSet::new();
            for _ in 0..AT_ONCE {
                sends.spawn(http.post(&url).body(body.clone()).send());
            }
            while let Some(response) = sends.join_next().await {
                assert_eq!(response.unwrap().unwrap().status().as_u16(), 200);
            }
            // Stop as soon as the growth shows, rather than eat the machine's memory.
            if let (Some(start), Some(now)) = (start, resident_bytes()) {
                let growth = now.saturating_sub(start);
                assert!(
                    growth < MAX_GROWTH,
                    "memory grew by {} MB after {} requests",
                    growth >> 20,
                    (round + 1) * AT_ONCE
                );
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(180), run)
        .await
        .expect("2,000 requests within 3 minutes");
    let received = server.received();
    assert_eq!(received.len(), linksfield::mock::REQUEST_LOG_CAPACITY);
    for request in &received {
        assert_eq!(request.body.len(), linksfield::mock::RECORDED_BODY_BYTES);
        assert_eq!(
            (request.body_len, request.body_truncated),
            (BODY_BYTES, true)
        );
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_in_the_family_format() {
    let server = MockServer::builder()
        .max_body_bytes(1024)
        .start()
        .await
        .unwrap();
    let body = format!("{{\"order_id\": \"{}\"}}", "x".repeat(2_000));
    let (status, answer) = post(&server, "/package/openPackage", body.clone(), None).await;
    assert_eq!((status, answer["code"].as_str()), (413, Some("M413")));
    let received = &server.received()[0];
    assert_eq!(
        (received.body_len, received.body_truncated),
        (body.len(), true)
    );
}

/// Opens a connection to `server` and sends `bytes` on it.
async fn connect_and_send(server: &MockServer, bytes: &[u8]) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let address = server.url().trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream
}

/// Reads until the mock closes the connection (end of stream or reset).
async fn until_closed(stream: &mut tokio::net::TcpStream) {
    use tokio::io::AsyncReadExt;
    let mut buffer = [0u8; 1024];
    while let Ok(read @ 1..) = stream.read(&mut buffer).await {
        let _ = read;
    }
}

/// A request line and a header, and never the blank line that ends the head.
const ENDLESS_HEAD: &[u8] = b"POST /package/openPackage HTTP/1.1\r\nhost: mock\r\n";

/// #13: with 500 slowloris connections open, a well-behaved client is still served, and
/// the mock closes every slow connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_disconnected_and_do_not_keep_others_out() {
    use std::time::Duration;
    const SLOW: usize = 500;
    let server = MockServer::builder()
        .max_connections(100)
        .header_read_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut slow = Vec::with_capacity(SLOW);
    for _ in 0..SLOW {
        slow.push(connect_and_send(&server, ENDLESS_HEAD).await);
    }
    let client = server.client().unwrap();
    let served = tokio::time::timeout(
        Duration::from_secs(10),
        client.query_order(&query_every_order(1)),
    )
    .await;
    assert!(matches!(served, Ok(Ok(_))), "{served:?}");
    let all_closed = async {
        for stream in &mut slow {
            until_closed(stream).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), all_closed)
        .await
        .expect("the mock closes slow connections");
}

/// #13: a client that sends its head, then stalls in the body, is disconnected.
#[tokio::test]
async fn a_stalled_body_is_disconnected_after_the_idle_timeout() {
    use std::time::Duration;
    let server = MockServer::builder()
        .idle_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let head =
        b"POST /package/openPackage HTTP/1.1\r\nhost: mock\r\ncontent-length: 10\r\n\r\n{\"a";
    let mut stalled = connect_and_send(&server, head).await;
    tokio::time::timeout(Duration::from_secs(10), until_closed(&mut stalled))
        .await
        .expect("the mock closes an idle connection");
}

/// #13: beyond `max_connections`, clients wait for a slot.
#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_free_slot() {
    use std::time::{Duration, Instant};
    let server = MockServer::builder()
        .max_connections(1)
        .header_read_timeout(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let _slow = connect_and_send(&server, ENDLESS_HEAD).await;
    let started = Instant::now();
    let client = server.client().unwrap();
    let served = tokio::time::timeout(
        Duration::from_secs(10),
        client.query_order(&query_every_order(1)),
    )
    .await;
    assert!(matches!(served, Ok(Ok(_))), "{served:?}");
    // Served once the slow connection's header timeout freed the only slot.
    assert!(started.elapsed() >= Duration::from_millis(800));
}

/// #14: neither the builder nor the server prints the secret or the Mall token.
#[tokio::test]
async fn debug_output_hides_the_secret_and_the_token() {
    const SECRET: &str = "s3cret-not-for-logs";
    const TOKEN: &str = "t0ken-not-for-logs";
    let builder = MockServer::builder().secret(SECRET).access_token(TOKEN);
    let printed = format!("{builder:?}");
    assert!(
        !printed.contains(SECRET) && !printed.contains(TOKEN),
        "{printed}"
    );
    let server = builder.start().await.unwrap();
    // A Mall request carries the token in a header, so it sits in the request log too.
    post(
        &server,
        "/v1.1/package/preOrderPackage",
        "{}".into(),
        Some(TOKEN),
    )
    .await;
    let printed = format!("{server:?}");
    assert!(
        !printed.contains(SECRET) && !printed.contains(TOKEN),
        "{printed}"
    );
}

/// #12 review: `now + timeout` overflowed, so a huge timeout panicked every connection.
#[tokio::test]
async fn huge_timeouts_are_capped_not_a_panic() {
    use std::time::Duration;
    for (header_read, idle) in [
        (Duration::MAX, Duration::from_secs(1)),
        (Duration::from_secs(1), Duration::MAX),
    ] {
        let server = MockServer::builder()
            .header_read_timeout(header_read)
            .idle_timeout(idle)
            .start()
            .await
            .unwrap();
        let client = server.client().unwrap();
        let served = tokio::time::timeout(
            Duration::from_secs(10),
            client.query_order(&query_every_order(1)),
        )
        .await;
        assert!(
            matches!(served, Ok(Ok(_))),
            "{header_read:?}/{idle:?}: {served:?}"
        );
    }
}

#[tokio::test]
async fn an_order_retried_after_a_refused_connection_is_accepted_by_the_mock() {
    // Nobody listens on the port until the mock takes it: the first attempts are refused
    // (nothing sent), and the retry that reaches the mock carries a fresh timestamp and
    // signature, which the mock checks like the first.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let late = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let builder = MockServer::builder().port(port);
        let builder = builder.access_code("P000270").secret("mock-secret");
        builder.start().await.unwrap()
    });
    let delay = std::time::Duration::from_millis(20);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_code("P000270")
        .secret("mock-secret")
        .retry(
            linksfield::RetryPolicy::default()
                .max_attempts(100)
                .backoff(delay, delay),
        )
        .build()
        .unwrap();
    let order = client
        .order_package(&workspace_tests::monthly_plan_order())
        .await;
    let server = late.await.unwrap();
    assert!(order.is_ok(), "{order:?}");
    let received = server.received();
    assert_eq!(received.len(), 1, "the mock got the order once");
    assert!(received[0].decoded.is_some());
}
