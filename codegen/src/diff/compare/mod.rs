//! Comparing two specs by meaning.

use std::collections::BTreeSet;
use std::path::Path;

mod fields;

use super::{severity_of, Finding, Kind};
use crate::spec::{EndpointDoc, FamilyDoc, Loaded, Retry, SpanIndex, Spec, TypeDoc};
use fields::{compare_children, compare_enum, compare_fields, type_signature, REQUEST, RESPONSE};

/// Where findings about one document point: its file in the NEW spec (OLD for removals).
struct Anchor<'a> {
    file: &'a Path,
    spans: &'a SpanIndex,
    endpoint: &'a str,
    kind: Kind,
    /// The shared types of OLD and NEW, for comparing `ref:` objects field by field.
    types: (&'a [Loaded<TypeDoc>], &'a [Loaded<TypeDoc>]),
    /// The shared types being compared right now: a type that contains itself (lint
    /// rejects it, but diff does not lint) is compared once, not forever.
    visiting: std::cell::RefCell<Vec<String>>,
}

impl Anchor<'_> {
    fn finding(
        &self,
        rule: &'static str,
        field: Option<&str>,
        at: &str,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity: severity_of(rule),
            endpoint: self.endpoint.to_string(),
            kind: self.kind,
            field: field.map(str::to_string),
            message,
            file: self.file.to_path_buf(),
            line: self.spans.locate(at).line.max(1),
        }
    }
}

/// Every change in meaning from `old` to `new`, grouped by endpoint, breaking first.
pub fn compare(old: &Spec, new: &Spec) -> Vec<Finding> {
    let mut findings = Vec::new();
    compare_families(old, new, &mut findings);
    compare_environments(old, new, &mut findings);
    for new_endpoint in &new.endpoints {
        let anchor = anchor(
            new_endpoint,
            &new_endpoint.doc.name,
            Kind::Endpoint,
            old,
            new,
        );
        match old
            .endpoints
            .iter()
            .find(|e| e.doc.name == new_endpoint.doc.name)
        {
            None => {
                let doc = &new_endpoint.doc;
                let message = format!("new endpoint {} {}", doc.method.as_str(), doc.path);
                findings.push(anchor.finding("endpoint-added", None, "name", message));
            }
            Some(old_endpoint) => {
                compare_endpoints(&old_endpoint.doc, new_endpoint, (old, new), &mut findings)
            }
        }
    }
    compare_notifications(old, new, &mut findings);
    for old_endpoint in &old.endpoints {
        if !new
            .endpoints
            .iter()
            .any(|e| e.doc.name == old_endpoint.doc.name)
        {
            let doc = &old_endpoint.doc;
            let message = format!("endpoint {} {} removed", doc.method.as_str(), doc.path);
            findings.push(
                anchor(
                    old_endpoint,
                    &old_endpoint.doc.name,
                    Kind::Endpoint,
                    old,
                    new,
                )
                .finding("endpoint-removed", None, "name", message),
            );
        }
    }
    findings.sort_by(|a, b| {
        (&a.endpoint, a.severity, a.kind, a.rule, &a.field).cmp(&(
            &b.endpoint,
            b.severity,
            b.kind,
            b.rule,
            &b.field,
        ))
    });
    findings
}

/// Findings about `loaded` (an endpoint, family or notification called `name`).
fn anchor<'a, T>(
    loaded: &'a Loaded<T>,
    name: &'a str,
    kind: Kind,
    old: &'a Spec,
    new: &'a Spec,
) -> Anchor<'a> {
    Anchor {
        file: &loaded.file,
        spans: loaded.spans(),
        endpoint: name,
        kind,
        types: (&old.types, &new.types),
        visiting: Default::default(),
    }
}

