//! The clash checks, run over the name table: every name against the others in its
//! namespace, and against what that namespace already holds — Rust's unusable
//! identifiers, the std prelude, the runtime's items and `Client` methods, the CLI's own
//! subcommands and flags, and the locals of generated decoders ([`crate::ir::reserved`]).

use std::collections::BTreeMap;

use super::table::{Entry, Kind, NameTable, Namespace};
use crate::diagnostic::Diagnostics;
use crate::ir::reserved::{
    CLIENT_METHODS, CLI_COMMANDS, CLI_FLAGS, DECODER_LOCALS, NOTIFY_NAMES, RUNTIME_NAMES,
    SECTION_NAMES, STD_NAMES, UNUSABLE,
};
use crate::spec::Spec;

/// Who holds a name first: an entry of the table, or something outside the spec.
enum Holder<'a> {
    Entry(&'a Entry),
    Reserved(String),
}

/// Every clash in the spec's names, at the place that made the later name.
pub fn check(spec: &Spec, table: &NameTable, problems: &mut Diagnostics) {
    let mut held: BTreeMap<&Namespace, BTreeMap<&str, Holder>> = BTreeMap::new();
    for entry in &table.entries {
        let report = |message: String, hint: Option<String>| {
            let problem = entry.place.diagnostic(spec, message);
            problem.map(|p| match hint {
                Some(hint) => p.with_hint(hint),
                None => p,
            })
        };
        // Subcommands, flags and sections are strings, not Rust identifiers.
        let is_ident = !matches!(entry.kind, Kind::Section | Kind::Subcommand | Kind::Flag);
        if is_ident && UNUSABLE.contains(&entry.ident.as_str()) {
            problems.0.extend(report(unusable(entry), None));
            continue;
        }
        let names = held
            .entry(&entry.namespace)
            .or_insert_with(|| reserved(&entry.namespace));
        match names.get(entry.ident.as_str()) {
            None => {
                names.insert(&entry.ident, Holder::Entry(entry));
            }
            // One enum used by several fields is one type (its values are checked alike
            // by lint).
            Some(Holder::Entry(first)) if first.kind == Kind::Enum && entry.kind == Kind::Enum => {}
            Some(holder) => {
                let (message, hint) = clash(entry, holder);
                problems.0.extend(report(message, hint));
            }
        }
    }
}

/// What a namespace holds before the spec adds anything.
fn reserved(namespace: &Namespace) -> BTreeMap<&'static str, Holder<'static>> {
    let by = |names: &[&'static str], holder: &str| {
        names
            .iter()
            .map(|n| (*n, Holder::Reserved(holder.to_string())))
            .collect::<Vec<_>>()
    };
    let mut held: Vec<(&'static str, Holder)> = match namespace {
        Namespace::Types => {
            let mut types = by(RUNTIME_NAMES, "the runtime");
            types.extend(by(NOTIFY_NAMES, "the notify module"));
            types.extend(STD_NAMES.iter().map(|name| {
                let holder =
                    format!("Rust's std prelude (generated code names `{name}` unqualified)");
                (*name, Holder::Reserved(holder))
            }));
            types
        }
        Namespace::Methods => by(CLIENT_METHODS, "the client's own method"),
        Namespace::Sections => by(SECTION_NAMES, "a generated section"),
        Namespace::Subcommands => by(CLI_COMMANDS, "the CLI"),
        Namespace::Flags(_) => by(CLI_FLAGS, "the CLI"),
        Namespace::Fields { decoded: true, .. } => by(
            &DECODER_LOCALS.all(),
            "a local of the generated decoder (`from_json`)",
        ),
        Namespace::Fields { .. } => Vec::new(),
        Namespace::Variants {
            fallback: Some(fallback),
            ..
        } => by(&[*fallback], "the fallback for unlisted codes"),
        Namespace::Variants { .. } => Vec::new(),
    };
    held.drain(..).collect()
}

fn unusable(entry: &Entry) -> String {
    let what = match entry.kind {
        Kind::Type | Kind::Enum | Kind::Object | Kind::Static => "a Rust type name",
        Kind::Method => "a Rust method name",
        Kind::Variant => "a Rust variant",
        Kind::Field | Kind::Flag | Kind::Section | Kind::Subcommand => "a Rust field name",
    };
    format!(
        "{} makes `{}`, which cannot be {what}, not even a raw one",
        entry.names, entry.ident
    )
}

/// The message for `entry` taking a name `holder` has; the wording names both sides.
fn clash(entry: &Entry, holder: &Holder) -> (String, Option<String>) {
    let ident = &entry.ident;
    let first = match holder {
        Holder::Entry(first) => first.names.clone(),
        Holder::Reserved(what) => what.clone(),
    };
    match (entry.kind, holder) {
        (Kind::Method, Holder::Reserved(_)) if entry.source == *ident => (
            format!("endpoint name `{ident}` would shadow the client's own method"),
            None,
        ),
        (Kind::Method, _) => (
            format!(
                "{} is method `{ident}`, already the method of {first}",
                entry.names
            ),
            None,
        ),
        (Kind::Section, _) => (
            format!("endpoint name `{ident}` is the name of a generated section"),
            None,
        ),
        (Kind::Subcommand, _) => (
            format!(
                "CLI subcommand `{ident}` (from the path's last segment) is already used by {first}"
            ),
            None,
        ),
        (Kind::Flag, _) => (
            format!("CLI flag `--{ident}` is already used by {first}"),
            None,
        ),
        (Kind::Field, Holder::Entry(other)) => (
            format!(
                "fields `{}` and `{}` both become Rust field `{ident}`",
                other.source, entry.source
            ),
            None,
        ),
        (Kind::Field, Holder::Reserved(_)) => (
            format!(
                "request field `{}` becomes `{ident}`, {first}",
                entry.source
            ),
            Some(format!(
                "the decoder binds each field under its Rust name beside its own locals: {}",
                DECODER_LOCALS.all().map(|l| format!("`{l}`")).join(", ")
            )),
        ),
        (Kind::Variant, Holder::Entry(other)) => (
            format!(
                "{} becomes variant `{ident}`, like `{}`",
                entry.names, other.source
            ),
            None,
        ),
        (Kind::Variant, Holder::Reserved(_)) => (
            format!("{} becomes variant `{ident}`, {first}", entry.names),
            None,
        ),
        (Kind::Enum, _) => (
            format!("enum type `{ident}` is already used by {first}"),
            Some("set a distinct `type_name:`".to_string()),
        ),
        (Kind::Object, _) => (
            format!("object type `{ident}` is already used by {first}"),
            Some(
                "set a distinct `type_name:`, or declare the type once in spec/types and `ref:` it"
                    .to_string(),
            ),
        ),
        (Kind::Type | Kind::Static, _) => (
            format!("{} makes `{ident}`, already used by {first}", entry.names),
            None,
        ),
    }
}
