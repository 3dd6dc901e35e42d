//! The link between a request type, its operation and its response type.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::family::Family;
use crate::signing::ParamWriter;
use crate::validation::ValidationErrors;

/// A documented operation: method, path, family and documented examples.
#[derive(Debug)]
pub struct Operation {
    /// The snake_case name in the spec, e.g. `order_package`.
    pub name: &'static str,
    /// The page's title, e.g. `Order a package`.
    pub title: &'static str,
    /// The HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// The path below the family's base URL, e.g. `/cube/v4/orderPackage`.
    pub path: &'static str,
    /// Whether the client may send the request again (the spec's `retry:`).
    pub retry: RetrySafety,
    /// The API family: authentication, common fields and envelope.
    pub family: &'static Family,
    /// Whether the documentation marks the operation deprecated.
    pub deprecated: bool,
    /// The documented request example, as the page prints it.
    pub example_request: Option<&'static str>,
    /// The documented response example, envelope included.
    pub example_response: Option<&'static str>,
}

/// Whether repeating an operation is harmless: the spec's `retry: safe | never`, which
/// every endpoint must declare. [`RetryPolicy`](crate::RetryPolicy) reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetrySafety {
    /// A pure query: retried on connect errors, timeouts and HTTP 429, 502, 503 and 504.
    Safe,
    /// Repeating it may repeat its effect (a second order, a second payment): retried
    /// only when the connection was never established, so no byte reached the server.
    Never,
}

/// Implemented by every generated request type.
pub trait Endpoint: Serialize {
    /// The type of the response envelope's `data`.
    type Response: DeserializeOwned + Serialize;
    /// The operation this request is sent to.
    const OPERATION: &'static Operation;

    /// Every documented rule this request breaks, or `Ok`.
    fn validate(&self) -> Result<(), ValidationErrors>;

    /// Writes every parameter, the family's runtime-filled ones included, in
    /// lexicographic key order: the signature's `signContent`, without a JSON tree.
    /// Called by [`Client`](crate::Client); not part of the API.
    #[doc(hidden)]
    fn write_params(&self, params: &mut ParamWriter<'_>);
}
