//! Comparing two specs by meaning.

use std::path::Path;

use super::{severity_of, Finding, Kind};
use crate::spec::{
    EndpointDoc, EnumValueDoc, FamilyDoc, FieldDoc, Format, Loaded, Shape, SpanIndex, Spec,
    TypeDoc, WireType,
};

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
            .map(|b| (b.url.clone(), b.default))
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

/// The rule ids of one side, request or response.
struct SideRules {
    path: &'static str,
    is_request: bool,
    added_required: &'static str,
    added_optional: &'static str,
    removed: &'static str,
    type_changed: &'static str,
    enum_added: &'static str,
    enum_removed: &'static str,
    enum_renamed: &'static str,
    docs_changed: &'static str,
}

const REQUEST: SideRules = SideRules {
    path: "request.fields",
    is_request: true,
    added_required: "request-required-field-added",
    added_optional: "request-optional-field-added",
    removed: "request-field-removed",
    type_changed: "request-field-type-changed",
    enum_added: "request-enum-value-added",
    enum_removed: "request-enum-value-removed",
    enum_renamed: "request-enum-value-renamed",
    docs_changed: "request-field-docs-changed",
};

const RESPONSE: SideRules = SideRules {
    path: "response.fields",
    is_request: false,
    added_required: "response-field-added",
    added_optional: "response-field-added",
    removed: "response-field-removed",
    type_changed: "response-field-type-changed",
    enum_added: "response-enum-value-added",
    enum_removed: "response-enum-value-removed",
    enum_renamed: "response-enum-value-renamed",
    docs_changed: "response-field-docs-changed",
};

/// Compares two lists of sibling fields declared at `list_at`; `prefix` is the path of
/// their object in the request or response (`device_order[].`, empty at the top).
fn compare_fields(
    old: &[FieldDoc],
    new: &[FieldDoc],
    list_at: &str,
    prefix: &str,
    anchor: &Anchor,
    rules: &SideRules,
    findings: &mut Vec<Finding>,
) {
    let side = if rules.is_request {
        "request"
    } else {
        "response"
    };
    for (index, field) in new.iter().enumerate() {
        let at = format!("{list_at}[{index}]");
        let display = format!("{prefix}{}", field.name);
        let name = Some(display.as_str());
        let Some(before) = old.iter().find(|f| f.name == field.name) else {
            let message = format!("{side} field `{display}` added");
            findings.push(anchor.finding(
                if field.required == Some(true) {
                    rules.added_required
                } else {
                    rules.added_optional
                },
                name,
                &at,
                message,
            ));
            continue;
        };
        compare_field(before, field, &at, &display, anchor, rules, findings);
    }
    for field in old {
        if !new.iter().any(|f| f.name == field.name) {
            let display = format!("{prefix}{}", field.name);
            let message = format!("{side} field `{display}` removed");
            findings.push(anchor.finding(rules.removed, Some(&display), list_at, message));
        }
    }
}

/// What is inside two versions of a field: an object's fields (inline or its shared
/// type's) and an array's elements, compared with the same rules as top-level fields.
fn compare_children(
    old: Shape,
    new: Shape,
    at: &str,
    display: &str,
    anchor: &Anchor,
    rules: &SideRules,
    findings: &mut Vec<Finding>,
) {
    match (old.wire_type, new.wire_type) {
        (WireType::Object, WireType::Object) => {
            if let Some(reference) = new.reference {
                if anchor.visiting.borrow().iter().any(|r| r == reference) {
                    return;
                }
                anchor.visiting.borrow_mut().push(reference.to_string());
            }
            let fields_of = |shape: &Shape<'_>, types: &'_ [Loaded<TypeDoc>]| match shape.reference
            {
                Some(reference) => types
                    .iter()
                    .find(|t| t.doc.name == reference)
                    .map(|t| t.doc.fields.clone())
                    .unwrap_or_default(),
                None => shape.fields.to_vec(),
            };
            let old_fields = fields_of(&old, anchor.types.0);
            let new_fields = fields_of(&new, anchor.types.1);
            // A shared type's fields live in its own file; findings point at the `ref:`.
            let list_at = match new.reference {
                Some(_) => format!("{at}.ref"),
                None => format!("{at}.fields"),
            };
            let prefix = format!("{display}.");
            compare_fields(
                &old_fields,
                &new_fields,
                &list_at,
                &prefix,
                anchor,
                rules,
                findings,
            );
            if new.reference.is_some() {
                anchor.visiting.borrow_mut().pop();
            }
        }
        (WireType::Array, WireType::Array) => {
            let (Some(old_items), Some(new_items)) = (old.items, new.items) else {
                return;
            };
            let at = format!("{at}.items");
            let display = format!("{display}[]");
            compare_format(
                old_items.format,
                new_items.format,
                &display,
                &at,
                anchor,
                rules,
                findings,
            );
            compare_enum(
                &old_items.enum_values,
                &new_items.enum_values,
                &display,
                &at,
                anchor,
                rules,
                findings,
            );
            compare_children(
                old_items.shape(),
                new_items.shape(),
                &at,
                &display,
                anchor,
                rules,
                findings,
            );
        }
        _ => {}
    }
}

