//! Checks on the names lfgen derives from the spec: the Rust identifiers after case
//! conversion, the generated types sharing one namespace, and the CLI's subcommands and
//! flags. A spec that passes these generates code that compiles and a CLI that starts.

use std::collections::BTreeMap;

use super::Diag;
use crate::diagnostic::Diagnostics;
use crate::ir::names::{
    self as rules, enum_type as enum_type_name, object_type as object_type_name,
};
use crate::ir::reserved::{CLIENT_METHODS, DECODER_LOCALS, RUNTIME_NAMES, STD_NAMES, UNUSABLE};
use crate::spec::walk::{self, FieldList, ShapeAt};
use crate::spec::{FieldDoc, Loaded, Spec, WireType};

/// The generated file's sections besides the endpoints': an endpoint's section is named
/// after the endpoint.
const SECTION_NAMES: &[&str] = &["shared", "notifications", "mock", "cli"];

/// Flags and subcommands the hand-written CLI defines.
const CLI_FLAGS: &[&str] = &["help", "json", "version"];
const CLI_COMMANDS: &[&str] = &["mock", "help"];

/// What kind of item an enum's name belongs to, to tell a shared enum from a clash.
const ENUM_OWNER: &str = "an enum";

pub(super) fn check(spec: &Spec, problems: &mut Diagnostics) {
    // Every generated type shares the crate's namespace: name -> what made it.
    let mut types: BTreeMap<String, String> = RUNTIME_NAMES
        .iter()
        .map(|taken| (taken.to_string(), "the runtime".to_string()))
        .chain(STD_NAMES.iter().map(|name| {
            let owner = format!("Rust's std prelude (generated code names `{name}` unqualified)");
            (name.to_string(), owner)
        }))
        .collect();
    for family in &spec.families {
        let names = [
            rules::family_static(&family.doc.name),
            rules::family_code_type(&family.doc.name),
        ];
        for name in names {
            if let Some(owner) = types.insert(name.clone(), format!("family `{}`", family.doc.name))
            {
                let message = format!("family name makes `{name}`, already used by {owner}");
                problems.push(family.diagnostic("name", message));
            }
        }
    }
    for shared in &spec.types {
        let name = rules::shared_type(&shared.doc.name);
        let owner = format!("shared type `{}`", shared.doc.name);
        if let Some(other) = types.insert(name.clone(), owner) {
            let message = format!("type name makes `{name}`, already used by {other}");
            problems.push(shared.diagnostic("name", message));
        }
    }
    // A shared type is on one side only (checked elsewhere); request types are decoded.
    let sides = walk::shared_type_sides(spec);
    for shared in &spec.types {
        let owner = format!("shared type `{}`", shared.doc.name);
        let in_request = sides
            .get(&shared.doc.name)
            .is_some_and(|sides| sides.contains(&true));
        let fields = (shared.doc.fields.as_slice(), in_request);
        check_type_fields(shared, &owner, fields, &mut types, problems);
    }
    // What the notifications module defines besides the payloads (`Unrecognized` is a
    // variant of `Notification`, beside one variant per kind).
    for taken in ["Notification", "NotificationKind", "Unrecognized"] {
        types.insert(taken.to_string(), "the notify module".to_string());
    }
    for notification in &spec.notifications {
        let owner = format!("notification `{}`", notification.doc.name);
        let mut made = vec![rules::notification_type(&notification.doc.name)];
        if !notification.doc.events.is_empty() {
            made.push(rules::notification_event_type(&notification.doc.name));
        }
        for name in made {
            if let Some(other) = types.insert(name.clone(), owner.clone()) {
                let message = format!("notification name makes `{name}`, already used by {other}");
                problems.push(notification.diagnostic("name", message));
            }
        }
        let fields = &notification.doc.fields;
        check_type_fields(notification, &owner, (fields, false), &mut types, problems);
    }
    let mut commands: BTreeMap<String, String> = CLI_COMMANDS
        .iter()
        .map(|c| (c.to_string(), "the CLI".to_string()))
        .collect();
    // `Client`'s methods: one per endpoint, and a stream per paged one.
    let mut methods: BTreeMap<String, String> = spec
        .endpoints
        .iter()
        .map(|e| {
            (
                rules::method(&e.doc.name),
                format!("endpoint `{}`", e.doc.name),
            )
        })
        .collect();
    for endpoint in spec.endpoints.iter().filter(|e| e.doc.paging.is_some()) {
        let method = rules::paging_method(&endpoint.doc.name);
        if let Some(owner) = methods.insert(method.clone(), "a paging method".to_string()) {
            let message = format!("the paging method `{method}` is already the method of {owner}");
            problems.push(endpoint.diagnostic("paging", message));
        }
    }
    for endpoint in &spec.endpoints {
        let doc = &endpoint.doc;
        if UNUSABLE.contains(&doc.name.as_str()) {
            let message = format!(
                "endpoint name `{}` cannot be a Rust method name, not even a raw one",
                doc.name
            );
            problems.push(endpoint.diagnostic("name", message));
        }
        if CLIENT_METHODS.contains(&doc.name.as_str()) {
            let message = format!(
                "endpoint name `{}` would shadow the client's own method",
                doc.name
            );
            problems.push(endpoint.diagnostic("name", message));
        }
        if SECTION_NAMES.contains(&doc.name.as_str()) {
            let message = format!(
                "endpoint name `{}` is the name of a generated section",
                doc.name
            );
            problems.push(endpoint.diagnostic("name", message));
        }
        let made = [
            rules::request_type(&doc.name),
            rules::response_type(&doc.name),
            rules::args_type(&doc.name),
        ];
        for name in made {
            if let Some(owner) = types.insert(name.clone(), format!("endpoint `{}`", doc.name)) {
                let message = format!("endpoint name makes type `{name}`, already used by {owner}");
                problems.push(endpoint.diagnostic("name", message));
            }
        }
        let command = rules::cli_subcommand(&doc.path);
        if let Some(owner) = commands.insert(command.clone(), format!("endpoint `{}`", doc.name)) {
            let message = format!(
                "CLI subcommand `{command}` (from the path's last segment) is already used by {owner}"
            );
            problems.push(endpoint.diagnostic("path", message));
        }
        let diagnostic = |at: &str, message: String| endpoint.diagnostic(at, message);
        let owner = format!("endpoint `{}`", doc.name);
        let (lists, shapes) = walk::collect("request.fields", &doc.request.fields);
        check_tree(
            &diagnostic,
            &owner,
            &lists,
            &shapes,
            true,
            &mut types,
            problems,
        );
        let (lists, shapes) = walk::collect_response(&doc.response);
        check_tree(
            &diagnostic,
            &owner,
            &lists,
            &shapes,
            false,
            &mut types,
            problems,
        );
    }
}

