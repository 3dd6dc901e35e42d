//! Family documents: base URLs, common fields, status codes, envelope and auth.

use std::collections::{BTreeMap, BTreeSet};

use super::{is_snake_identifier, is_wire_identifier, predecessor};
use crate::diagnostic::Diagnostics;
use crate::spec::{AuthKind, FamilyDoc, Fill, Loaded};

pub(super) fn check(family: &Loaded<FamilyDoc>, problems: &mut Diagnostics) {
    let doc = &family.doc;
    predecessor::check_family(family, problems);
    if !is_snake_identifier(&doc.name) {
        problems.push(family.diagnostic("name", "family name must be a snake_case identifier"));
    }
    let defaults = doc.base_urls.iter().filter(|b| b.default).count();
    if defaults != 1 {
        let message = format!("exactly one base URL must be `default: true`, found {defaults}");
        problems.push(family.diagnostic("base_urls", message));
    }
    let mut environments = BTreeSet::new();
    for (i, base) in doc.base_urls.iter().enumerate() {
        let Some(environment) = &base.environment else {
            continue;
        };
        let at = format!("base_urls[{i}].environment");
        if !is_snake_identifier(environment) {
            let message = format!("environment `{environment}` must be a snake_case identifier");
            problems.push(family.diagnostic(&at, message));
        }
        if !environments.insert(environment.as_str()) {
            let message = format!("two base URLs are environment `{environment}`");
            problems.push(family.diagnostic(&at, message));
        }
    }
    let mut names = BTreeSet::new();
    for (i, field) in doc.common_fields.iter().enumerate() {
        let at = format!("common_fields[{i}]");
        if !is_wire_identifier(&field.name) {
            let message = format!(
                "common field name `{}` is not a plain identifier",
                field.name
            );
            problems.push(family.diagnostic(&format!("{at}.name"), message));
        }
        if !names.insert(field.name.as_str()) {
            let message = format!("common field `{}` is declared twice", field.name);
            problems.push(family.diagnostic(&format!("{at}.name"), message));
        }
        match (field.fill, &field.value) {
            (Fill::Constant, None) => {
                problems.push(family.diagnostic(&at, "`fill: constant` needs a `value`"));
            }
            (Fill::AccessCode | Fill::Timestamp | Fill::Signature, Some(_)) => {
                let message = "`value` is only allowed with `fill: constant`";
                problems.push(family.diagnostic(&format!("{at}.value"), message));
            }
            _ => {}
        }
    }
    let mut codes = BTreeSet::new();
    for (i, status) in doc.status_codes.iter().enumerate() {
        let at = format!("status_codes[{i}]");
        if !codes.insert(status.code.as_str()) {
            let message = format!("status code `{}` is listed twice", status.code);
            problems.push(family.diagnostic(&format!("{at}.code"), message));
        }
        if !is_snake_identifier(&status.name) {
            let message = format!(
                "status code name `{}` must be a snake_case identifier",
                status.name
            );
            problems.push(family.diagnostic(&format!("{at}.name"), message));
        }
        // Names clashing as variants (`other` with the fallback) are the name table's.
    }
    // The client reads each envelope field for one role only.
    let envelope = &doc.envelope;
    let mut roles: BTreeMap<&str, &str> = BTreeMap::new();
    for (role, field) in [
        ("code.field", Some(&envelope.code.field)),
        ("message_field", Some(&envelope.message_field)),
        ("data_field", Some(&envelope.data_field)),
        ("success_flag_field", envelope.success_flag_field.as_ref()),
    ] {
        let Some(field) = field else { continue };
        if let Some(other) = roles.insert(field.as_str(), role) {
            let message = format!("envelope field `{field}` is already the {other}");
            problems.push(family.diagnostic(&format!("envelope.{role}"), message));
        }
    }
    let fills: BTreeSet<Fill> = doc.common_fields.iter().map(|f| f.fill).collect();
    match doc.auth.kind {
        AuthKind::HmacSha1Signature => {
            for (fill, name) in [
                (Fill::AccessCode, "access_code"),
                (Fill::Timestamp, "timestamp"),
                (Fill::Signature, "signature"),
            ] {
                if !fills.contains(&fill) {
                    let message =
                        format!("hmac_sha1_signature needs a common field with `fill: {name}`");
                    problems.push(family.diagnostic("common_fields", message));
                }
            }
            if doc.timestamp.is_none() {
                let message = "hmac_sha1_signature needs `timestamp:` (its unit)";
                problems.push(family.diagnostic("auth", message));
            }
        }
        AuthKind::AccessTokenHeader => {
            if doc.auth.header.is_none() {
                let message = "access_token_header needs `header:` (the header's name)";
                problems.push(family.diagnostic("auth", message));
            }
        }
    }
}
