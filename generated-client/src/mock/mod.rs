//! A mock of the Linksfield API on loopback, generated from the same spec as the client.
//!
//! Like the documentation's "Demo UAT" server it serves the documented paths at its root.
//! For every request it routes by method and path, checks the family's authentication
//! (recomputing the CSSS signature, or checking `x-access-token`), refuses a timestamp
//! older than the family's documented validity (CSSS: 5 minutes) or more than
//! [`MAX_FUTURE_SKEW`] ahead, as a real server would, decodes and validates
//! the body with the generated validators, applies the order state machine and answers
//! with the documented example response. Problems get an error envelope in the family's
//! format with a mock-specific code (see [`Failure`]).
//!
//! The routing and decoding are generated ([`crate::MockRequest`]); this module holds the
//! server bootstrap, the request pipeline and the state.

mod connections;
mod idle;
mod limits;
mod log;
mod pipeline;
pub(crate) mod state;

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use limits::{
    HEADER_READ_TIMEOUT, IDLE_TIMEOUT, MAX_BODY_BYTES, MAX_CONNECTIONS, MAX_TIMEOUT,
    RECORDED_BODY_BYTES, REQUEST_LOG_CAPACITY,
};
pub use log::ReceivedRequest;
pub use pipeline::{Failure, MAX_FUTURE_SKEW};
pub use state::{OrderStatus, Orders};

use limits::Limits;
use log::RequestLog;

use serde_json::Value;

use crate::notify::NotificationKind;
use crate::sync::lock;
use crate::{Client, Error, Secret};

/// Credentials the mock accepts when neither the builder nor the environment sets them.
pub const DEFAULT_ACCESS_CODE: &str = "P000270";
/// The secret the mock accepts by default (`LINKSFIELD_SECRET` overrides it).
pub const DEFAULT_SECRET: &str = "mock-secret";
/// The Mall token the mock accepts by default (`LINKSFIELD_ACCESS_TOKEN` overrides it).
pub const DEFAULT_ACCESS_TOKEN: &str = "mock-token";

/// What the mock checks requests against.
#[derive(Clone, PartialEq, Eq)]
pub struct MockCredentials {
    /// The CSSS access code.
    pub access_code: String,
    /// The CSSS signing secret.
    pub secret: String,
    /// The Mall's `x-access-token`.
    pub access_token: String,
}

impl std::fmt::Debug for MockCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockCredentials")
            .field("access_code", &self.access_code)
            .finish_non_exhaustive()
    }
}

/// No `Debug`: the request log holds the clients' credentials.
pub(crate) struct Shared {
    credentials: MockCredentials,
    orders: Mutex<Orders>,
    received: Mutex<RequestLog>,
    /// Notifications sent so far, for their delivery ids.
    deliveries: AtomicU64,
    limits: Limits,
}

/// Settings of a [`MockServer`]; unset credentials come from `LINKSFIELD_ACCESS_CODE`,
/// `LINKSFIELD_SECRET` and `LINKSFIELD_ACCESS_TOKEN`, then from the `DEFAULT_*` constants.
/// Unset limits are the constants of the same name (see [`REQUEST_LOG_CAPACITY`] and the
/// others).
#[derive(Clone, Default)]
pub struct MockServerBuilder {
    port: u16,
    access_code: Option<String>,
    secret: Option<Secret>,
    access_token: Option<Secret>,
    limits: Limits,
}

impl std::fmt::Debug for MockServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServerBuilder")
            .field("port", &self.port)
            .field("access_code", &self.access_code)
            .field("secret", &self.secret)
            .field("access_token", &self.access_token)
            .field("limits", &self.limits)
            .finish()
    }
}

impl MockServerBuilder {
    /// Keeps no request for [`MockServer::received`] (it stays empty): the same as
    /// `request_log_capacity(0)`, for load tests.
    pub fn without_request_log(self) -> Self {
        self.request_log_capacity(0)
    }

    /// How many of the last requests [`MockServer::received`] keeps (default
    /// [`REQUEST_LOG_CAPACITY`]).
    pub fn request_log_capacity(mut self, requests: usize) -> Self {
        self.limits.request_log_capacity = requests;
        self
    }

    /// How many bytes of each body (and of each request's headers, method and path) the
    /// request log keeps (default [`RECORDED_BODY_BYTES`]).
    pub fn recorded_body_bytes(mut self, bytes: usize) -> Self {
        self.limits.recorded_body_bytes = bytes;
        self
    }