/// The names made from the top-level `fields:` of a shared type or a notification, which
/// make no CLI flags.
fn check_type_fields<T>(
    loaded: &Loaded<T>,
    owner: &str,
    (fields, is_request): (&[FieldDoc], bool),
    types: &mut BTreeMap<String, String>,
    problems: &mut Diagnostics,
) {
    let diagnostic = |at: &str, message: String| loaded.diagnostic(at, message);
    let (lists, shapes) = walk::collect("fields", fields);
    check_tree(
        &diagnostic,
        owner,
        &lists,
        &shapes,
        is_request,
        types,
        problems,
    );
}

/// The names made from one side of an endpoint (or a shared type): field idents, CLI
/// flags of the top-level request fields, enum and struct names.
fn check_tree(
    diagnostic: &Diag,
    owner: &str,
    lists: &[FieldList],
    shapes: &[ShapeAt],
    is_request: bool,
    types: &mut BTreeMap<String, String>,
    problems: &mut Diagnostics,
) {
    for list in lists {
        check_fields(diagnostic, list, is_request, problems);
    }
    for visit in shapes {
        check_enum_names(diagnostic, visit, is_request, types, problems);
        if visit.shape.wire_type == WireType::Object && visit.shape.reference.is_none() {
            let name = object_type_name(visit.field_name, &visit.shape, visit.in_array);
            if UNUSABLE.contains(&name.as_str()) {
                let message = format!("object type name `{name}` cannot be a Rust type name");
                problems.push(diagnostic(&format!("{}.type_name", visit.at), message));
            }
            let made_by = format!("an object of {owner}");
            if let Some(other) = types.insert(name.clone(), made_by) {
                let message = format!("object type `{name}` is already used by {other}");
                let hint = "set a distinct `type_name:`, or declare the type once in spec/types and `ref:` it";
                problems.push(diagnostic(&visit.at, message).with_hint(hint));
            }
        }
    }
}

