//! Typed, validated, signed client for the Linksfield IoT connectivity API: the CSSS
//! ("Cube v4") plan endpoints and the eSIM QR Mall.
//!
//! The request and response types, enums, validators and [`Client`] methods are
//! generated at build time by `lfgen` from the reviewed YAML spec (`spec/`); this crate
//! adds the runtime: signing, transport, envelope decoding and errors.
//!
//! ```no_run
//! # async fn run() -> Result<(), linksfield::Error> {
//! use linksfield::{Client, OpenPackageRequest};
//!
//! let client = Client::from_env()?;
//! let request = OpenPackageRequest { order_id: "202107061625560742397".into() };
//! let opened = client.open_package(&request).await?;
//! println!("active from {}", opened.order_start_date);
//! # Ok(())
//! # }
//! ```

#[cfg(feature = "cli")]
pub mod cli;
mod client;
mod date;
mod endpoint;
mod envelope;
mod error;
mod family;
#[cfg(feature = "mock")]
pub mod mock;
mod no_data;
pub mod signing;
pub mod validation;

/// The code lfgen generates from `spec/` (see `lfgen generate` to read it).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/linksfield.rs"));
}

pub use client::{Client, ClientBuilder, Language, PreparedRequest, Secret, DEFAULT_TIMEOUT};
pub use date::{DateParts, VendorDate};
pub use endpoint::{Endpoint, Operation};
pub use error::Error;
pub use family::{Auth, CodeType, CommonField, Envelope, Family, Fill, TimestampUnit};
pub use generated::*;
pub use no_data::NoData;
pub use validation::{Format, Rule, ValidationErrors, Violation};
