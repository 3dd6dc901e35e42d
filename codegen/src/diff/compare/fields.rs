//! Field-by-field comparison: presence, type, format and enum values, by side.

use crate::diff::Finding;
use crate::spec::{EnumValueDoc, FieldDoc, Format, Loaded, Shape, TypeDoc, WireType};

/// Where findings about one document point: its file in the NEW spec (OLD for removals).
use super::Anchor;
use crate::ir::{names, type_kind, FieldType, TypeKind};
/// The rule ids of one side, request or response.
pub(super) struct SideRules {
    pub(super) path: &'static str,
    pub(super) is_request: bool,
    pub(super) added_required: &'static str,
    pub(super) added_optional: &'static str,
    pub(super) removed: &'static str,
    pub(super) type_changed: &'static str,
    pub(super) enum_added: &'static str,
    pub(super) enum_removed: &'static str,
    pub(super) enum_renamed: &'static str,
    pub(super) docs_changed: &'static str,
}

pub(super) const REQUEST: SideRules = SideRules {
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

pub(super) const RESPONSE: SideRules = SideRules {
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
pub(super) fn compare_fields(
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
pub(super) fn compare_children(
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
pub(super) fn type_signature(
    name: &str,
    shape: &Shape,
    in_array: bool,
    is_request: bool,
) -> String {
    // The generated type, as resolution decides it: a change here is a change there.
    match type_kind(shape, is_request) {
        TypeKind::Enum => format!("enum {}", names::enum_type(name, shape)),
        TypeKind::Object => format!("object {}", names::object_type(name, shape, in_array)),
        TypeKind::Array => match shape.items {
            Some(items) => format!(
                "array of {}",
                type_signature(name, &items.shape(), true, is_request)
            ),
            None => "array".to_string(),
        },
        TypeKind::Scalar(FieldType::VendorDate) => "date".to_string(),
        TypeKind::Scalar(scalar) => format!("{scalar:?}").to_lowercase(),
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

pub(super) fn compare_enum(
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
