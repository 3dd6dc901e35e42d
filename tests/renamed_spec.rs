//! The rename property of #15: the mock's declarations name fields by wire name and enum
//! values by wire value, so a spec whose every endpoint name, `type_name` and enum variant
//! name is changed still lints clean, generates, and (the ignored test, run with
//! `--ignored`) compiles with `--features mock,cli`: nothing hand-written names them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use workspace_tests::SpecCopy;

/// Every YAML file under `dir`.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
    files
}

/// `"yes"` and `yes` both become `renamed_yes`.
fn renamed(value: &str, prefix: &str) -> String {
    format!("{prefix}{}", value.trim().trim_matches('"'))
}

/// Renames, in one spec file: the endpoint's `name` (and every `endpoint:` and
/// `replaced_by:` naming one), every `type_name`, every enum variant's `name`.
fn rename_file(text: &str, is_endpoint: bool) -> String {
    let mut out = Vec::new();
    let mut previous = "";
    for line in text.lines() {
        let indent = &line[..line.len() - line.trim_start().len()];
        let trimmed = line.trim_start();
        let renamed_line = if let Some(name) = trimmed.strip_prefix("name: ").filter(|_| {
            (is_endpoint && indent.is_empty()) || previous.trim_start().starts_with("- value:")
        }) {
            format!("{indent}name: {}", renamed(name, "renamed_"))
        } else if let Some(name) = trimmed.strip_prefix("type_name: ") {
            format!("{indent}type_name: {}", renamed(name, "Renamed"))
        } else if let Some(name) = trimmed.strip_prefix("endpoint: ") {
            format!("{indent}endpoint: {}", renamed(name, "renamed_"))
        } else if let Some(name) = trimmed.strip_prefix("replaced_by: ") {
            format!("{indent}replaced_by: {}", renamed(name, "renamed_"))
        } else {
            line.to_string()
        };
        out.push(renamed_line);
        previous = line;
    }
    out.join("\n") + "\n"
}

/// A copy of the committed spec with every endpoint name, `type_name` and enum variant
/// name changed.
fn renamed_spec() -> SpecCopy {
    let spec = SpecCopy::new();
    let endpoints = spec.path("endpoints");
    for file in yaml_files(spec.root()) {
        let text = fs::read_to_string(&file).unwrap();
        let renamed = rename_file(&text, file.starts_with(&endpoints));
        assert!(file.ends_with("catalog.yaml") || !file.starts_with(&endpoints) || renamed != text);
        fs::write(&file, renamed).unwrap();
    }
    spec
}

#[test]
fn a_spec_with_every_name_changed_lints_clean_and_generates() {
    let spec = renamed_spec();
    assert_eq!(spec.lint(), Vec::<String>::new());
    let generated = lfgen::generate_dir(spec.root()).unwrap();
    let mock = generated.section("mock").unwrap();
    assert!(
        mock.contains("Self::RenamedOrderPackage(request)"),
        "{mock}"
    );
    assert!(
        mock.contains("IsOpen::RenamedEnable => crate::mock::OrderStatus::Active"),
        "{mock}"
    );
    assert!(!mock.contains("IsOpen::Enable"), "{mock}");
}

/// Copies the workspace's sources (not `target/`, `.git/`) to `to`.
fn copy_sources(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_sources(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Slow (a build of the crate): `cargo test -p workspace-tests --test renamed_spec --
/// --ignored`. Builds in `target/renamed-spec`, reusing nothing of the main target dir.
#[test]
#[ignore]
fn a_spec_with_every_name_changed_compiles_with_mock_and_cli() {
    let spec = renamed_spec();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = tempfile::tempdir().unwrap();
    copy_sources(&root, workspace.path());
    let spec_dir = workspace.path().join("spec");
    fs::remove_dir_all(&spec_dir).unwrap();
    copy_sources(spec.root(), &spec_dir);
    let target = root.join("target/renamed-spec");
    let status = Command::new(env!("CARGO"))
        .args(["check", "-p", "linksfield", "--features", "mock,cli"])
        .current_dir(workspace.path())
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the renamed spec's crate does not compile"
    );
}