/// The Rust type a field (or array element) generates, as far as the diff is concerned:
/// `string`, `enum PackageType`, `date`, `array of object DeviceOrderItem`.
fn type_signature(name: &str, shape: &Shape, in_array: bool, is_request: bool) -> String {
    if !shape.enum_values.is_empty() {
        return format!("enum {}", crate::lint::enum_type_name(name, shape));
    }
    match shape.wire_type {
        WireType::String if !is_request && shape.format == Some(Format::DateYyyymmdd) => {
            "date".to_string()
        }
        WireType::Array => match shape.items {
            Some(items) => format!(
                "array of {}",
                type_signature(name, &items.shape(), true, is_request)
            ),
            None => "array".to_string(),
        },
        WireType::Object => format!(
            "object {}",
            crate::lint::object_type_name(name, shape, in_array)
        ),
        wire => format!("{wire:?}").to_lowercase(),
    }
}

fn is_optional(field: &FieldDoc, is_request: bool) -> bool {
    !field.is_required(is_request) || field.nullable
}

fn compare_field(
    old: &FieldDoc,
    new: &FieldDoc,
    at: &str,
    display: &str,
    anchor: &Anchor,
    rules: &SideRules,
    findings: &mut Vec<Finding>,
) {
    let request = rules.is_request;
    let name = Some(display);
    let field = display;
    let old_type = type_signature(&old.name, &old.shape(), false, request);
    let new_type = type_signature(&new.name, &new.shape(), false, request);
    if old_type != new_type {
        let message = format!("`{field}` changed type ({old_type:?} to {new_type:?})");
        findings.push(anchor.finding(rules.type_changed, name, &format!("{at}.type"), message));
    }
    match (is_optional(old, request), is_optional(new, request)) {
        (true, false) => {
            let rule = if request {
                "request-field-became-required"
            } else {
                "response-field-became-required"
            };
            findings.push(anchor.finding(
                rule,
                name,
                &format!("{at}.required"),
                format!("`{field}` became required"),
            ));
        }
        (false, true) => {
            let rule = if request {
                "request-field-became-optional"
            } else {
                "response-field-became-optional"
            };
            let how = if new.nullable && !old.nullable {
                "nullable"
            } else {
                "optional"
            };
            findings.push(anchor.finding(
                rule,
                name,
                &format!("{at}.required"),
                format!("`{field}` became {how}"),
            ));
        }
        _ if !request && (old.required, old.nullable) != (new.required, new.nullable) => {
            let message = format!("`{field}` presence flags changed");
            findings.push(anchor.finding(
                "response-field-presence-changed",
                name,
                &format!("{at}.required"),
                message,
            ));
        }
        _ => {}
    }
    compare_format(old.format, new.format, field, at, anchor, rules, findings);
    compare_enum(
        &old.enum_values,
        &new.enum_values,
        display,
        at,
        anchor,
        rules,
        findings,
    );
    compare_children(
        old.shape(),
        new.shape(),
        at,
        display,
        anchor,
        rules,
        findings,
    );
    // Added and removed values have their own rules; only shared values' meanings count here.
    let meaning_changed = new.enum_values.iter().any(|value| {
        old.enum_values
            .iter()
            .find(|before| before.value == value.value)
            .is_some_and(|before| before.meaning != value.meaning)
    });
    if (&old.description, &old.notes) != (&new.description, &new.notes) || meaning_changed {
        let message = format!("`{field}` description, notes or enum meanings changed");
        findings.push(anchor.finding(
            rules.docs_changed,
            name,
            &format!("{at}.description"),
            message,
        ));
    }
}

fn compare_format(
    old: Option<Format>,
    new: Option<Format>,
    field: &str,
    at: &str,
    anchor: &Anchor,
    rules: &SideRules,
    findings: &mut Vec<Finding>,
) {
    if old == new {
        return;
    }
    let rule = match (rules.is_request, old, new) {
        (true, None, Some(_)) => "request-field-format-added",
        (true, Some(_), None) => "request-field-format-removed",
        (true, _, _) => "request-field-format-changed",
        (false, _, _) => "response-field-format-changed",
    };
    let message = format!("`{field}` format changed from {old:?} to {new:?}").to_lowercase();
    findings.push(anchor.finding(rule, Some(field), &format!("{at}.format"), message));
}

fn compare_enum(
    old_values: &[EnumValueDoc],
    new_values: &[EnumValueDoc],
    field: &str,
    at: &str,
    anchor: &Anchor,
    rules: &SideRules,
    findings: &mut Vec<Finding>,
) {
    if old_values.is_empty() || new_values.is_empty() {
        return;
    }
    let name = Some(field);
    let find = |values: &[EnumValueDoc], code: &str| values.iter().position(|v| v.value == code);
    for (j, value) in new_values.iter().enumerate() {
        let at = format!("{at}.enum[{j}]");
        match find(old_values, &value.value) {
            None => {
                let message = format!("`{field}` gained value `{}` ({})", value.value, value.name);
                findings.push(anchor.finding(rules.enum_added, name, &at, message));
            }
            Some(i) if old_values[i].name != value.name => {
                let message = format!(
                    "`{field}` value `{}` renamed from {} to {}",
                    value.value, old_values[i].name, value.name
                );
                findings.push(anchor.finding(
                    rules.enum_renamed,
                    name,
                    &format!("{at}.name"),
                    message,
                ));
            }
            Some(_) => {}
        }
    }
    for value in old_values {
        if find(new_values, &value.value).is_none() {
            let message = format!("`{field}` lost value `{}` ({})", value.value, value.name);
            findings.push(anchor.finding(rules.enum_removed, name, &format!("{at}.enum"), message));
        }
    }
}
