//! The client: settings, credentials, and sending one validated, signed request.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::header::{HeaderName, HeaderValue};
use reqwest::Url;
use tokio::time::Instant;
use tracing::{Instrument, Span};

use crate::endpoint::{Endpoint, Operation, RetrySafety};
use crate::envelope;
use crate::error::{self, HttpError};
use crate::family::{Auth, Family, Fill, TimestampUnit};
use crate::response_body;
use crate::retry::{self, Failure, RetryPolicy};
use crate::signing::{ParamWriter, SigningKey};
use crate::trace;
use crate::transport::{self, Answer, Outgoing, Target, Transport};
use crate::{Environment, Error, OPERATIONS};

/// The language of the server's messages (`Accept-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// `zh-CN`, the server's default.
    #[default]
    ZhCn,
    /// `en-US`.
    EnUs,
}

impl Language {
    /// The `Accept-Language` header value: `zh-CN` or `en-US`.
    pub fn as_header(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }

    /// Reads `zh-CN` or `en-US`, in any letter case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "zh-cn" => Some(Language::ZhCn),
            "en-us" => Some(Language::EnUs),
            _ => None,
        }
    }
}

/// A credential that never shows in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A request ready to send: validated, authenticated and encoded (see [`Client::prepare`]).
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// The HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// The full URL: the base URL and the operation's path.
    pub url: String,
    /// Header values are static strings except the Mall token.
    pub headers: Vec<(&'static str, Cow<'static, str>)>,
    /// The JSON body, signature included for a signed family.
    pub body: String,
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry the Mall token; only their names are shown. The URL
        // may carry the base URL's userinfo.
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| *name).collect();
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &redacted_text(&self.url))
            .field("headers", &names)
            .field("body", &self.body)
            .finish()
    }
}

/// The default time limit of a whole call: every attempt (connect, send and receive) and
/// every wait between them.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default of [`ClientBuilder::max_response_bytes`]: 8 MiB. The largest documented
/// response is a few KB; this leaves room for generous pages and bounds what a broken or
/// hostile server can make the client hold.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;

/// Sends requests to the Linksfield API.
///
/// Every call validates first (a request that breaks a documented rule sends nothing),
/// is bounded by the timeout (one budget for all its attempts), is retried only as its
/// [`RetryPolicy`] and the operation's [`RetrySafety`](crate::RetrySafety) allow (an
/// order is never sent twice once a byte of it may have reached the server), and never
/// follows a redirect (a 3xx answer is [`Error::Redirect`]). Each call is one `tracing`
/// span (see [`ClientBuilder::retry`]).
#[derive(Clone)]
pub struct Client {
    /// hyper's client, or reqwest's (the user's, or ours for a proxy or for credentials
    /// in a URL); see [`Transport`], and [`Transport::for_unlisted`] for operations the
    /// client does not list.
    transport: Transport,
    timeout: Duration,
    retry: RetryPolicy,
    base_url: Option<String>,
    environment: Option<Environment>,
    access_code: Option<String>,
    /// The secret, as HMAC state computed once rather than per request.
    signing_key: Option<SigningKey>,
    access_token: Option<Secret>,
    language: Language,
    timestamp_unit: Option<TimestampUnit>,
    max_response_bytes: usize,
    /// Every operation's URL, parsed once and sorted by operation name: parsing a URL
    /// costs about as much as signing a request.
    urls: Arc<[OperationUrl]>,
}

/// An operation's URL, with what it was made from: the name to look it up by, and the
/// path and family that must match (an operation not in [`OPERATIONS`] may share a name;
/// families may share a default server but not their environments' servers).
#[derive(Debug)]
struct OperationUrl {
    name: &'static str,
    path: &'static str,
    family: &'static Family,
    target: Target,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_deref().map(redacted_text))
            .field("environment", &self.environment)
            .field("access_code", &self.access_code)
            .field("signing_key", &self.signing_key)
            .field("access_token", &self.access_token)
            .field("language", &self.language)
            .field("timestamp_unit", &self.timestamp_unit)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("transport", &self.transport.name())
            .finish_non_exhaustive()
    }
}

