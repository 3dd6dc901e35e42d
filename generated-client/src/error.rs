//! The one error type of the client.

use std::fmt;

use crate::family::Family;
use crate::validation::ValidationErrors;
use crate::ApiCode;

/// What can go wrong calling the API: an invalid request, the server's error, an answer that does not decode, or the transport.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request breaks documented rules; nothing was sent.
    #[error("invalid request, nothing sent: {0}")]
    Validation(#[from] ValidationErrors),

    /// The server answered with an error code in its envelope (or a success code with its
    /// success flag set to `false`).
    #[error("API error {code} (HTTP {status}): {message}")]
    Api {
        /// The HTTP status of the response.
        status: u16,
        /// The vendor's code, as text, normalized by the family's code type (`"0"`, not `"0.0"`;
        /// at most [`MAX_ERROR_TEXT_BYTES`] of it); [`Error::api_code`] reads it as a
        /// documented code.
        code: String,
        /// The server's message (at most [`MAX_ERROR_TEXT_BYTES`] of it).
        message: String,
        /// The API family that answered.
        family: &'static Family,
    },

    /// The server reported **success**, but `data` does not match the documented response.
    /// The operation took effect: do not retry it blindly (an order may be placed twice).
    #[error("the call succeeded (code {code}), but its data does not match the documented response: {reason}; data: {data}")]
    UnexpectedData {
        /// The HTTP status of the response.
        status: u16,
        /// The envelope's success code, as text.
        code: String,
        /// The envelope's message (at most [`MAX_ERROR_TEXT_BYTES`] of it).
        message: String,
        /// Why `data` does not match (at most [`MAX_ERROR_TEXT_BYTES`]).
        reason: String,
        /// The envelope's `data`, as JSON text, whole (bounded only by the response
        /// limit): the call took effect, and its data may be needed to recover.
        data: String,
    },

    /// The response is not the documented envelope or its `data` does not match.
    #[error("cannot decode the response (HTTP {status}): {reason}; body: {body}")]
    Decode {
        /// The HTTP status of the response.
        status: u16,
        /// Why the body does not decode (at most [`MAX_ERROR_TEXT_BYTES`]).
        reason: String,
        /// The start of the response body (at most [`MAX_ERROR_TEXT_BYTES`]), lossily
        /// decoded as UTF-8.
        body: String,
    },

    /// The server answered with a redirect (HTTP 3xx). The client never follows one: the
    /// signed body and the Mall token go to the configured server only, and a redirect's
    /// answer is never taken for the API's.
    #[error("the server redirected (HTTP {status}) to {}; redirects are not followed", .location.as_deref().unwrap_or("no location"))]
    Redirect {
        /// The HTTP status of the redirect.
        status: u16,
        /// The `Location` header (at most [`MAX_ERROR_TEXT_BYTES`] of it), if the server
        /// sent one.
        location: Option<String>,
    },

    /// The response is larger than [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)
    /// allows: refused on its declared `Content-Length` before reading, or read up to the
    /// limit and no further.
    #[error(
        "the response (HTTP {status}) is larger than the limit of {limit} bytes; it starts: {body}"
    )]
    ResponseTooLarge {
        /// The HTTP status of the response.
        status: u16,
        /// The limit in bytes ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
        limit: usize,
        /// The `Content-Length` the server declared, if it declared one.
        content_length: Option<u64>,
        /// The start of the body (at most [`MAX_ERROR_TEXT_BYTES`]), lossily decoded as
        /// UTF-8; empty when the declared length was refused before reading.
        body: String,
    },

    /// Connecting, sending or receiving failed, or the call timed out
    /// ([`Error::is_timeout`], [`Error::is_connect`]). The cause is the error's
    /// [`source`](std::error::Error::source) chain; it never carries the URL (a base URL
    /// may hold credentials).
    #[error("HTTP transport failed: {0}")]
    Http(#[source] HttpError),

    /// The client is missing a setting the call needs, or a setting is invalid.
    #[error("client configuration: {0}")]
    Config(String),
}

