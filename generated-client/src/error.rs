//! The one error type of the client.

use crate::validation::ValidationErrors;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request breaks documented rules; nothing was sent.
    #[error("invalid request, nothing sent: {0}")]
    Validation(#[from] ValidationErrors),

    /// The server answered with an error code in its envelope.
    #[error("API error {code} (HTTP {status}): {message}")]
    Api {
        status: u16,
        /// The vendor's code, as text (`"0000"` is success, so never this).
        code: String,
        message: String,
    },

    /// The response is not the documented envelope or its `data` does not match.
    #[error("cannot decode the response (HTTP {status}): {reason}; body: {body}")]
    Decode {
        status: u16,
        reason: String,
        /// The raw response body, lossily decoded as UTF-8.
        body: String,
    },

    /// Connecting, sending or receiving failed, or the call timed out.
    #[error("HTTP transport failed: {0}")]
    Http(#[from] reqwest::Error),

    /// The client is missing a setting the call needs, or a setting is invalid.
    #[error("client configuration: {0}")]
    Config(String),
}
