//! How a request reaches the server and its answer comes back: hyper's pooled HTTP/1
//! client over rustls, or a `reqwest::Client`.
//!
//! The client's own transport is hyper's, the client reqwest is built on, without
//! reqwest's layers: on loopback those (redirect bookkeeping that parses every URL twice
//! even when no redirect is followed, boxed bodies and futures) cost over a quarter of a
//! call's throughput (BENCHMARKS.md §8). reqwest stays for what only it does: a proxy
//! (from the environment; also the system's settings on macOS and Windows when the build
//! turns on reqwest's `system-proxy` feature, which `linksfield` does not), credentials
//! in a URL (sent as Basic authentication), and a client of the user's
//! ([`ClientBuilder::http_client`]).
//!
//! [`ClientBuilder::http_client`]: crate::ClientBuilder::http_client

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT};
use http::{Method, Request, StatusCode, Uri};
use http_body::Body as _;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use reqwest::Url;
use tokio::time::Instant;

use crate::error::HttpError;
use crate::Error;

type DirectClient = hyper_util::client::legacy::Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// The longest budget a deadline is set from: about 30 years, as tokio's own `sleep`
/// takes a longer one (a user's `Duration::MAX` for "no limit"). A deadline near the
/// clock's end would overflow inside tokio's timer, which rounds it up to a tick.
const FAR_FUTURE: Duration = Duration::from_secs(30 * 365 * 24 * 60 * 60);

/// `budget` after `start`, the budget capped at [`FAR_FUTURE`].
pub(crate) fn deadline(start: Instant, budget: Duration) -> Instant {
    start + budget.min(FAR_FUTURE)
}

/// Where a call's requests go: an operation's URL, parsed once for each transport.
#[derive(Clone)]
pub(crate) struct Target {
    pub(crate) url: Url,
    uri: Uri,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry credentials (the base URL's userinfo).
        f.debug_tuple("Target")
            .field(&crate::client::redacted(&self.url))
            .finish()
    }
}

impl Target {
    /// `url` as both transports take it; `None` if hyper cannot read it as a URI.
    pub(crate) fn new(url: Url) -> Option<Self> {
        let uri = url.as_str().parse().ok()?;
        Some(Self { url, uri })
    }
}

/// The HTTP client a [`Client`](crate::Client) sends with.
#[derive(Clone)]
pub(crate) enum Transport {
    /// hyper's pooled client (no redirects, no proxy) for every listed target; a
    /// reqwest client of ours beside it for an unlisted target that needs one.
    Direct(Arc<Direct>),
    /// reqwest: the user's client (`foreign`), or one built without redirects when
    /// reqwest would send to a target through a proxy or a target carries credentials.
    Reqwest {
        client: reqwest::Client,
        foreign: bool,
    },
}