/// A transport failure: what kind it was, and its cause as the
/// [`source`](std::error::Error::source).
#[derive(Debug)]
pub struct HttpError {
    timeout: bool,
    connect: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl HttpError {
    /// Whether the call, or its last attempt
    /// ([`RetryPolicy::attempt_timeout`](crate::RetryPolicy::attempt_timeout)), ran out
    /// of time (connecting, sending or receiving).
    pub fn is_timeout(&self) -> bool {
        self.timeout
    }

    /// Whether connecting to the server failed. With the client's own transport nothing
    /// of the request was written; a client of yours that follows redirects may fail to
    /// connect to a redirect's target after the API received the request.
    pub fn is_connect(&self) -> bool {
        self.connect
    }

    /// The call's time ran out.
    pub(crate) fn timed_out() -> Self {
        Self {
            timeout: true,
            connect: false,
            source: None,
        }
    }

    /// A failure of hyper's client: a connect error, or any later one.
    pub(crate) fn from_hyper(error: hyper_util::client::legacy::Error) -> Self {
        Self {
            timeout: false,
            connect: error.is_connect(),
            source: Some(Box::new(error)),
        }
    }

    /// A failure while reading an answer's body.
    pub(crate) fn receiving(error: hyper::Error) -> Self {
        Self {
            timeout: false,
            connect: false,
            source: Some(Box::new(error)),
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What happened first: reqwest's own words for a timeout while reading the body
        // are "error decoding response body".
        f.write_str(if self.timeout {
            "timed out"
        } else if self.connect {
            "cannot connect"
        } else {
            "connection failed"
        })?;
        match &self.source {
            Some(source) => write!(f, " ({source})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

impl From<reqwest::Error> for HttpError {
    fn from(error: reqwest::Error) -> Self {
        Self {
            timeout: error.is_timeout(),
            connect: error.is_connect(),
            source: Some(Box::new(error.without_url())),
        }
    }
}

impl From<HttpError> for Error {
    fn from(error: HttpError) -> Self {
        Error::Http(error)
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Error::Http(error.into())
    }
}

/// The most bytes of a server's text (a body, a `Location`) an error keeps: enough to
/// read what went wrong, not enough to carry a huge error page around.
pub const MAX_ERROR_TEXT_BYTES: usize = 4096;

/// The first [`MAX_ERROR_TEXT_BYTES`] of `bytes`, lossily decoded as UTF-8 (a character
/// cut at the end is dropped, so the text stays within the limit).
pub(crate) fn text_prefix(bytes: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_ERROR_TEXT_BYTES)]);
    if text.len() > MAX_ERROR_TEXT_BYTES {
        // Replacement characters are longer than the bytes they replace.
        let mut end = MAX_ERROR_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.to_mut().truncate(end);
    }
    text.into_owned()
}

impl Error {
    /// Whether the call timed out (connecting, sending or receiving).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Http(error) if error.is_timeout())
    }

    /// Whether connecting to the server failed.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Http(error) if error.is_connect())
    }

    /// The vendor's code of an [`Error::Api`], as a documented code of its family (with
    /// its meaning) or `Other`.
    pub fn api_code(&self) -> Option<ApiCode> {
        match self {
            Error::Api { code, family, .. } => ApiCode::parse(family, code),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_prefixes_stay_within_the_limit() {
        assert_eq!(text_prefix(b"short"), "short");
        let long = "é".repeat(MAX_ERROR_TEXT_BYTES);
        let prefix = text_prefix(long.as_bytes());
        assert_eq!(prefix, "é".repeat(MAX_ERROR_TEXT_BYTES / 2));
        // Invalid bytes turn into three-byte replacement characters.
        let invalid = vec![0xff; MAX_ERROR_TEXT_BYTES * 2];
        let prefix = text_prefix(&invalid);
        assert!(prefix.len() <= MAX_ERROR_TEXT_BYTES && prefix.starts_with('\u{fffd}'));
    }
}
