//! The one error type of the client.

use crate::family::Family;
use crate::validation::ValidationErrors;
use crate::ApiCode;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request breaks documented rules; nothing was sent.
    #[error("invalid request, nothing sent: {0}")]
    Validation(#[from] ValidationErrors),

    /// The server answered with an error code in its envelope (or a success code with its
    /// success flag set to `false`).
    #[error("API error {code} (HTTP {status}): {message}")]
    Api {
        status: u16,
        /// The vendor's code, as text, normalized by the family's code type (`"0"`, not `"0.0"`);
        /// [`Error::api_code`] reads it as a documented code.
        code: String,
        message: String,
        /// The API family that answered.
        family: &'static Family,
    },

    /// The server reported **success**, but `data` does not match the documented response.
    /// The operation took effect: do not retry it blindly (an order may be placed twice).
    #[error("the call succeeded (code {code}), but its data does not match the documented response: {reason}; data: {data}")]
    UnexpectedData {
        status: u16,
        code: String,
        message: String,
        reason: String,
        /// The envelope's `data`, as JSON text.
        data: String,
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

impl Error {
    /// The vendor's code of an [`Error::Api`], as a documented code of its family (with
    /// its meaning) or `Other`.
    pub fn api_code(&self) -> Option<ApiCode> {
        match self {
            Error::Api { code, family, .. } => ApiCode::parse(family, code),
            _ => None,
        }
    }
}