/// Settings of a [`Client`]; see [`Client::builder`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    environment: Option<Environment>,
    access_code: Option<String>,
    secret: Option<Secret>,
    access_token: Option<Secret>,
    language: Language,
    timeout: Option<Duration>,
    timestamp_unit: Option<TimestampUnit>,
    max_response_bytes: Option<usize>,
    retry: RetryPolicy,
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    /// Like a derived `Debug`, with the base URL without its userinfo, query and fragment
    /// (they may carry credentials).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(redacted_text))
            .field("environment", &self.environment)
            .field("access_code", &self.access_code)
            .field("secret", &self.secret)
            .field("access_token", &self.access_token)
            .field("language", &self.language)
            .field("timeout", &self.timeout)
            .field("timestamp_unit", &self.timestamp_unit)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("http_client", &self.http_client.as_ref().map(|_| "<yours>"))
            .finish()
    }
}

impl ClientBuilder {
    /// The API root of every family, e.g. `https://api-uat.io.linksfield.net/cube/v4`;
    /// it overrides [`environment`](Self::environment). Unset, each family's documented
    /// default server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends each family's calls to its documented server of `environment` ([`Environment`]
    /// lists them; a family that documents none fails its calls with [`Error::Config`]). An
    /// explicit [`base_url`](Self::base_url) overrides it. Unset, each family's default
    /// server.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// The enterprise's partner code (CSSS `access_code`).
    pub fn access_code(mut self, access_code: impl Into<String>) -> Self {
        self.access_code = Some(access_code.into());
        self
    }

    /// The enterprise secret that signs CSSS requests.
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(Secret::new(secret));
        self
    }

    /// The eSIM QR Mall session token (`x-access-token`).
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.access_token = Some(Secret::new(token));
        self
    }

    /// The language of the server's messages (the `Accept-Language` header); `zh-CN` unless set.
    pub fn language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// The time limit of every call; [`DEFAULT_TIMEOUT`] unless set. It is **per call**:
    /// one budget for every attempt and every wait between retries (a wait that would
    /// leave less than [`MIN_RETRY_BUDGET`](crate::MIN_RETRY_BUDGET) of it ends the
    /// retries), so a call never takes longer, retried or not. It applies to a client of
    /// your own too ([`ClientBuilder::http_client`]), replacing that client's timeout for
    /// the calls it makes for this one.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest response body the client reads; [`DEFAULT_MAX_RESPONSE_BYTES`] unless
    /// set. A larger declared `Content-Length` is refused before reading, and a streamed
    /// body stops at the limit: either is [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Overrides the family's documented timestamp unit (the documentation shows both).
    pub fn timestamp_unit(mut self, unit: TimestampUnit) -> Self {
        self.timestamp_unit = Some(unit);
        self
    }

    /// When calls are retried; [`RetryPolicy::default`] (up to 3 attempts, and only as
    /// the operation's [`RetrySafety`](crate::RetrySafety) allows) unless set.
    /// [`RetryPolicy::none`] sends every call once.
    ///
    /// Every call is a `tracing` span `call` (target `linksfield`, level `INFO`) with the
    /// fields `endpoint`, `family`, `http.method`, `attempt` (how many were made),
    /// `http.status`, `vendor_code` and `elapsed_ms`; each retry is an event `retrying`
    /// with `attempt`, `reason` and `delay_ms`. Neither ever carries a credential, the
    /// signature, the URL or a body.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends with your `reqwest::Client` (a proxy, your own roots, a connection pool
    /// shared with the rest of your application) instead of the client's own transport.
    ///
    /// Unset, calls go through hyper's pooled HTTP/1 client with rustls and the webpki
    /// roots (what reqwest builds on, without its layers), or through a `reqwest::Client`
    /// built for this client when reqwest would send to the API through a proxy
    /// (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` in either case, less `NO_PROXY`'s hosts;
    /// and macOS's and Windows' settings when another crate turns on reqwest's
    /// `system-proxy` feature), as [`build`](ClientBuilder::build) finds it, or when the
    /// URL carries credentials.
    ///
    /// The [timeout](ClientBuilder::timeout) and the
    /// [response limit](ClientBuilder::max_response_bytes) still apply: the client sets
    /// the timeout on each request (replacing your client's) and reads the body itself.
    ///
    /// **Build it with `.redirect(reqwest::redirect::Policy::none())`.** A `reqwest::Client`
    /// does not tell its redirect policy, and reqwest's default follows up to 10
    /// redirects before the answer reaches this client, re-sending a 307 or 308's signed
    /// body (and the Mall's `x-access-token`, which reqwest does not strip) to wherever
    /// the server pointed. What can be enforced is: an answer whose URL is not the one
    /// requested (a redirect was followed) is refused with [`Error::Config`] instead of
    /// being taken for the API's, and never retried; and an operation marked `never` is
    /// sent once, not retried even after a connect error (which may be the redirect
    /// target's). But by then the request may have reached the other server.
    ///
    /// Do not set default headers named `content-type` or `accept-language` either (the client sets both on each request, so yours are not
    /// sent), nor a `connection_verbose` log, which would print the request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The client, or [`Error::Config`] when a setting is missing or invalid.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(url) = &self.base_url {
            check_base_url(url)?;
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let base_url = self
            .base_url
            .map(|url| url.trim_end_matches('/').to_string());
        let mut urls: Vec<OperationUrl> = OPERATIONS
            .iter()
            .filter_map(|operation| {
                // A URL that does not parse, or a server the environment lacks, is
                // reported by the call that needs it.
                let base = family_base_url(base_url.as_deref(), self.environment, operation.family);
                let target = parse_operation_url(base.ok()?, operation).ok()?;
                Some(OperationUrl {
                    name: operation.name,
                    path: operation.path,
                    family: operation.family,
                    target,
                })
            })
            .collect();
        urls.sort_by_key(|entry| entry.name);
        let targets = urls.iter().map(|entry| &entry.target);
        let transport = Transport::new(self.http_client, targets, timeout)?;
        Ok(Client {
            transport,
            timeout,
            retry: self.retry,
            base_url,
            environment: self.environment,
            access_code: self.access_code,
            signing_key: self
                .secret
                .map(|secret| SigningKey::new(secret.expose().as_bytes())),
            access_token: self.access_token,
            language: self.language,
            timestamp_unit: self.timestamp_unit,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            urls: urls.into(),
        })
    }
}