/// Notifications by name; their payload fields follow the response-field rules (payload
/// types are read, never built, by users).
fn compare_notifications(old: &Spec, new: &Spec, findings: &mut Vec<Finding>) {
    for loaded in &new.notifications {
        let doc = &loaded.doc;
        let anchor = anchor(loaded, &doc.name, Kind::Notification, old, new);
        let Some(before) = old.notifications.iter().find(|n| n.doc.name == doc.name) else {
            let message = format!("new notification `{}`", doc.name);
            findings.push(anchor.finding("notification-added", None, "name", message));
            continue;
        };
        let before = &before.doc;
        let settings = [
            ("signed", before.signed != doc.signed),
            ("discriminator", before.discriminator != doc.discriminator),
            (
                "timestamp",
                before.timestamp.as_ref().map(|t| (&t.field, t.unit))
                    != doc.timestamp.as_ref().map(|t| (&t.field, t.unit)),
            ),
        ];
        if before.body != doc.body {
            let message =
                format!("the body changed from {:?} to {:?}", before.body, doc.body).to_lowercase();
            findings.push(anchor.finding("notification-body-changed", None, "body", message));
        }
        // The event codes are a tolerant enum, like a response enum.
        compare_enum(
            &before.events,
            &doc.events,
            "events",
            "events",
            &anchor,
            &RESPONSE,
            findings,
        );
        for (what, changed) in settings {
            if changed {
                let message = format!("`{what}` changed");
                findings.push(anchor.finding("notification-changed", None, what, message));
            }
        }
        let docs = |n: &crate::spec::NotificationDoc| {
            (
                n.title.clone(),
                n.description.clone(),
                n.notes.clone(),
                n.gaps.clone(),
                n.sources.clone(),
                n.examples.body.clone(),
                n.status.clone(),
            )
        };
        if docs(before) != docs(doc) {
            let message = "title, description, notes, gaps, sources or example changed".into();
            findings.push(anchor.finding("notification-docs-changed", None, "title", message));
        }
        compare_fields(
            &before.fields,
            &doc.fields,
            "fields",
            "",
            &anchor,
            &RESPONSE,
            findings,
        );
    }
    for loaded in &old.notifications {
        if !new
            .notifications
            .iter()
            .any(|n| n.doc.name == loaded.doc.name)
        {
            let anchor = anchor(loaded, &loaded.doc.name, Kind::Notification, old, new);
            let message = format!("notification `{}` removed", loaded.doc.name);
            findings.push(anchor.finding("notification-removed", None, "name", message));
        }
    }
}

/// The environments the families name are `Environment`'s variants: one no family names
/// any more disappears from the code, a new one is added; a family that drops its server
/// of an environment that stays fails its calls under it.
fn compare_environments(old: &Spec, new: &Spec, findings: &mut Vec<Finding>) {
    let named = |spec: &Spec| -> BTreeSet<String> {
        let bases = spec.families.iter().flat_map(|f| &f.doc.base_urls);
        bases.filter_map(|b| b.environment.clone()).collect()
    };
    let (before, after) = (named(old), named(new));
    let mut reported = BTreeSet::new();
    for family in &new.families {
        for (j, base) in family.doc.base_urls.iter().enumerate() {
            let Some(environment) = &base.environment else {
                continue;
            };
            if before.contains(environment) || !reported.insert(environment.clone()) {
                continue;
            }
            let anchor = anchor(family, &family.doc.name, Kind::Family, old, new);
            let at = format!("base_urls[{j}].environment");
            let message = format!("new environment `{environment}`");
            findings.push(anchor.finding("environment-added", None, &at, message));
        }
    }
    for old_family in &old.families {
        // A removed family is reported as such.
        let Some(family) = new
            .families
            .iter()
            .find(|f| f.doc.name == old_family.doc.name)
        else {
            continue;
        };
        let kept = |environment: &String| {
            let bases = family.doc.base_urls.iter();
            bases
                .filter_map(|b| b.environment.as_ref())
                .any(|e| e == environment)
        };
        let gone = old_family
            .doc
            .base_urls
            .iter()
            .filter_map(|b| b.environment.as_ref());
        for environment in gone.filter(|e| !kept(e)) {
            let anchor = anchor(family, &family.doc.name, Kind::Family, old, new);
            if after.contains(environment) {
                // The variant stays; this family's calls under it now fail unconfigured.
                let message = format!(
                    "family `{}` has no `{environment}` server any more",
                    family.doc.name
                );
                let rule = "environment-server-removed";
                findings.push(anchor.finding(rule, None, "base_urls", message));
            } else if reported.insert(environment.clone()) {
                let message = format!("environment `{environment}` removed");
                findings.push(anchor.finding("environment-removed", None, "base_urls", message));
            }
        }
    }
}

