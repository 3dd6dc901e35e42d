//! lfgen's lists of the runtime's names (`lfgen::ir::reserved`) checked against the
//! runtime itself: a name added to `linksfield`'s crate root, a new `Client` method or a
//! new import of the generated code fails here until the list has it, so the clash checks
//! never lag behind the runtime.

use std::fs;
use std::path::{Path, PathBuf};

use lfgen::ir::reserved::{CLIENT_METHODS, RUNTIME_NAMES};

fn runtime_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/src")
}

fn parse(path: &Path) -> syn::File {
    let text = fs::read_to_string(path).expect("runtime source");
    syn::parse_file(&text).expect("runtime source parses")
}

/// The names a `use` item brings into scope (globs bring none by name).
fn imported(tree: &syn::UseTree, names: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => imported(&path.tree, names),
        syn::UseTree::Name(name) if name.ident != "self" => names.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|t| imported(t, names)),
        _ => {}
    }
}

/// The names items declare or import at the top of a file.
fn top_level_names(file: &syn::File) -> Vec<String> {
    let mut names = Vec::new();
    for item in &file.items {
        let name = match item {
            syn::Item::Use(item) => {
                imported(&item.tree, &mut names);
                continue;
            }
            syn::Item::Struct(item) => &item.ident,
            syn::Item::Enum(item) => &item.ident,
            syn::Item::Trait(item) => &item.ident,
            syn::Item::Type(item) => &item.ident,
            syn::Item::Const(item) => &item.ident,
            syn::Item::Static(item) => &item.ident,
            syn::Item::Fn(item) => &item.sig.ident,
            _ => continue,
        };
        names.push(name.to_string());
    }
    names
}

/// Generated items are types and statics, named in UpperCamelCase or SHOUTY_CASE.
fn could_clash(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

#[test]
fn every_name_the_crate_root_declares_or_reexports_is_reserved() {
    let root = top_level_names(&parse(&runtime_src().join("lib.rs")));
    let missing: Vec<&String> = root
        .iter()
        .filter(|name| could_clash(name) && !RUNTIME_NAMES.contains(&name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add to lfgen::ir::reserved::RUNTIME_NAMES: {missing:?}"
    );
}

#[test]
fn every_name_the_generated_code_imports_is_reserved() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let generated = lfgen::generate_dir(&spec).expect("the real spec generates");
    let file = syn::parse_file(&generated.source()).expect("generated code parses");
    let mut names = Vec::new();
    for item in &file.items {
        if let syn::Item::Use(item) = item {
            imported(&item.tree, &mut names);
        }
    }
    assert!(names.iter().any(|n| n == "Endpoint"), "{names:?}");
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| could_clash(name) && !RUNTIME_NAMES.contains(&name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add to lfgen::ir::reserved::RUNTIME_NAMES: {missing:?}"
    );
}

/// The list keeps up with the runtime both ways: a name that left the crate root and the
/// generated imports (moved to `__private`, say) leaves the list too, so it never
/// forbids what can no longer clash.
#[test]
fn every_reserved_runtime_name_is_at_the_crate_root_or_imported() {
    let mut names = top_level_names(&parse(&runtime_src().join("lib.rs")));
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let generated = lfgen::generate_dir(&spec).expect("the real spec generates");
    let file = syn::parse_file(&generated.source()).expect("generated code parses");
    for item in &file.items {
        match item {
            syn::Item::Use(item) => imported(&item.tree, &mut names),
            // Generated at the crate root beside the runtime (`OPERATIONS`, `ApiCode`, ...).
            syn::Item::Enum(item) => names.push(item.ident.to_string()),
            syn::Item::Static(item) => names.push(item.ident.to_string()),
            _ => {}
        }
    }
    let stale: Vec<&&str> = RUNTIME_NAMES
        .iter()
        .filter(|name| !names.iter().any(|n| n == **name))
        .collect();
    assert!(
        stale.is_empty(),
        "no longer at linksfield's crate root nor imported by the generated code; remove from lfgen::ir::reserved::RUNTIME_NAMES: {stale:?}"
    );
}

/// Every method of every `impl … Client` block in the runtime's sources.
fn client_methods(dir: &Path, methods: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("runtime sources") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            client_methods(&path, methods);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        for item in parse(&path).items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            if !ty.path.is_ident("Client") {
                continue;
            }
            for item in &block.items {
                if let syn::ImplItem::Fn(method) = item {
                    methods.push(method.sig.ident.to_string());
                }
            }
        }
    }
}

#[test]
fn every_client_method_is_reserved() {
    let mut methods = Vec::new();
    client_methods(&runtime_src(), &mut methods);
    assert!(methods.iter().any(|m| m == "execute"), "{methods:?}");
    let missing: Vec<&String> = methods
        .iter()
        .filter(|m| !CLIENT_METHODS.contains(&m.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "add to lfgen::ir::reserved::CLIENT_METHODS: {missing:?}"
    );
}
