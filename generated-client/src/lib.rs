//! Typed, validated, signed client for the Linksfield IoT connectivity API: the CSSS
//! ("Cube v4") plan endpoints and the eSIM QR Mall.
//!
//! ```no_run
//! # async fn run() -> Result<(), linksfield::Error> {
//! use linksfield::{Client, OpenPackageRequest};
//!
//! // LINKSFIELD_ACCESS_CODE, LINKSFIELD_SECRET, ... (see `Client::from_env`)
//! let client = Client::from_env()?;
//! let request = OpenPackageRequest { order_id: "202107061625560742397".into() };
//! let opened = client.open_package(&request).await?;
//! println!("active from {}", opened.order_start_date);
//! # Ok(())
//! # }
//! ```
//!
//! `examples/` holds runnable versions of this and more (paging, errors, notifications,
//! a prepared request sent with another HTTP stack), each run against the mock.
//!
//! # Features
//!
//! - `mock`: the `mock` module, a spec-driven mock of the API on loopback, to test against.
//! - `cli`: the `linksfield` command-line client (one subcommand per endpoint, and
//!   `linksfield mock`); enables `mock`.
//!
//! # What is here
//!
//! The request and response types, enums, validators and [`Client`] methods are
//! generated at build time by `lfgen` from the reviewed YAML spec (`spec/`); this crate
//! adds the runtime: signing, transport, envelope decoding and errors. The API is
//! [`Client`] and [`ClientBuilder`], the request and response types, the enums, [`Error`],
//! [`paging`], [`notify`] and `mock`; the `__private` module is for generated code and
//! the binary only, with no stability promise.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

#[cfg(feature = "cli")]
mod cli;
mod client;
mod date;
mod endpoint;
mod envelope;
mod error;
mod family;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
mod no_data;
pub mod notify;
mod pager;
pub mod paging;
mod response_body;
mod signing;
mod sync;
mod validation;

/// What generated code (and the `linksfield` binary) calls: public so that it can, hidden
/// because nothing else should. Not part of the API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::pager::{items, Pager};
    pub use crate::signing::{canonical_string, is_empty, sign, ParamWriter};
    pub use crate::validation::{element_path, field_path, JsonFields, Violations};

    /// The CLI's helpers: flag values into JSON bodies, and terminal output.
    #[cfg(feature = "cli")]
    pub mod cli {
        pub use crate::cli::*;
    }
}

/// The code lfgen generates from the workspace's `spec/`, checked in so that a consumer's
/// build runs no generator. `include!` rather than a module file, so that rustfmt leaves
/// prettyplease's formatting alone; `tests/generated_fresh.rs` fails when it is stale.
mod generated {
    include!("generated.rs");
}

pub use client::{
    Client, ClientBuilder, Language, PreparedRequest, Secret, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
};
pub use date::{DateParts, VendorDate};
pub use endpoint::{Endpoint, Operation};
pub use envelope::decode_response;
pub use error::{Error, MAX_ERROR_TEXT_BYTES};
pub use family::{Auth, CodeType, CommonField, Envelope, Family, Fill, Server, TimestampUnit};
pub use generated::*;
pub use no_data::NoData;
pub use validation::{Format, Rule, ValidationErrors, Violation};

/// Code generated from `tests/fixture-spec` (generator paths the real spec does not use)
/// and its tests. Public (in test builds only) so that the parts a test does not touch
/// still count as used; the published crate does not carry it.
#[cfg(test)]
#[path = "../tests/fixture/mod.rs"]
pub mod fixture;
