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

/// The code lfgen generates from `spec/` (see `lfgen generate` to read it).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/linksfield.rs"));
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

/// Code generated from `tests/fixture-spec`: generator paths the real spec does not use.
/// Public (in test builds only) so that the parts a test does not touch still count as used.
#[cfg(all(test, linksfield_fixture))]
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

    fn bulk_update_example() -> serde_json::Value {
        let operation = <FixtureBulkUpdateRequest as Endpoint>::OPERATION;
        serde_json::from_str(operation.example_request.unwrap()).unwrap()
    }

    #[test]
    fn nested_requests_decode_validate_and_round_trip() {
        let example = bulk_update_example();
        let request = FixtureBulkUpdateRequest::from_json(&example).unwrap();
        request.validate().unwrap();
        assert_eq!(request.items[0].kind, Some(FixtureItemKind::Alpha));
        assert_eq!(request.contact.as_ref().unwrap().email, "e@x");
        assert_eq!(request.matrix, Some(vec![vec![1, 2], vec![3]]));
        let mut body = example.as_object().unwrap().clone();
        for common in ["access_code", "timestamp", "sign"] {
            body.remove(common);
        }
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::Value::Object(body)
        );
    }

    #[test]
    fn nested_violations_are_named_by_their_path() {
        let mut request = FixtureBulkUpdateRequest::from_json(&bulk_update_example()).unwrap();
        request.items.push(ItemsItem {
            iccid: "123".into(),
            z_note: None,
            kind: None,
        });
        let owner = request.owner.as_mut().unwrap();
        owner.name.clear();
        // A required object with nothing set would not be sent: it counts as missing.
        owner.address.city = None;
        let errors = request.validate().unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            ["items[1].iccid", "owner.name", "owner.address"]
        );

        let mut wire = bulk_update_example();
        wire["items"][0]["extra"] = 1.into();
        wire["items"][0]["kind"] = "Z".into();
        wire["owner"] = "not an object".into();
        wire["matrix"][1][0] = "x".into();
        wire["contact"] = serde_json::json!({});
        let errors = FixtureBulkUpdateRequest::from_json(&wire).unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            [
                "items[0].extra",
                "items[0].kind",
                "owner",
                "contact.email",
                "matrix[1][0]"
            ],
            "{errors}"
        );

        wire = bulk_update_example();
        wire["items"] = serde_json::json!([]);
        let errors = FixtureBulkUpdateRequest::from_json(&wire).unwrap_err();
        assert_eq!(errors.fields().collect::<Vec<_>>(), ["items"]);
    }

    #[test]
    fn nested_parameters_are_written_in_the_canonical_form() {
        let request = FixtureBulkUpdateRequest::from_json(&bulk_update_example()).unwrap();
        let common = [("access_code", "A"), ("timestamp", "1")];
        let mut writer = crate::signing::ParamWriter::new(&common);
        request.write_params(&mut writer);
        let written = writer.finish();
        let mut params = serde_json::to_value(&request).unwrap();
        params["access_code"] = "A".into();
        params["timestamp"] = "1".into();
        assert_eq!(
            written,
            crate::signing::canonical_string(params.as_object().unwrap(), "sign")
        );
        assert!(
            written
                .contains(r#""items":[{"iccid":"89852022018041800192","kind":"A","zNote":"n"}]"#),
            "{written}"
        );
    }

    #[test]
    fn list_responses_decode_into_vectors_of_objects() {
        let operation = <FixtureBulkUpdateRequest as Endpoint>::OPERATION;
        let envelope: serde_json::Value =
            serde_json::from_str(operation.example_response.unwrap()).unwrap();
        let data: FixtureBulkUpdateResponse =
            serde_json::from_value(envelope["data"].clone()).unwrap();
        assert_eq!(data[0].iccid, "89852022018041800192");
        assert_eq!(data[0].tags.as_deref(), Some(&["t".to_string()][..]));
    }

    /// A spec without `mock:` blocks gives every request the example answer, and unknown
    /// paths its first family's envelope.
    #[cfg(feature = "mock")]
    #[test]
    fn without_mock_declarations_every_request_answers_with_the_example() {
        let body = bulk_update_example();
        let request = MockRequest::decode("POST", "/fixture/bulkUpdate", &body)
            .unwrap()
            .unwrap();
        assert_eq!(request.action(), crate::mock::state::Action::None);
        assert_eq!(MockRequest::FALLBACK_FAMILY.name, FIXTURE.name);
    }
}