impl Transport {
    /// The transport for calls to `targets`: `user`'s client if given; else reqwest when
    /// reqwest would send one of them through a proxy or one carries credentials; else
    /// hyper's.
    pub(crate) fn new<'a>(
        user: Option<reqwest::Client>,
        targets: impl IntoIterator<Item = &'a Target>,
        timeout: Duration,
    ) -> Result<Self, Error> {
        if let Some(client) = user {
            return Ok(Transport::Reqwest {
                client,
                foreign: true,
            });
        }
        // What reqwest reads: the proxy variables and `NO_PROXY` (and, when reqwest's
        // `system-proxy` feature is on, macOS's and Windows' settings).
        let proxies = Matcher::from_system();
        if targets
            .into_iter()
            .any(|target| needs_reqwest(&proxies, target))
        {
            return Transport::ours(timeout);
        }
        Ok(Transport::Direct(Arc::new(Direct {
            client: direct_client()?,
            proxies,
            // Made now, while the environment is the one `proxies` read: reqwest reads
            // it again when it is built.
            reqwest: Transport::ours(timeout)?,
        })))
    }

    /// A reqwest client of ours, without redirects. Bounded by the whole budget, a first
    /// attempt needs no per-request timeout (see `send`), which saves reqwest a map of
    /// request extensions per call.
    fn ours(timeout: Duration) -> Result<Self, Error> {
        Ok(Transport::Reqwest {
            client: reqwest_without_redirects(timeout)?,
            foreign: false,
        })
    }

    /// The transport for a target the client did not know when it was built (an
    /// operation it does not list): this one, unless it is hyper's and the target needs
    /// reqwest (a proxy, credentials).
    pub(crate) fn for_unlisted(&self, target: &Target) -> &Transport {
        match self {
            Transport::Direct(direct) if needs_reqwest(&direct.proxies, target) => &direct.reqwest,
            _ => self,
        }
    }

    /// Whether this is the user's client, whose redirect policy cannot be read.
    pub(crate) fn is_foreign(&self) -> bool {
        matches!(self, Transport::Reqwest { foreign: true, .. })
    }

    /// Which transport the listed operations use, for `Debug`.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Transport::Direct(_) => "hyper",
            Transport::Reqwest { foreign: false, .. } => "reqwest (proxy or credentials)",
            Transport::Reqwest { foreign: true, .. } => "reqwest (yours)",
        }
    }

    /// Sends `request`: the answer's head, or the transport's failure. `budget` bounds
    /// the whole attempt, the answer's body included; `whole_budget` says it is the
    /// client's whole timeout (which a reqwest client of ours already applies).
    pub(crate) async fn send(
        &self,
        request: Outgoing<'_>,
        budget: Duration,
        whole_budget: bool,
    ) -> Result<Answer, HttpError> {
        match self {
            Transport::Direct(direct) => {
                let deadline = deadline(Instant::now(), budget);
                let mut http = Request::new(Full::new(Bytes::from(request.body)));
                *http.method_mut() = request.method;
                *http.uri_mut() = request.target.uri.clone();
                let headers = http.headers_mut();
                for (name, value) in request.headers {
                    headers.insert(name, value);
                }
                // What reqwest adds unasked, after the request's own headers: the server
                // sees the same bytes from either transport (tests/transport.rs).
                headers
                    .entry(ACCEPT)
                    .or_insert(HeaderValue::from_static("*/*"));
                match tokio::time::timeout_at(deadline, direct.client.request(http)).await {
                    Ok(Ok(response)) => Ok(Answer::Direct { response, deadline }),
                    Ok(Err(error)) => Err(HttpError::from_hyper(error)),
                    Err(_) => Err(HttpError::timed_out()),
                }
            }
            Transport::Reqwest { client, foreign } => {
                let mut http = client.request(request.method, request.target.url.clone());
                if *foreign || !whole_budget {
                    // A retry, or an attempt of a safe operation, has less than the whole
                    // budget, and a user's client has its own timeout (or none) to replace.
                    http = http.timeout(budget);
                }
                for (name, value) in request.headers {
                    http = http.header(name, value);
                }
                let response = http.body(request.body).send().await?;
                Ok(Answer::Reqwest {
                    response,
                    foreign: *foreign,
                })
            }
        }
    }
}

/// A reqwest client bounded by `timeout` that follows no redirect: following one would
/// re-send a signed order (or the Mall token) to wherever the answer points.
pub(crate) fn reqwest_without_redirects(timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
}

/// hyper's client, and what [`Transport::for_unlisted`] needs for a target the client
/// did not list.
pub(crate) struct Direct {
    client: DirectClient,
    /// The proxy settings as the client was built, which decided for the listed targets.
    proxies: Matcher,
    /// Ours, for an unlisted target that needs reqwest.
    reqwest: Transport,
}

/// Whether reqwest must send to `target`: it would use a proxy for it, or the URL
/// carries credentials (which reqwest sends as Basic authentication).
fn needs_reqwest(proxies: &Matcher, target: &Target) -> bool {
    has_credentials(&target.url) || proxies.intercept(&target.uri).is_some()
}