fn compare_families(old: &Spec, new: &Spec, findings: &mut Vec<Finding>) {
    for new_family in &new.families {
        let anchor = anchor(new_family, &new_family.doc.name, Kind::Family, old, new);
        let Some(old_family) = old
            .families
            .iter()
            .find(|f| f.doc.name == new_family.doc.name)
        else {
            let message = format!("new family `{}`", new_family.doc.name);
            findings.push(anchor.finding("family-added", None, "name", message));
            continue;
        };
        let (old_doc, new_doc) = (&old_family.doc, &new_family.doc);
        for (what, at, changed) in family_settings(old_doc, new_doc) {
            if changed {
                findings.push(anchor.finding(
                    "family-changed",
                    None,
                    at,
                    format!("{what} changed"),
                ));
            }
        }
        if old_doc.title != new_doc.title
            || old_doc.description != new_doc.description
            || old_doc.sources != new_doc.sources
            || old_doc.auth.notes != new_doc.auth.notes
        {
            let message = "title, description, sources or notes changed".to_string();
            findings.push(anchor.finding("family-docs-changed", None, "title", message));
        }
    }
    for old_family in &old.families {
        if !new
            .families
            .iter()
            .any(|f| f.doc.name == old_family.doc.name)
        {
            let anchor = anchor(old_family, &old_family.doc.name, Kind::Family, old, new);
            let message = format!("family `{}` removed", old_family.doc.name);
            findings.push(anchor.finding("family-removed", None, "name", message));
        }
    }
}

/// The settings of a family whose change alters behaviour: what, where, whether changed.
fn family_settings(old: &FamilyDoc, new: &FamilyDoc) -> [(&'static str, &'static str, bool); 5] {
    let urls = |f: &FamilyDoc| {
        f.base_urls
            .iter()
            .map(|b| (b.url.clone(), b.default, b.environment.clone()))
            .collect::<Vec<_>>()
    };
    let common = |f: &FamilyDoc| {
        f.common_fields
            .iter()
            .map(|c| (c.name.clone(), c.fill, c.value.clone()))
            .collect::<Vec<_>>()
    };
    let envelope = |f: &FamilyDoc| {
        let e = &f.envelope;
        (
            e.code.field.clone(),
            e.code.code_type,
            e.code.success.clone(),
            e.message_field.clone(),
            e.data_field.clone(),
            e.success_flag_field.clone(),
        )
    };
    [
        ("base URLs", "base_urls", urls(old) != urls(new)),
        (
            "authentication",
            "auth",
            (old.auth.kind, &old.auth.header) != (new.auth.kind, &new.auth.header),
        ),
        (
            "runtime-filled fields",
            "common_fields",
            common(old) != common(new),
        ),
        (
            "timestamp unit",
            "timestamp",
            old.timestamp.as_ref().map(|t| t.unit) != new.timestamp.as_ref().map(|t| t.unit),
        ),
        ("envelope", "envelope", envelope(old) != envelope(new)),
    ]
}