impl Client {
    /// A builder with nothing set: the credentials and base URLs to come.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `LINKSFIELD_BASE_URL`, `LINKSFIELD_ENV` (an
    /// [`Environment::name`], e.g. `production` or `uat`), `LINKSFIELD_ACCESS_CODE`,
    /// `LINKSFIELD_SECRET`, `LINKSFIELD_LANG` (`zh-CN` or `en-US`) and
    /// `LINKSFIELD_ACCESS_TOKEN`. Unset or empty variables keep the defaults; a call
    /// that needs a missing credential fails with [`Error::Config`] before sending.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let mut builder = Client::builder();
        if let Some(url) = var("LINKSFIELD_BASE_URL") {
            builder = builder.base_url(url);
        }
        if let Some(name) = var("LINKSFIELD_ENV") {
            let environment = Environment::parse(&name).ok_or_else(|| {
                let names: Vec<&str> = Environment::ALL.iter().map(|e| e.name()).collect();
                Error::Config(format!(
                    "LINKSFIELD_ENV is {name:?}; expected one of {}",
                    names.join(", ")
                ))
            })?;
            builder = builder.environment(environment);
        }
        if let Some(code) = var("LINKSFIELD_ACCESS_CODE") {
            builder = builder.access_code(code);
        }
        if let Some(secret) = var("LINKSFIELD_SECRET") {
            builder = builder.secret(secret);
        }
        if let Some(token) = var("LINKSFIELD_ACCESS_TOKEN") {
            builder = builder.access_token(token);
        }
        if let Some(lang) = var("LINKSFIELD_LANG") {
            let language = Language::parse(&lang).ok_or_else(|| {
                Error::Config(format!(
                    "LINKSFIELD_LANG is {lang:?}; expected zh-CN or en-US"
                ))
            })?;
            builder = builder.language(language);
        }
        builder.build()
    }

    /// Validates, authenticates and sends `request`, then decodes the response envelope;
    /// retried as the [`RetryPolicy`] allows, within the timeout.
    pub async fn execute<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let span = trace::call_span(E::OPERATION);
        if span.is_disabled() {
            // Nobody listens: no wrapper entering and leaving the span on every poll.
            return self.call(request, &span).await;
        }
        self.call(request, &span).instrument(span.clone()).await
    }

    /// [`Client::execute`] inside its span: attempts until one succeeds or the policy
    /// says stop, then reads and decodes the last answer.
    async fn call<E: Endpoint>(&self, request: &E, span: &Span) -> Result<E::Response, Error> {
        let operation = E::OPERATION;
        let started = Instant::now();
        let deadline = transport::deadline(started, self.timeout);
        let success_code = operation.family.envelope.success_code;
        let ended = |attempt, status, result: Result<E::Response, Error>| {
            trace::finish(span, attempt, status, started, success_code, &result);
            result
        };
        let target = match self.url_of(operation) {
            Ok(target) => target,
            Err(error) => return ended(0, None, Err(error)),
        };
        let transport = match &target {
            Cow::Borrowed(_) => &self.transport,
            Cow::Owned(unlisted) => self.transport.for_unlisted(unlisted),
        };
        let foreign = transport.is_foreign();
        let mut attempt = 1;
        // The budget left for the next attempt: the clock is read again only on a retry.
        let mut budget = self.retry.attempt_budget(operation.retry, self.timeout);
        let sent = loop {
            let sent = match self.attempt(request, transport, &target, budget).await {
                Ok(sent) => sent,
                Err(error) => return ended(attempt, None, Err(error)),
            };
            let failure = match &sent {
                // A user's client followed a redirect: `read` refuses the answer, and
                // nothing is sent again.
                Ok(answer) if answer.redirected_from(&target.url).is_some() => None,
                Ok(answer) => Failure::of_status(answer.status().as_u16()),
                // With a user's client a connect error may be a redirect target's, after
                // the request reached the API: an operation that must not repeat stops.
                Err(_) if foreign && matches!(operation.retry, RetrySafety::Never) => None,
                Err(error) => Failure::of_error(error),
            };
            let Some(failure) = failure else { break sent };
            let retry_after = sent
                .as_ref()
                .ok()
                .and_then(|answer| retry::retry_after(answer.headers(), SystemTime::now()));
            let remaining = deadline.saturating_duration_since(Instant::now());
            let Some(delay) =
                self.retry
                    .delay(operation.retry, failure, attempt, retry_after, remaining)
            else {
                break sent;
            };
            trace::retrying(attempt, failure, delay);
            // The answer is dropped unread: its connection is not reused.
            drop(sent);
            tokio::time::sleep(delay).await;
            let remaining = deadline.saturating_duration_since(Instant::now());
            budget = self.retry.attempt_budget(operation.retry, remaining);
            attempt += 1;
        };
        let status = sent.as_ref().ok().map(|answer| answer.status().as_u16());
        let result = match sent {
            Ok(answer) => self.read::<E>(answer, &target.url).await,
            Err(error) => Err(error.into()),
        };
        ended(attempt, status, result)
    }

    /// One attempt: the request encoded afresh (a new timestamp and signature) and sent
    /// by `transport` within `budget`. The outer error ends the call; the inner one may
    /// be retried.
    async fn attempt<E: Endpoint>(
        &self,
        request: &E,
        transport: &Transport,
        target: &Target,
        budget: Duration,
    ) -> Result<Result<Answer, HttpError>, Error> {
        let operation = E::OPERATION;
        let encoded = self.encode(request)?;
        let method = reqwest::Method::from_bytes(operation.method.as_bytes())
            .map_err(|_| Error::Config(format!("unsupported method {}", operation.method)))?;
        let mut headers = Vec::with_capacity(3);
        for (name, value) in self.fixed_headers() {
            // Both are constants: neither is parsed nor copied per call.
            headers.push((
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            ));
        }
        if let Some((name, token)) = encoded.token_header {
            let mut value = HeaderValue::from_str(token).map_err(|_| {
                Error::Config(format!(
                    "the access token is not a valid `{name}` header value"
                ))
            })?;
            value.set_sensitive(true);
            headers.push((HeaderName::from_static(name), value));
        }
        let outgoing = Outgoing {
            method,
            target,
            headers,
            body: encoded.body,
        };
        Ok(transport
            .send(outgoing, budget, budget >= self.timeout)
            .await)
    }

    /// The answer of the last attempt: refused if it redirects (or a client of the
    /// user's followed a redirect), read within the size limit, and decoded.
    async fn read<E: Endpoint>(&self, answer: Answer, url: &Url) -> Result<E::Response, Error> {
        let status = answer.status();
        if status.is_redirection() {
            return Err(Error::Redirect {
                status: status.as_u16(),
                location: answer
                    .headers()
                    .get(http::header::LOCATION)
                    .map(|location| error::text_prefix(location.as_bytes())),
            });
        }
        if let Some(followed) = answer.redirected_from(url) {
            return Err(Error::Config(format!(
                "the HTTP client followed a redirect to {}; build it with redirect::Policy::none(): the request may have reached that server",
                redacted(followed)
            )));
        }
        let bytes = response_body::read_capped(answer, self.max_response_bytes).await?;
        envelope::decode_response::<E>(status.as_u16(), &bytes)
    }

    /// The request [`Client::execute`] would send, without sending it: validated, with
    /// the family's fields filled in, signed and encoded, and its URL and headers (for
    /// sending it with another HTTP client; decode the answer with
    /// [`decode_response`](crate::decode_response)).
    pub fn prepare<E: Endpoint>(&self, request: &E) -> Result<PreparedRequest, Error> {
        let operation = E::OPERATION;
        let encoded = self.encode(request)?;
        let mut headers: Vec<(&'static str, Cow<'static, str>)> = self
            .fixed_headers()
            .into_iter()
            .map(|(name, value)| (name, Cow::Borrowed(value)))
            .collect();
        if let Some((name, token)) = encoded.token_header {
            headers.push((name, Cow::Owned(token.to_string())));
        }
        Ok(PreparedRequest {
            method: operation.method,
            url: operation_url(self.base_url_of(operation.family)?, operation),
            headers,
            body: encoded.body,
        })
    }

    /// The headers of every request, whatever its family.
    fn fixed_headers(&self) -> [(&'static str, &'static str); 2] {
        [
            ("content-type", JSON),
            ("accept-language", self.language.as_header()),
        ]
    }

    /// Validates `request` and writes its body, with the family's credentials.
    fn encode<E: Endpoint>(&self, request: &E) -> Result<Encoded<'_>, Error> {
        request.validate()?;
        let family = E::OPERATION.family;
        match family.auth {
            Auth::HmacSha1Signature => Ok(Encoded {
                body: self.signed_body(family, request)?,
                token_header: None,
            }),
            Auth::AccessTokenHeader { header } => {
                let token = self.access_token.as_ref().ok_or_else(|| {
                    Error::Config(format!(
                        "{} requests need an access token: set LINKSFIELD_ACCESS_TOKEN or ClientBuilder::access_token",
                        family.title
                    ))
                })?;
                let body = serde_json::to_string(request).map_err(|error| {
                    Error::Config(format!("cannot encode the request: {error}"))
                })?;
                Ok(Encoded {
                    body,
                    token_header: Some((header, token.expose())),
                })
            }
        }
    }

    /// The operation's URL: parsed when the client was built, or now for an operation
    /// the client does not list.
    fn url_of(&self, operation: &Operation) -> Result<Cow<'_, Target>, Error> {
        let known = self
            .urls
            .binary_search_by(|entry| entry.name.cmp(operation.name))
            .ok()
            .map(|index| &self.urls[index])
            .filter(|entry| {
                // The same static: a user's family may copy a listed one's name.
                entry.path == operation.path && std::ptr::eq(entry.family, operation.family)
            });
        match known {
            Some(entry) => Ok(Cow::Borrowed(&entry.target)),
            None => {
                parse_operation_url(self.base_url_of(operation.family)?, operation).map(Cow::Owned)
            }
        }
    }

    /// Where `family`'s calls go: see [`family_base_url`].
    fn base_url_of(&self, family: &Family) -> Result<&str, Error> {
        family_base_url(self.base_url.as_deref(), self.environment, family)
    }

    /// The body of a signed family: every non-empty parameter in key order (the family's
    /// fields filled in), then the signature over exactly those bytes.
    fn signed_body<E: Endpoint>(&self, family: &Family, request: &E) -> Result<String, Error> {
        let (Some(access_code), Some(key)) = (&self.access_code, &self.signing_key) else {
            return Err(Error::Config(format!(
                "{} requests need an access code and a secret: set LINKSFIELD_ACCESS_CODE and LINKSFIELD_SECRET or use ClientBuilder",
                family.title
            )));
        };
        let mut digits = itoa::Buffer::new();
        let timestamp = digits.format(self.timestamp_unit.unwrap_or(family.timestamp_unit).now());
        let mut sign_field = None;
        let mut common: Vec<(&'static str, &str)> = Vec::with_capacity(family.common_fields.len());
        for field in family.common_fields {
            match field.fill {
                Fill::AccessCode => common.push((field.name, access_code)),
                Fill::Timestamp => common.push((field.name, timestamp)),
                Fill::Constant(value) => common.push((field.name, value)),
                Fill::Signature => sign_field = Some(field.name),
            }
        }
        let mut params = ParamWriter::new(&common);
        request.write_params(&mut params);
        let mut body = params.finish();
        if let Some(sign_field) = sign_field {
            key.append_signature(&mut body, sign_field);
        }
        Ok(body)
    }
}

