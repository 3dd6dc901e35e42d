//! Notification documents and the settings they share (`spec/notify.yaml`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::is_snake_identifier;
use crate::diagnostic::Diagnostics;
use crate::spec::walk::{self};
use crate::spec::{Completeness, DataKind, Shape, Spec, WireType};

/// Notifications: named and typed like responses, with the settings they share.
pub(super) fn check(spec: &Spec, problems: &mut Diagnostics) {
    if spec.notify.is_none() {
        if let Some(first) = spec.notifications.first() {
            let message = "notifications need spec/notify.yaml (their signature and reply)";
            problems.push(first.diagnostic("name", message));
        }
    }
    let mut names = BTreeSet::new();
    let mut notification_enums: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for notification in &spec.notifications {
        let doc = &notification.doc;
        let diagnostic = |at: &str, message: String| notification.diagnostic(at, message);
        if !is_snake_identifier(&doc.name) {
            let message = "notification name must be a snake_case identifier";
            problems.push(notification.diagnostic("name", message));
        }
        if !names.insert(doc.name.as_str()) {
            let message = format!("notification `{}` is declared twice", doc.name);
            problems.push(notification.diagnostic("name", message));
        }
        if doc.title.zh.is_none() && doc.title.en.is_none() {
            problems.push(notification.diagnostic("title", "title needs `zh` or `en` text"));
        }
        if doc.completeness == Completeness::TitleOnly {
            let message = "title-only pages belong in catalog.yaml, not in spec/notifications";
            problems.push(notification.diagnostic("completeness", message));
        }
        super::fields::check_field_tree(
            spec,
            &diagnostic,
            "fields",
            &doc.fields,
            false,
            &BTreeSet::new(),
            problems,
        );
        match (doc.body, doc.fields.is_empty()) {
            (DataKind::Object, true) => {
                let message = "`body: object` needs at least one field";
                problems.push(notification.diagnostic("body", message));
            }
            (DataKind::Object, false) | (DataKind::Undocumented, true) => {}
            _ => {
                let message = "a notification body is `object` (with fields) or `undocumented`";
                problems.push(notification.diagnostic("body", message));
            }
        }
        let (_, shapes) = walk::collect("fields", &doc.fields);
        // The payloads live in their own module: their enums must agree among themselves.
        for visit in &shapes {
            if visit.shape.enum_values.is_empty() {
                continue;
            }
            let name = crate::ir::names::enum_type(visit.field_name, &visit.shape);
            let values: Vec<(&str, &str)> = visit
                .shape
                .enum_values
                .iter()
                .map(|v| (v.value.as_str(), v.name.as_str()))
                .collect();
            match notification_enums.get(&name) {
                Some(seen) if *seen != values => {
                    let message = format!(
                        "enum type `{name}` is already declared with other values by another notification"
                    );
                    let hint = "give this field a distinct `type_name:`";
                    problems.push(
                        notification
                            .diagnostic(&format!("{}.enum", visit.at), message)
                            .with_hint(hint),
                    );
                }
                Some(_) => {}
                None => {
                    notification_enums.insert(name, values);
                }
            }
        }
        let has_field = |name: &str| doc.fields.iter().any(|f| f.name == name);
        if let Some(discriminator) = &doc.discriminator {
            if !has_field(discriminator) {
                let message = format!("discriminator `{discriminator}` is not a body field");
                problems.push(notification.diagnostic("discriminator", message));
            }
        }
        if let Some(timestamp) = &doc.timestamp {
            let field = doc.fields.iter().find(|f| f.name == timestamp.field);
            if !field.is_some_and(|f| matches!(f.wire_type, WireType::String | WireType::Integer)) {
                let message = format!(
                    "timestamp field `{}` must be a string or integer body field",
                    timestamp.field
                );
                problems.push(notification.diagnostic("timestamp.field", message));
            }
        }
        if !doc.events.is_empty() {
            let shape = Shape {
                wire_type: WireType::String,
                format: None,
                type_name: None,
                description: None,
                enum_values: &doc.events,
                fields: &[],
                reference: None,
                items: None,
            };
            super::fields::check_enum(&diagnostic, "events", "events", &shape, problems);
        }
        if let Some(text) = &doc.examples.body {
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(body)) => {
                    let mut check = super::examples::ExampleCheck::new(spec, "notification");
                    check.object("", &doc.fields, &body, &BTreeSet::new());
                    for message in check.problems {
                        problems.push(notification.diagnostic("examples.body", message));
                    }
                }
                Ok(_) => {
                    let message = "the body example must be a JSON object";
                    problems.push(notification.diagnostic("examples.body", message));
                }
                Err(error) => {
                    let message = format!("the body example is not valid JSON: {error}");
                    problems.push(notification.diagnostic("examples.body", message));
                }
            }
        }
    }
}