fn compare_endpoints(
    old: &EndpointDoc,
    new_loaded: &Loaded<EndpointDoc>,
    specs: (&Spec, &Spec),
    findings: &mut Vec<Finding>,
) {
    let new = &new_loaded.doc;
    let anchor = anchor(
        new_loaded,
        &new_loaded.doc.name,
        Kind::Endpoint,
        specs.0,
        specs.1,
    );
    match (old.deprecated, new.deprecated) {
        (false, true) => findings.push(anchor.finding(
            "endpoint-deprecated",
            None,
            "deprecated",
            "endpoint deprecated".into(),
        )),
        (true, false) => findings.push(anchor.finding(
            "endpoint-undeprecated",
            None,
            "name",
            "endpoint no longer deprecated".into(),
        )),
        _ => {}
    }
    if old.path != new.path {
        let message = format!("path changed from {} to {}", old.path, new.path);
        findings.push(anchor.finding("endpoint-path-changed", None, "path", message));
    }
    if old.method != new.method {
        let message = format!(
            "method changed from {} to {}",
            old.method.as_str(),
            new.method.as_str()
        );
        findings.push(anchor.finding("endpoint-method-changed", None, "method", message));
    }
    let retry = (Retry::or_never(old.retry), Retry::or_never(new.retry));
    if let Some(rule) = retry_rule(retry.0, retry.1) {
        let message = format!(
            "retry changed from {} to {}",
            retry.0.as_str(),
            retry.1.as_str()
        );
        findings.push(anchor.finding(rule, None, "retry", message));
    }
    if old.family != new.family {
        let message = format!("family changed from `{}` to `{}`", old.family, new.family);
        findings.push(anchor.finding("endpoint-family-changed", None, "family", message));
    }
    if old.response.data != new.response.data {
        let message = format!(
            "response `data` changed from {:?} to {:?}",
            old.response.data, new.response.data
        )
        .to_lowercase();
        findings.push(anchor.finding(
            "endpoint-response-data-changed",
            None,
            "response.data",
            message,
        ));
    }
    if (
        &old.title,
        &old.description,
        &old.notes,
        &old.gaps,
        &old.sources,
        &old.replaced_by,
    ) != (
        &new.title,
        &new.description,
        &new.notes,
        &new.gaps,
        &new.sources,
        &new.replaced_by,
    ) {
        let message = "title, description, notes, gaps or sources changed".to_string();
        findings.push(anchor.finding("endpoint-docs-changed", None, "title", message));
    }
    if (&old.examples.request, &old.examples.response)
        != (&new.examples.request, &new.examples.response)
    {
        findings.push(anchor.finding(
            "endpoint-example-changed",
            None,
            "examples",
            "an example changed".into(),
        ));
    }
    if let Some((at, message)) = super::mock::change(old.mock.as_deref(), new.mock.as_deref()) {
        findings.push(anchor.finding("endpoint-mock-changed", None, at, message));
    }
    let request = Anchor {
        kind: Kind::Request,
        ..anchor
    };
    compare_fields(
        &old.request.fields,
        &new.request.fields,
        REQUEST.path,
        "",
        &request,
        &REQUEST,
        findings,
    );
    let response = Anchor {
        kind: Kind::Response,
        ..request
    };
    compare_fields(
        &old.response.fields,
        &new.response.fields,
        RESPONSE.path,
        "",
        &response,
        &RESPONSE,
        findings,
    );
    if let (Some(old_items), Some(new_items)) = (&old.response.items, &new.response.items) {
        let (old_shape, new_shape) = (old_items.shape(), new_items.shape());
        let data = "data[]";
        if type_signature("data", &old_shape, true, false)
            != type_signature("data", &new_shape, true, false)
        {
            let message = format!(
                "`{data}` changed type ({:?} to {:?})",
                type_signature("data", &old_shape, true, false),
                type_signature("data", &new_shape, true, false)
            );
            findings.push(response.finding(
                RESPONSE.type_changed,
                Some(data),
                "response.items",
                message,
            ));
        }
        compare_children(
            old_shape,
            new_shape,
            "response.items",
            data,
            &response,
            &RESPONSE,
            findings,
        );
    }
}

/// The rule of a change of `retry:`, if it changed. Retrying an endpoint that was sent
/// once can repeat its effect, so that direction is the one a reviewer must stop at.
fn retry_rule(old: Retry, new: Retry) -> Option<&'static str> {
    match (old, new) {
        (Retry::Never, Retry::Safe) => Some("endpoint-retry-allowed"),
        (Retry::Safe, Retry::Never) => Some("endpoint-retry-forbidden"),
        _ => None,
    }
}
