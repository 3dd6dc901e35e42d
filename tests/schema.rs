//! The committed editor schemas stay in sync with the spec model, and every spec file
//! points its editor at the right one.

use std::path::Path;

use workspace_tests::SPEC;

#[test]
fn committed_schemas_match_the_spec_model() {
    for (file, generated) in [
        ("schema/endpoint.schema.json", lfgen::schema::endpoint()),
        ("schema/family.schema.json", lfgen::schema::family()),
        ("schema/catalog.schema.json", lfgen::schema::catalog()),
        ("schema/type.schema.json", lfgen::schema::shared_type()),
        (
            "schema/notification.schema.json",
            lfgen::schema::notification(),
        ),
        ("schema/notify.schema.json", lfgen::schema::notify()),
    ] {
        let committed = std::fs::read_to_string(Path::new(SPEC).join(file)).unwrap();
        assert!(
            committed == generated,
            "spec/{file} is stale: run `cargo run -p lfgen -- schema {}` > spec/{file}",
            file.trim_start_matches("schema/")
                .trim_end_matches(".schema.json")
        );
    }
}

#[test]
fn every_spec_file_names_its_schema() {
    let spec = lfgen::spec::load_dir(Path::new(SPEC)).unwrap();
    for (files, schema) in [
        (
            spec.families
                .iter()
                .map(|f| f.file.clone())
                .collect::<Vec<_>>(),
            "family.schema.json",
        ),
        (
            spec.endpoints.iter().map(|e| e.file.clone()).collect(),
            "endpoint.schema.json",
        ),
        (
            spec.types.iter().map(|t| t.file.clone()).collect(),
            "type.schema.json",
        ),
        (
            spec.notifications.iter().map(|n| n.file.clone()).collect(),
            "notification.schema.json",
        ),
        (
            spec.notify.iter().map(|n| n.file.clone()).collect(),
            "notify.schema.json",
        ),
    ] {
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let target = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{} does not start with a $schema line", file.display()));
            assert!(target.ends_with(schema), "{}: {target}", file.display());
            let resolved = file.parent().unwrap().join(target);
            assert!(
                resolved.exists(),
                "{}: {} does not exist",
                file.display(),
                resolved.display()
            );
        }
    }
}
