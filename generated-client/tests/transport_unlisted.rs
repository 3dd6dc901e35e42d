//! Operations the client does not list (a user's own `Endpoint` and `Family`, which the
//! client supports) are routed as the listed ones: through reqwest when reqwest would use
//! a proxy for their URL or the URL carries credentials, hyper's client otherwise.
//! The client reads the proxy variables when it is built: the tests build theirs under
//! `ENV`, one at a time.

// Shared with the other integration tests; this one uses part of it.
#[allow(dead_code)]
mod common;
#[path = "../benches/common/mod.rs"]
mod request;

use std::net::TcpListener;
use std::sync::Mutex;
use std::time::Duration;

use common::{example_response, response, serve, serve_on, write};
use linksfield::__private::ParamWriter;
use linksfield::{
    Client, Endpoint, Error, Family, Operation, OrderPackageRequest, RetryPolicy, RetrySafety,
    ValidationErrors, CSSS,
};
use request::order;
use serde::Serialize;

static ENV: Mutex<()> = Mutex::new(());

/// A fixed port for the family whose URL carries credentials (a family's URL is a
/// `&'static str`), below the ephemeral range so that no outgoing connection holds it.
const CREDENTIALS_PORT: u16 = 29613;
/// How long the test waits for that port to be free (another run of it may hold it).
const PORT_WAIT: Duration = Duration::from_secs(10);

fn clear_proxy_env() {
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
        "REQUEST_METHOD",
    ] {
        std::env::remove_var(name);
    }
}

/// CSSS's settings, as a user's family would copy them, on plain http on another host
/// than the generated families' (which are all https).
static ELSEWHERE: Family = Family {
    name: "elsewhere",
    title: "A user's family",
    default_base_url: "http://orders.example.invalid/cube/v4",
    servers: &[],
    ..CSSS
};

/// CSSS's settings on a server whose URL carries credentials.
static WITH_CREDENTIALS: Family = Family {
    name: "with_credentials",
    title: "A user's family",
    default_base_url: "http://user:pw@127.0.0.1:29613",
    servers: &[],
    ..CSSS
};

/// orderPackage, sent to a user's family.
macro_rules! order_to {
    ($name:ident, $family:ident) => {
        #[derive(Serialize)]
        #[serde(transparent)]
        struct $name(OrderPackageRequest);

        impl Endpoint for $name {
            type Response = <OrderPackageRequest as Endpoint>::Response;
            const OPERATION: &'static Operation = &Operation {
                name: stringify!($name),
                title: "orderPackage on a user's server",
                method: "POST",
                path: "/package/orderPackage",
                retry: RetrySafety::Never,
                family: &$family,
                deprecated: false,
                example_request: None,
                example_response: None,
            };
            fn validate(&self) -> Result<(), ValidationErrors> {
                Endpoint::validate(&self.0)
            }
            fn write_params(&self, params: &mut ParamWriter<'_>) {
                self.0.write_params(params)
            }
        }
    };
}

order_to!(OrderElsewhere, ELSEWHERE);
order_to!(OrderWithCredentials, WITH_CREDENTIALS);

/// A client built with exactly `variables` of the proxy settings set.
fn client_with(variables: &[(&str, &str)]) -> Client {
    let _env = ENV.lock().unwrap_or_else(|poison| poison.into_inner());
    clear_proxy_env();
    for (name, value) in variables {
        std::env::set_var(name, value);
    }
    let client = Client::builder()
        .access_code("P000270")
        .secret("s")
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    clear_proxy_env();
    client
}

// HTTP_PROXY only: the listed families are https, so the client's transport is hyper's;
// reqwest would send the user's http URL through the proxy, and so does the client.
#[tokio::test]
async fn an_unlisted_operation_goes_through_the_proxy_reqwest_would_use() {
    let success = example_response("order_package");
    let proxy = serve(2, move |stream| {
        write(stream, &response("200 OK", &[], &success))
    });
    let client = client_with(&[("HTTP_PROXY", &proxy.url)]);
    assert!(format!("{client:?}").contains("\"hyper\""), "{client:?}");
    // Twice: both through the reqwest client made at build.
    for call in 1..=2 {
        let result = client.execute(&OrderElsewhere(order())).await;
        assert!(result.is_ok(), "call {call}: {result:?}");
        assert_eq!(proxy.requests().len(), call);
    }
    let sent = String::from_utf8_lossy(&proxy.requests()[0]).into_owned();
    assert!(
        sent.starts_with("POST http://orders.example.invalid/cube/v4/package/orderPackage"),
        "{sent}"
    );
}

// An unlisted URL that needs no proxy and carries no credentials goes by hyper's
// client, as the listed ones: the failure (the host does not resolve) is hyper-util's,
// not reqwest's, and the proxy sees nothing.
#[tokio::test]
async fn an_unlisted_operation_no_proxy_exempts_goes_by_hyper() {
    let proxy = serve(1, |stream| write(stream, &response("200 OK", &[], "{}")));
    let client = client_with(&[
        ("HTTP_PROXY", &proxy.url),
        ("NO_PROXY", "orders.example.invalid"),
    ]);
    let error = client.execute(&OrderElsewhere(order())).await.unwrap_err();
    let Error::Http(http) = &error else {
        panic!("{error:?}")
    };
    assert!(http.is_connect(), "{error:?}");
    let source = std::error::Error::source(http).expect("a cause");
    assert!(!source.is::<reqwest::Error>(), "{error:?}");
    assert_eq!(proxy.connections(), 0);
}

// An unlisted URL with credentials: sent through reqwest, as Basic authentication.
#[tokio::test]
async fn credentials_in_an_unlisted_operations_url_are_sent_as_basic_authentication() {
    let started = std::time::Instant::now();
    let listener = loop {
        match TcpListener::bind(("127.0.0.1", CREDENTIALS_PORT)) {
            Ok(listener) => break listener,
            Err(error) if started.elapsed() < PORT_WAIT => {
                eprintln!("port {CREDENTIALS_PORT}: {error}; waiting");
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(error) => panic!("port {CREDENTIALS_PORT} stayed taken: {error}"),
        }
    };
    let success = example_response("order_package");
    let api = serve_on(listener, 1, move |stream| {
        write(stream, &response("200 OK", &[], &success))
    });
    let client = client_with(&[]);
    let result = client.execute(&OrderWithCredentials(order())).await;
    assert!(result.is_ok(), "{result:?}");
    let head = String::from_utf8_lossy(&api.requests()[0]).to_ascii_lowercase();
    // "user:pw" in base64.
    assert!(head.contains("authorization: basic dxnlcjpwdw=="), "{head}");
}