    /// The largest request body the mock reads (default [`MAX_BODY_BYTES`]).
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.limits.max_body_bytes = bytes;
        self
    }

    /// How long a client has to send a request's line and headers (default
    /// [`HEADER_READ_TIMEOUT`]; at most [`MAX_TIMEOUT`]).
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout.min(MAX_TIMEOUT);
        self
    }

    /// How long a connection may stay without traffic (default [`IDLE_TIMEOUT`]; at most
    /// [`MAX_TIMEOUT`]).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout.min(MAX_TIMEOUT);
        self
    }

    /// How many connections are served at once (default [`MAX_CONNECTIONS`]; at least 1).
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.limits.max_connections = connections;
        self
    }

    /// The port to bind on 127.0.0.1; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The access code to accept, instead of `LINKSFIELD_ACCESS_CODE` or [`DEFAULT_ACCESS_CODE`].
    pub fn access_code(mut self, access_code: impl Into<String>) -> Self {
        self.access_code = Some(access_code.into());
        self
    }

    /// The secret to accept, instead of `LINKSFIELD_SECRET` or [`DEFAULT_SECRET`].
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(Secret::new(secret));
        self
    }

    /// The Mall token to accept, instead of `LINKSFIELD_ACCESS_TOKEN` or [`DEFAULT_ACCESS_TOKEN`].
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Secret::new(token));
        self
    }

    /// Binds 127.0.0.1 (the configured port, or a free one) and serves until the [`MockServer`] is dropped.
    pub async fn start(self) -> io::Result<MockServer> {
        let env = |name: &str, fallback: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        let credentials = MockCredentials {
            access_code: self
                .access_code
                .unwrap_or_else(|| env("LINKSFIELD_ACCESS_CODE", DEFAULT_ACCESS_CODE)),
            secret: self.secret.map_or_else(
                || env("LINKSFIELD_SECRET", DEFAULT_SECRET),
                |secret| secret.expose().to_string(),
            ),
            access_token: self.access_token.map_or_else(
                || env("LINKSFIELD_ACCESS_TOKEN", DEFAULT_ACCESS_TOKEN),
                |token| token.expose().to_string(),
            ),
        };
        let shared = Arc::new(Shared {
            credentials,
            orders: Mutex::new(Orders::default()),
            received: Mutex::new(RequestLog::new(
                self.limits.request_log_capacity,
                self.limits.recorded_body_bytes,
            )),
            deliveries: AtomicU64::new(0),
            limits: self.limits,
        });
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let app = Router::new()
            .fallback(pipeline::handle)
            .with_state(shared.clone());
        let task = tokio::spawn(connections::serve(listener, app, self.limits));
        Ok(MockServer { url, shared, task })
    }
}

/// A running mock server; it stops when dropped, closing its connections.
pub struct MockServer {
    url: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    /// The URL and the access code; not the secret, the token or the requests (they hold
    /// the clients' credentials).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url)
            .field("credentials", &self.shared.credentials)
            .field("received", &lock(&self.shared.received).len())
            .field("limits", &self.shared.limits)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a mock on a free port of 127.0.0.1 with the default or environment credentials.
    pub async fn start() -> io::Result<Self> {
        Self::builder().start().await
    }

    /// A builder for a mock with other limits, port or credentials.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The base URL to give the client, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The credentials the mock accepts.
    pub fn credentials(&self) -> &MockCredentials {
        &self.shared.credentials
    }

    /// A client configured for this mock: its URL and credentials.
    pub fn client(&self) -> Result<Client, Error> {
        let credentials = &self.shared.credentials;
        Client::builder()
            .base_url(&self.url)
            .access_code(&credentials.access_code)
            .secret(&credentials.secret)
            .access_token(&credentials.access_token)
            .build()
    }

    /// The last requests received (at most
    /// [`request_log_capacity`](MockServerBuilder::request_log_capacity), oldest first),
    /// whatever became of them; long bodies are kept as a prefix (see [`ReceivedRequest`]).
    pub fn received(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.received).snapshot()
    }

    /// The status of an order the mock knows.
    pub fn order_status(&self, order_id: &str) -> Option<OrderStatus> {
        lock(&self.shared.orders).status(order_id)
    }

    /// Posts the documented example of `kind` to `url`, as the platform would: its
    /// timestamp set to now, signed with this mock's secret when the documentation says
    /// the kind is signed, with a delivery id. Returns the HTTP status the receiver answered.
    pub async fn send_notification(&self, url: &str, kind: NotificationKind) -> Result<u16, Error> {
        let example = kind.example_body().ok_or_else(|| {
            Error::Config(format!(
                "{} has no documented example body; use send_notification_body",
                kind.name()
            ))
        })?;
        let mut body: Value =
            serde_json::from_str(example).map_err(|error| Error::Config(error.to_string()))?;
        // A live event carries the current time; the example's would be refused as stale.
        crate::notify::stamp_now(kind, &mut body);
        self.send_notification_body(url, kind, &body).await
    }

    /// Posts `body` to `url` as a notification of `kind` (see
    /// [`MockServer::send_notification`]).
    pub async fn send_notification_body(
        &self,
        url: &str,
        kind: NotificationKind,
        body: &Value,
    ) -> Result<u16, Error> {
        let delivery = self.shared.deliveries.fetch_add(1, Ordering::Relaxed) + 1;
        // Like the platform's deliveries: no redirects followed, bounded in time.
        let http = crate::transport::reqwest_without_redirects(crate::DEFAULT_TIMEOUT)?;
        let mut request = http
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(header) = crate::notify::DELIVERY_HEADER {
            request = request.header(header, format!("mock-delivery-{delivery}"));
        }
        if let (true, Some(fields)) = (kind.signed(), body.as_object()) {
            let signature = crate::notify::signature(fields, &self.shared.credentials.secret);
            request = request.header(crate::notify::SIGNATURE_HEADER, signature);
        }
        // `?` converts through `From`, which strips the URL from the error.
        let response = request.send().await?;
        Ok(response.status().as_u16())
    }

    /// Serves until the process is interrupted (Ctrl-C).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