const JSON: &str = "application/json";

/// A request's body, and the header that authenticates it when the family uses one.
struct Encoded<'a> {
    body: String,
    token_header: Option<(&'static str, &'a str)>,
}

/// The base URL of `family`'s calls: the explicit one, else the family's server of the
/// environment, else its default server.
fn family_base_url<'a>(
    base_url: Option<&'a str>,
    environment: Option<Environment>,
    family: &Family,
) -> Result<&'a str, Error> {
    match (base_url, environment) {
        (Some(base_url), _) => Ok(base_url),
        (None, Some(environment)) => family.server(environment.name()).ok_or_else(|| {
            Error::Config(format!(
                "{} documents no `{}` server: set a base URL (ClientBuilder::base_url or LINKSFIELD_BASE_URL)",
                family.title,
                environment.name()
            ))
        }),
        (None, None) => Ok(family.default_base_url),
    }
}

/// `base_url` followed by the operation's path.
fn operation_url(base_url: &str, operation: &Operation) -> String {
    format!("{base_url}{}", operation.path)
}

/// [`operation_url`], parsed.
fn parse_operation_url(base_url: &str, operation: &Operation) -> Result<Target, Error> {
    let text = operation_url(base_url, operation);
    let url = Url::parse(&text).map_err(|error| {
        Error::Config(format!(
            "the URL of {} is not a URL: {error}",
            operation.name
        ))
    })?;
    Target::new(url).ok_or_else(|| {
        Error::Config(format!(
            "the URL of {} is not an HTTP request target",
            operation.name
        ))
    })
}

