//! How a request reaches the server and its answer comes back: hyper's pooled HTTP/1
//! client over rustls, or a `reqwest::Client`.
//!
//! The client's own transport is hyper's, the client reqwest is built on, without
//! reqwest's layers: on loopback those (redirect bookkeeping that parses every URL twice
//! even when no redirect is followed, boxed bodies and futures) cost about a third of a
//! call's throughput (BENCHMARKS.md §8). reqwest stays for what only it does: a proxy
//! configured in the environment, credentials in the base URL (sent as Basic
//! authentication), and a client of the user's ([`ClientBuilder::http_client`]).
//!
//! [`ClientBuilder::http_client`]: crate::ClientBuilder::http_client

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
use hyper_util::rt::{TokioExecutor, TokioTimer};
use reqwest::Url;
use tokio::time::Instant;

use crate::error::HttpError;
use crate::Error;

type DirectClient = hyper_util::client::legacy::Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// The environment variables reqwest reads a proxy from. When one is set, the client
/// sends through reqwest so that the proxy is used as before.
const PROXY_VARIABLES: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Where a call's requests go: an operation's URL, parsed once for each transport.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) url: Url,
    uri: Uri,
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
    /// hyper's pooled client: no redirects, no proxy.
    Direct(DirectClient),
    /// reqwest: the user's client (`foreign`), or one built without redirects when the
    /// environment sets a proxy or the base URL carries credentials.
    Reqwest {
        client: reqwest::Client,
        foreign: bool,
    },
}

impl Transport {
    /// The transport for these settings: `user`'s client if given; else reqwest when the
    /// environment sets a proxy or `base_url` carries credentials; else hyper's.
    pub(crate) fn new(
        user: Option<reqwest::Client>,
        base_url: Option<&str>,
        timeout: Duration,
    ) -> Result<Self, Error> {
        if let Some(client) = user {
            return Ok(Transport::Reqwest {
                client,
                foreign: true,
            });
        }
        let has_credentials = base_url
            .and_then(|url| Url::parse(url).ok())
            .is_some_and(|url| !url.username().is_empty() || url.password().is_some());
        if has_credentials || proxy_configured(|name| std::env::var_os(name)) {
            let client = reqwest::Client::builder()
                // The whole budget: a first attempt needs no per-request timeout (see
                // `send`), which saves reqwest a map of request extensions per call.
                .timeout(timeout)
                // Following a redirect would re-send the signed order (or the Mall
                // token) to wherever the answer points; the client reports it instead.
                .redirect(reqwest::redirect::Policy::none())
                .build()?;
            return Ok(Transport::Reqwest {
                client,
                foreign: false,
            });
        }
        Ok(Transport::Direct(direct_client()?))
    }

    /// Whether this is the user's client, whose redirect policy cannot be read.
    pub(crate) fn is_foreign(&self) -> bool {
        matches!(self, Transport::Reqwest { foreign: true, .. })
    }

    /// Which transport, for `Debug`.
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
            Transport::Direct(client) => {
                let deadline = Instant::now() + budget;
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
                match tokio::time::timeout_at(deadline, client.request(http)).await {
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

/// Whether `lookup` finds a proxy setting reqwest would use.
fn proxy_configured<V: AsRef<std::ffi::OsStr>>(lookup: impl Fn(&str) -> Option<V>) -> bool {
    PROXY_VARIABLES
        .iter()
        .any(|name| lookup(name).is_some_and(|value| !value.as_ref().is_empty()))
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

/// Whether `answered` is `requested`, whose credentials reqwest takes out of the URL
/// (to send them as Basic authentication).
fn same_resource(answered: &Url, requested: &Url) -> bool {
    if requested.username().is_empty() && requested.password().is_none() {
        return answered == requested;
    }
    let mut without_credentials = requested.clone();
    // Neither fails on an http(s) URL with a host, which the client's URLs are.
    let _ = without_credentials.set_username("");
    let _ = without_credentials.set_password(None);
    *answered == without_credentials
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_variable_set_and_not_empty_sends_through_reqwest() {
        let only = |set: &'static str, value: &'static str| {
            move |name: &str| (name == set).then_some(value)
        };
        assert!(proxy_configured(only("HTTPS_PROXY", "http://proxy:3128")));
        assert!(proxy_configured(only("all_proxy", "socks5://proxy")));
        assert!(!proxy_configured(only("HTTPS_PROXY", "")));
        assert!(!proxy_configured(only("NO_PROXY", "*")));
    }

    #[test]
    fn credentials_in_the_base_url_send_through_reqwest() {
        let timeout = Duration::from_secs(1);
        let with = Transport::new(None, Some("http://user:pw@127.0.0.1:1"), timeout).unwrap();
        assert!(matches!(with, Transport::Reqwest { foreign: false, .. }));
        let yours = Transport::new(Some(reqwest::Client::new()), None, timeout).unwrap();
        assert!(yours.is_foreign());
    }
}