/// Field idents, and the CLI flags of a request's top-level fields. Request fields are
/// decoded by generated `from_json` code, whose locals they must not shadow.
fn check_fields(diagnostic: &Diag, list: &FieldList, is_request: bool, problems: &mut Diagnostics) {
    let with_flags = is_request && !list.nested;
    let mut idents: BTreeMap<String, &str> = BTreeMap::new();
    let mut flags: BTreeMap<String, String> = CLI_FLAGS
        .iter()
        .map(|f| (f.to_string(), "the CLI".to_string()))
        .collect();
    for (i, field) in list.fields.iter().enumerate() {
        let at = format!("{}[{i}]", list.at);
        let ident = rules::field(&field.name);
        if UNUSABLE.contains(&ident.as_str()) {
            let message = format!("field `{}` cannot be a Rust field name", field.name);
            problems.push(diagnostic(&format!("{at}.name"), message));
        }
        if is_request && DECODER_LOCALS.all().contains(&ident.as_str()) {
            let message = format!(
                "request field `{}` becomes `{ident}`, a local of the generated decoder (`from_json`)",
                field.name
            );
            let hint = format!(
                "the decoder binds each field under its Rust name beside its own locals: {}",
                DECODER_LOCALS.all().map(|l| format!("`{l}`")).join(", ")
            );
            problems.push(diagnostic(&format!("{at}.name"), message).with_hint(hint));
        }
        if let Some(other) = idents.insert(ident.clone(), &field.name) {
            let message = format!(
                "fields `{other}` and `{}` both become Rust field `{ident}`",
                field.name
            );
            problems.push(diagnostic(&format!("{at}.name"), message));
        }
        if with_flags {
            let flag = rules::cli_flag(&field.name);
            if let Some(owner) = flags.insert(flag.clone(), format!("field `{}`", field.name)) {
                let message = format!("CLI flag `--{flag}` is already used by {owner}");
                problems.push(diagnostic(&format!("{at}.name"), message));
            }
        }
    }
}

fn check_enum_names(
    diagnostic: &Diag,
    visit: &ShapeAt,
    is_request: bool,
    types: &mut BTreeMap<String, String>,
    problems: &mut Diagnostics,
) {
    let shape = &visit.shape;
    let at = &visit.at;
    if shape.enum_values.is_empty() {
        return;
    }
    let name = enum_type_name(visit.field_name, shape);
    if UNUSABLE.contains(&name.as_str()) {
        let message = format!("enum type name `{name}` cannot be a Rust type name");
        problems.push(diagnostic(&format!("{at}.type_name"), message));
    }
    // The same enum on several fields is one type (checked with its values elsewhere);
    // only another kind of item with this name is a clash.
    match types.get(&name) {
        Some(owner) if owner != ENUM_OWNER => {
            let message = format!("enum type `{name}` is already used by {owner}");
            let hint = "set a distinct `type_name:`";
            // At what made the name: the `type_name:`, or the field named like the type.
            let made_at = match shape.type_name {
                Some(_) => format!("{at}.type_name"),
                None => at.to_string(),
            };
            problems.push(diagnostic(&made_at, message).with_hint(hint));
        }
        Some(_) => {}
        None => {
            types.insert(name, ENUM_OWNER.to_string());
        }
    }
    let mut variants: BTreeMap<String, &str> = BTreeMap::new();
    if !is_request {
        variants.insert("Unknown".to_string(), "the fallback for unlisted codes");
    }
    for (j, value) in shape.enum_values.iter().enumerate() {
        let variant = rules::variant(&value.name);
        if UNUSABLE.contains(&variant.as_str()) {
            let message = format!("enum name `{}` cannot be a Rust variant", value.name);
            problems.push(diagnostic(&format!("{at}.enum[{j}].name"), message));
        }
        if let Some(other) = variants.insert(variant.clone(), &value.name) {
            let message = format!(
                "enum name `{}` becomes variant `{variant}`, like `{other}`",
                value.name
            );
            problems.push(diagnostic(&format!("{at}.enum[{j}].name"), message));
        }
    }
}
