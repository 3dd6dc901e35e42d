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

/// Code generated from `tests/fixture-spec`: generator paths the real spec does not use.
/// Public (in test builds only) so that the parts a test does not touch still count as used.
#[cfg(test)]
pub mod fixture {
    include!(concat!(env!("OUT_DIR"), "/fixture.rs"));

    #[test]
    fn response_enums_keep_values_the_spec_does_not_know() {
        let known: FixtureOrderStatus = serde_json::from_str("\"2\"").unwrap();
        assert_eq!(known, FixtureOrderStatus::Ended);
        assert_eq!(known.meaning(), Some("ended"));
        let unknown: FixtureOrderStatus = serde_json::from_str("\"9\"").unwrap();
        assert_eq!(unknown, FixtureOrderStatus::Unknown("9".into()));
        assert_eq!((unknown.as_wire(), unknown.meaning()), ("9", None));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"9\"");
        let response: FixtureOrderStatusResponse =
            serde_json::from_str(r#"{"status": "3", "added_later": true}"#).unwrap();
        assert_eq!(response.status, FixtureOrderStatus::Unknown("3".into()));
    }
}