/// Whether `url` carries a user name or a password.
fn has_credentials(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// hyper's client as reqwest's `rustls-tls` sets it up by default: HTTP/1 (ALPN
/// `http/1.1`), TLS 1.3 and 1.2 with the process's default crypto provider or else ring,
/// the webpki roots, SNI; `TCP_NODELAY`, TCP keepalive after 15 s (probes every 15 s, 3
/// of them); idle connections closed after 90 s.
fn direct_client() -> Result<DirectClient, Error> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_keepalive(Some(Duration::from_secs(15)));
    http.set_keepalive_interval(Some(Duration::from_secs(15)));
    http.set_keepalive_retries(Some(3));
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| Error::Config(format!("cannot set up TLS: {error}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    // `From` keeps plain http allowed (the mock, loopback servers), like reqwest.
    let https = HttpsConnector::from((http, tls));
    Ok(
        hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(https),
    )
}

/// One request to send: its method, where to, its headers (static names) and body.
pub(crate) struct Outgoing<'a> {
    pub(crate) method: Method,
    pub(crate) target: &'a Target,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: String,
}

/// An answer whose head has arrived; its body is read by
/// [`read_capped`](crate::response_body::read_capped).
pub(crate) enum Answer {
    /// From hyper, with the attempt's deadline still to keep while reading the body.
    Direct {
        response: http::Response<Incoming>,
        deadline: Instant,
    },
    /// From reqwest, which keeps its timeout itself; `foreign` if the client is the
    /// user's.
    Reqwest {
        response: reqwest::Response,
        foreign: bool,
    },
}

impl Answer {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Answer::Direct { response, .. } => response.status(),
            Answer::Reqwest { response, .. } => response.status(),
        }
    }

    pub(crate) fn headers(&self) -> &HeaderMap {
        match self {
            Answer::Direct { response, .. } => response.headers(),
            Answer::Reqwest { response, .. } => response.headers(),
        }
    }

    /// Where the answer came from, if the user's client followed a redirect away from
    /// `requested` (the clients of ours follow none).
    pub(crate) fn redirected_from(&self, requested: &Url) -> Option<&Url> {
        match self {
            Answer::Reqwest {
                response,
                foreign: true,
            } => Some(response.url()).filter(|answered| !same_resource(answered, requested)),
            _ => None,
        }
    }

    /// The body's length as the server declared it.
    pub(crate) fn content_length(&self) -> Option<u64> {
        match self {
            Answer::Direct { response, .. } => response.body().size_hint().exact(),
            Answer::Reqwest { response, .. } => response.content_length(),
        }
    }

    /// The body's next piece, `None` at its end.
    pub(crate) async fn chunk(&mut self) -> Result<Option<Bytes>, HttpError> {
        match self {
            Answer::Direct { response, deadline } => loop {
                let frame = tokio::time::timeout_at(*deadline, response.body_mut().frame())
                    .await
                    .map_err(|_| HttpError::timed_out())?;
                match frame {
                    None => return Ok(None),
                    Some(Err(error)) => return Err(HttpError::receiving(error)),
                    // Trailers are not data: read on.
                    Some(Ok(frame)) => {
                        if let Ok(data) = frame.into_data() {
                            return Ok(Some(data));
                        }
                    }
                }
            },
            Answer::Reqwest { response, .. } => Ok(response.chunk().await?),
        }
    }
}

/// Whether `answered` is `requested`, but for credentials: reqwest takes them out of the
/// URL to send them as Basic authentication, unless they do not decode as UTF-8.
fn same_resource(answered: &Url, requested: &Url) -> bool {
    if !has_credentials(answered) && !has_credentials(requested) {
        return answered == requested;
    }
    without_credentials(answered) == without_credentials(requested)
}

fn without_credentials(url: &Url) -> Url {
    let mut stripped = url.clone();
    // Neither fails on an http(s) URL with a host, which the client's URLs are.
    let _ = stripped.set_username("");
    let _ = stripped.set_password(None);
    stripped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str) -> Target {
        Target::new(Url::parse(url).unwrap()).unwrap()
    }

    #[test]
    fn credentials_in_the_base_url_send_through_reqwest() {
        let timeout = Duration::from_secs(1);
        let with = Transport::new(None, [&target("http://user:pw@127.0.0.1:1/a")], timeout);
        assert!(matches!(
            with,
            Ok(Transport::Reqwest { foreign: false, .. })
        ));
        let yours = Transport::new(Some(reqwest::Client::new()), [], timeout).unwrap();
        assert!(yours.is_foreign());
    }

    #[test]
    fn an_answer_differing_only_in_credentials_is_the_resource_requested() {
        let url = |text: &str| Url::parse(text).unwrap();
        let plain = url("http://127.0.0.1:1/a/b");
        // reqwest strips what decodes as UTF-8 and keeps what does not.
        assert!(same_resource(&plain, &url("http://u:pw@127.0.0.1:1/a/b")));
        assert!(same_resource(
            &url("http://%FF:pw@127.0.0.1:1/a/b"),
            &url("http://%FF:pw@127.0.0.1:1/a/b")
        ));
        assert!(same_resource(&plain, &url("http://%FF:pw@127.0.0.1:1/a/b")));
        assert!(!same_resource(&url("http://127.0.0.1:1/a/c"), &plain));
        assert!(!same_resource(
            &url("http://u@127.0.0.2:1/a/b"),
            &url("http://u@127.0.0.1:1/a/b")
        ));
    }

    #[test]
    fn a_budget_is_capped_at_the_far_future() {
        let now = Instant::now();
        assert_eq!(deadline(now, Duration::MAX), now + FAR_FUTURE);
        assert_eq!(deadline(now, FAR_FUTURE * 2), now + FAR_FUTURE);
        assert_eq!(
            deadline(now, Duration::from_secs(1)),
            now + Duration::from_secs(1)
        );
    }

    #[test]
    fn a_target_prints_without_its_credentials() {
        let printed = format!("{:?}", target("https://user:hunter2@api.example/x?k=v"));
        assert!(
            !printed.contains("hunter2") && !printed.contains("user"),
            "{printed}"
        );
        assert!(printed.contains("api.example/x"), "{printed}");
    }
}
