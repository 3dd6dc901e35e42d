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
        if let Some(problem) = base_url_problem(&base.url, base.environment.is_some()) {
            let message = format!("base URL `{}` {problem}", base.url);
            problems.push(family.diagnostic(&format!("base_urls[{i}].url"), message));
        }
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

/// What is wrong with a server's URL, if anything: the client appends operation paths to
/// it as it is, and an environment sends signed orders and the Mall token there, so those
/// must use TLS unless they stay on this host.
fn base_url_problem(url: &str, environment: bool) -> Option<&'static str> {
    let rest = match url.split_once("://") {
        Some(("https", rest)) => rest,
        Some(("http", rest)) if !environment || is_loopback(rest) => rest,
        Some(("http", _)) => {
            return Some("selects an environment, so it must be https (or loopback)")
        }
        _ => return Some("must be an http or https URL"),
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        // Userinfo is a credential in the spec, and it hides the real host:
        // `http://localhost@evil.example` goes to evil.example.
        Some("must carry no userinfo (`user@`): the host is what follows it")
    } else if url.contains(['?', '#']) || url.chars().any(char::is_whitespace) {
        Some("must have no query, fragment or whitespace: operation paths are appended to it")
    } else if host_of(authority).is_empty() {
        Some("has no host")
    } else if url.ends_with('/') {
        Some("must not end with `/`: operation paths start with one")
    } else {
        None
    }
}

/// Whether the authority of `rest` (what follows `scheme://`) is this host; never with
/// userinfo, which would make the text before `@` look like the host.
fn is_loopback(rest: &str) -> bool {
    let authority = rest.split('/').next().unwrap_or_default();
    !authority.contains('@') && matches!(host_of(authority), "localhost" | "127.0.0.1" | "::1")
}

/// The host of an authority without userinfo: `[::1]:80` is `::1`, `a.test:8080` is `a.test`.
fn host_of(authority: &str) -> &str {
    match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::base_url_problem;

    #[test]
    fn servers_are_urls_paths_can_be_appended_to() {
        for ok in [
            "https://api.example.test/cube/v4",
            "http://127.0.0.1:8080",
            "http://[::1]:80",
        ] {
            assert_eq!(base_url_problem(ok, true), None, "{ok}");
        }
        assert_eq!(base_url_problem("http://demo.example.test", false), None);
        for (bad, environment) in [
            ("http://api.example.test", true),
            ("ftp://api.example.test", false),
            ("api.example.test", false),
            ("https://api.example.test/", false),
            ("https://api.example.test/?key=1", false),
            ("https://api.example.test#x", false),
            ("https://", false),
            ("https://exa mple.test", false),
            // Loopback-looking userinfo before a remote host.
            ("http://localhost:x@evil.example", true),
            ("http://127.0.0.1:80@evil.example", true),
            ("http://[::1]@evil.example", true),
            ("https://user:pass@api.example.test", false),
            ("http://127.0.0.1.evil.example", true),
            ("https://:443", false),
        ] {
            assert!(base_url_problem(bad, environment).is_some(), "{bad}");
        }
    }
}