/// Refuses a base URL the client cannot append paths to. Messages show the URL
/// [`redacted`]: it may carry credentials.
fn check_base_url(url: &str) -> Result<(), Error> {
    // `url`'s parse errors never repeat the text they were given.
    let parsed = Url::parse(url)
        .map_err(|error| Error::Config(format!("the base URL is not a URL: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL {} must be http or https",
            redacted(&parsed)
        )));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        // Operation paths would be appended to the query or the fragment.
        return Err(Error::Config(format!(
            "base URL {} must have no query or fragment",
            redacted(&parsed)
        )));
    }
    Ok(())
}

/// `url` without its userinfo, query and fragment, which may hold credentials.
pub(crate) fn redacted(url: &Url) -> String {
    if !url.has_host() {
        return format!("{}:<redacted>", url.scheme());
    }
    format!(
        "{}://{}{}",
        url.scheme(),
        url.host_str().unwrap_or_default(),
        url.port()
            .map(|port| format!(":{port}"))
            .unwrap_or_default()
    ) + url.path()
}

/// [`redacted`], for a URL as text.
fn redacted_text(url: &str) -> String {
    Url::parse(url).map_or_else(|_| "<not a URL>".to_string(), |url| redacted(&url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_output() {
        let client = Client::builder()
            .access_code("P000270")
            .secret("very-secret-key")
            .access_token("session-token")
            .build()
            .unwrap();
        let debug = format!("{client:?}");
        assert!(
            !debug.contains("very-secret-key") && !debug.contains("session-token"),
            "{debug}"
        );
        assert!(debug.contains("P000270"));
    }

    #[test]
    fn from_env_reads_every_setting_and_rejects_a_bad_language() {
        let vars = |lang: &'static str| {
            move |name: &str| {
                let value = match name {
                    "LINKSFIELD_BASE_URL" => "http://127.0.0.1:9/",
                    "LINKSFIELD_ACCESS_CODE" => "P000270",
                    "LINKSFIELD_SECRET" => "s",
                    "LINKSFIELD_LANG" => lang,
                    _ => return None,
                };
                Some(value.to_string())
            }
        };
        let client = Client::from_lookup(vars("EN-US")).unwrap();
        assert_eq!(client.base_url.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(client.language, Language::EnUs);
        assert_eq!(client.access_code.as_deref(), Some("P000270"));
        match Client::from_lookup(vars("fr-FR")) {
            Err(Error::Config(message)) => assert!(message.contains("LINKSFIELD_LANG")),
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn an_environment_picks_each_familys_server_and_a_base_url_overrides_it() {
        let csss = OPERATIONS
            .iter()
            .find(|operation| operation.family.name == crate::CSSS.name)
            .unwrap();
        let mall = OPERATIONS
            .iter()
            .find(|operation| operation.family.name == crate::ESIM_MALL.name)
            .unwrap();
        let url = |client: &Client, operation: &Operation| {
            client
                .url_of(operation)
                .map(|target| target.url.to_string())
        };

        let default = Client::builder().build().unwrap();
        assert_eq!(
            url(&default, csss).unwrap(),
            format!("{}{}", crate::CSSS.default_base_url, csss.path)
        );

        let production = Client::builder()
            .environment(Environment::Production)
            .access_code("P000270")
            .secret("s")
            .build()
            .unwrap();
        let server = crate::CSSS.server("production").unwrap();
        assert_ne!(server, crate::CSSS.default_base_url);
        assert_eq!(
            url(&production, csss).unwrap(),
            format!("{server}{}", csss.path)
        );
        // The Mall documents no production server: its calls say so, before sending.
        match url(&production, mall) {
            Err(Error::Config(message)) => {
                assert!(message.contains("no `production` server"), "{message}")
            }
            other => panic!("expected a configuration error, got {other:?}"),
        }
        let request = crate::QueryDeviceRequest {
            device_id: "89852022018041800192".into(),
        };
        assert_eq!(
            production.prepare(&request).unwrap().url,
            format!("{server}{}", crate::QueryDeviceRequest::OPERATION.path)
        );

        let overridden = Client::builder()
            .environment(Environment::Production)
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap();
        for operation in [csss, mall] {
            assert_eq!(
                url(&overridden, operation).unwrap(),
                format!("http://127.0.0.1:9{}", operation.path)
            );
        }
    }

    #[test]
    fn linksfield_env_names_an_environment() {
        let vars = |env: &'static str| {
            move |name: &str| (name == "LINKSFIELD_ENV").then(|| env.to_string())
        };
        let client = Client::from_lookup(vars("Production")).unwrap();
        assert_eq!(client.environment, Some(Environment::Production));
        match Client::from_lookup(vars("staging")) {
            Err(Error::Config(message)) => {
                assert!(message.contains("uat, production"), "{message}")
            }
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }

    #[test]
    fn operation_urls_are_parsed_once_from_the_text_prepare_writes() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9/root/")
            .build()
            .unwrap();
        assert_eq!(client.urls.len(), OPERATIONS.len());
        for operation in OPERATIONS {
            let text = operation_url(client.base_url_of(operation.family).unwrap(), operation);
            assert_eq!(text, format!("http://127.0.0.1:9/root{}", operation.path));
            assert_eq!(client.url_of(operation).unwrap().url.as_str(), text);
        }
    }

    #[test]
    fn an_operation_the_client_does_not_list_gets_its_own_url() {
        // Operations outside OPERATIONS (a fixture's, or a user's) may share a listed
        // name; they never get the listed URL unless path and server match too.
        let client = Client::builder().build().unwrap();
        let listed = OPERATIONS
            .iter()
            .find(|operation| operation.family.name == crate::CSSS.name)
            .unwrap();
        let other_path = Operation {
            path: "/elsewhere",
            ..**listed
        };
        let other_family = Operation {
            family: &crate::ESIM_MALL,
            ..**listed
        };
        assert_eq!(
            client.url_of(&other_path).unwrap().url.as_str(),
            format!("{}/elsewhere", crate::CSSS.default_base_url)
        );
        assert_eq!(
            client.url_of(&other_family).unwrap().url.as_str(),
            format!("{}{}", crate::ESIM_MALL.default_base_url, listed.path)
        );
        // The two families share a default server but not a production one: the Mall
        // family's operation is refused, not sent to the CSSS production host.
        let production = Client::builder()
            .environment(Environment::Production)
            .build()
            .unwrap();
        assert!(matches!(
            production.url_of(&other_family),
            Err(Error::Config(_))
        ));
    }
}
