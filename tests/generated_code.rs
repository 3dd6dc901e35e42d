//! The generated source, one snapshot per endpoint plus the shared section, so a spec
//! change shows up as a reviewable diff of exactly the code it changes.

use std::path::Path;

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

fn generated() -> lfgen::Generated {
    lfgen::generate_dir(spec_dir()).expect("the committed spec generates")
}

#[test]
fn every_section_matches_its_snapshot() {
    let generated = generated();
    let names: Vec<&str> = generated.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "shared",
            "ahead_finish_device_order",
            "batch_order_packages",
            "create_ota_order",
            "open_package",
            "order_package",
            "pause_service",
            "query_device",
            "query_device_flow_usage",
            "query_order",
            "renew_package",
            "sync_asset_info",
            "payment_webhook",
            "pre_order_package",
            "notifications",
            "mock",
            "cli",
        ]
    );
    for section in &generated.sections {
        insta::assert_snapshot!(section.name.as_str(), section.code);
    }
}

#[test]
fn generation_is_deterministic() {
    let first = generated().source();
    let second = generated().source();
    assert_eq!(first, second);
}

#[test]
fn generate_command_writes_what_the_library_generates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("linksfield.rs");
    lfgen::generate_to_file(spec_dir(), &out).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), generated().source());
}

/// One snapshot per notification: the notifications module as it is generated for that
/// notification alone (the catalogue, which lists them all, is left out for this).
#[test]
fn each_notification_matches_its_snapshot() {
    let spec = lfgen::spec::load_dir(spec_dir()).unwrap();
    assert!(!spec.notifications.is_empty());
    for notification in &spec.notifications {
        let mut alone = spec.clone();
        alone.catalog = None;
        alone
            .notifications
            .retain(|n| n.doc.name == notification.doc.name);
        let api = lfgen::ir::build(&alone).unwrap();
        let generated = lfgen::emit::generate(&api).unwrap();
        let section = generated.section("notifications").unwrap();
        let name = format!("notification_{}", notification.doc.name);
        insta::assert_snapshot!(name, section);
    }
}

/// Field docs are facts each output renders its way: escaped for rustdoc (the vendor's
/// `[不推荐]` is not a link), as written in the CLI's help.
#[test]
fn field_docs_are_escaped_for_rustdoc_and_plain_in_cli_help() {
    let spec = workspace_tests::SpecCopy::new();
    let open = "endpoints/csss/open_package.yaml";
    spec.edit(
        open,
        "    - name: order_id\n      type: string\n      required: true\n",
        "    - name: order_id\n      type: string\n      required: true\n      description:\n        en: \"[Not recommended] the order\"\n",
    );
    let source = lfgen::generate_dir(spec.root())
        .expect("generates")
        .source();
    assert!(
        source.contains(r"/// \[Not recommended\] the order"),
        "rustdoc"
    );
    assert!(
        source.contains("long_help = \"[Not recommended] the order"),
        "clap"
    );
    assert!(!source.contains(r#"long_help = "\\[Not"#), "clap");
}
