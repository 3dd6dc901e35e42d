//! #15: every spec that `lfgen lint` accepts generates a crate that compiles with all
//! features. The corpus: the real spec and the fixture spec (compiled by the normal build,
//! so here they only have to lint clean), a "renamed" copy of the real spec (every
//! endpoint name, `type_name` and enum variant name changed), and one small adversarial
//! spec per case below.
//!
//! Each case is linted in-process. A refusal must name `file:line:column`. An accepted
//! case is generated in-process and its source becomes a module of one scratch copy of
//! the `linksfield` crate (the real spec's code as `generated`, every accepted case as
//! `corpus_<case>`), checked by one `cargo check -p linksfield --all-features --offline`;
//! errors are attributed to cases by the file they point at, and the cases without errors
//! are checked again without the failing ones, so one broken case never hides another. The
//! renamed copy is a second scratch crate: its spec *is* the crate's spec, so the mock's
//! hand-written use of the spec is checked too.
//!
//! Both scratch crates live in `<target>/compile-corpus/`, with one `CARGO_TARGET_DIR`
//! there: dependencies are compiled once and reused across runs (files are rewritten only
//! when their content changes, so cargo's fingerprints stay fresh). Each `cargo check` is
//! killed after `CHECK_TIMEOUT`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use workspace_tests::SPEC;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const FIXTURE_SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../generated-client/tests/fixture-spec"
);
const CHECK_TIMEOUT: Duration = Duration::from_secs(600);
/// Check rounds for the cases: each drops the cases that had errors in the last one.
const MAX_ROUNDS: usize = 3;

// ---- the corpus ----

/// The family every case endpoint belongs to (a copy of the fixture family).
const FAMILY: &str = r#"name: corpus
title: Corpus family
base_urls:
  - name: Local
    url: http://127.0.0.1
    default: true
auth:
  kind: hmac_sha1_signature
common_fields:
  - name: access_code
    fill: access_code
  - name: timestamp
    fill: timestamp
  - name: sign
    fill: signature
timestamp:
  unit: seconds
envelope:
  code:
    field: code
    type: string
    success: "0000"
  message_field: message
  data_field: data
"#;

/// One endpoint of the corpus family, named `name`, with the given request and response
/// field lists (YAML list items indented by four spaces).
fn endpoint(name: &str, request_fields: &str, response_fields: &str) -> String {
    format!(
        "name: {name}\nfamily: corpus\nmethod: POST\npath: /corpus/{name}\nretry: never\ntitle:\n  en: Corpus case {name}\n\
         request:\n  fields:\n{request_fields}response:\n  data: object\n  fields:\n{response_fields}"
    )
}

/// A plain required string field.
fn text(name: &str) -> String {
    format!("    - name: {name}\n      type: string\n      required: true\n")
}

/// A required object field holding one string field.
fn object(name: &str) -> String {
    format!(
        "    - name: {name}\n      type: object\n      required: true\n      fields:\n        - name: inner\n          type: string\n          required: true\n"
    )
}

/// A required object field whose own fields are `fields`.
fn object_with(name: &str, fields: &[&str]) -> String {
    let mut out =
        format!("    - name: {name}\n      type: object\n      required: true\n      fields:\n");
    for field in fields {
        write!(
            out,
            "        - name: {field}\n          type: string\n          required: true\n"
        )
        .unwrap();
    }
    out
}

/// A required enum field with the given variant names (values "1", "2", ...) and an
/// optional `type_name`.
fn enumeration(name: &str, type_name: Option<&str>, variants: &[&str]) -> String {
    let mut out = format!("    - name: {name}\n      type: string\n      required: true\n");
    if let Some(type_name) = type_name {
        writeln!(out, "      type_name: {type_name}").unwrap();
    }
    out.push_str("      enum:\n");
    for (index, variant) in variants.iter().enumerate() {
        write!(
            out,
            "        - value: \"{}\"\n          name: \"{variant}\"\n",
            index + 1
        )
        .unwrap();
    }
    out
}

/// `depth` objects nested in each other.
fn nested(depth: usize) -> String {
    let mut out = String::new();
    for level in 1..=depth {
        let pad = "  ".repeat(2 * (level - 1));
        write!(
            out,
            "{pad}    - name: level_{level}\n{pad}      type: object\n{pad}      required: false\n{pad}      fields:\n"
        )
        .unwrap();
    }
    let pad = "  ".repeat(2 * depth);
    write!(out, "{pad}    - name: leaf\n{pad}      type: string\n").unwrap();
    out
}

/// The endpoint YAML of every case, by case name. The endpoint names are unique across
/// cases (their `Client` methods share one `impl Client`).
fn case_endpoint(case: &str) -> (String, String) {
    let ok = text("ok");
    let e = |name: &str, request: String| (name.to_string(), endpoint(name, &request, &ok));
    match case {
        // Object or enum fields named after prelude types they would shadow.
        "object_field_string" => e("corpus_object_string", object("string")),
        "object_field_option" => e("corpus_object_option", object("option")),
        "object_field_result" => e("corpus_object_result", object("result")),
        "object_field_vec" => e("corpus_object_vec", object("vec")),
        "enum_field_string" => e(
            "corpus_enum_string",
            enumeration("string", None, &["a", "b"]),
        ),
        "enum_field_option" => e(
            "corpus_enum_option",
            enumeration("option", None, &["a", "b"]),
        ),
        "enum_field_result" => e(
            "corpus_enum_result",
            enumeration("result", None, &["a", "b"]),
        ),
        "enum_field_vec" => e("corpus_enum_vec", enumeration("vec", None, &["a", "b"])),
        // Fields named after locals of the generated `from_json` / `from_json_at`.
        "field_named_fields" => e("corpus_fields", text("fields")),
        "field_named_value" => e("corpus_value", text("value")),
        "nested_fields_named_locals" => e(
            "corpus_nested_locals",
            object_with(
                "holder",
                &["fields", "violations", "path", "value", "clean"],
            ),
        ),
        // Endpoints named after path keywords.
        "endpoint_self" => e("self", text("id")),
        "endpoint_crate" => e("crate", text("id")),
        "endpoint_super" => e("super", text("id")),
        // Endpoints named after the runtime's own `Client` methods.
        "endpoint_execute" => e("execute", text("id")),
        "endpoint_builder" => e("builder", text("id")),
        // Objects nested far deeper than rustc's trait solver copes with.
        "nesting_60" => e("corpus_nesting", nested(60)),
        // Rust keywords as names.
        "field_type" => e("corpus_field_type", text("type")),
        "field_keywords" => e(
            "corpus_field_keywords",
            [
                "match", "async", "fn", "move", "where", "dyn", "abstract", "try", "yield", "macro",
            ]
            .iter()
            .map(|name| text(name))
            .collect(),
        ),
        "field_self" => e("corpus_field_self", text("self")),
        "object_field_type" => e("corpus_object_type", object("type")),
        "object_field_self" => e("corpus_object_self", object("self")),
        "enum_variant_keywords" => e(
            "corpus_variant_keywords",
            enumeration("kind", None, &["type", "match", "fn", "crate", "super"]),
        ),
        "enum_variant_self" => e(
            "corpus_variant_self",
            enumeration("kind", None, &["self", "other"]),
        ),
        // Names that differ only in case or separators.
        "fields_differ_in_case" => e(
            "corpus_field_case",
            text("order_id") + &text("orderId") + &text("OrderId"),
        ),
        "objects_differ_in_case" => e(
            "corpus_object_case",
            object("order_item") + &object("orderItem"),
        ),
        "variants_differ_in_case" => e(
            "corpus_variant_case",
            enumeration("kind", None, &["order_id", "orderId", "OrderId"]),
        ),
        "object_named_like_request" => e("corpus_collide", object("corpus_collide_request")),
        // The runtime adds `Unknown(String)` to response enums.
        "response_enum_variant_unknown" => (
            "corpus_unknown".into(),
            endpoint(
                "corpus_unknown",
                &text("id"),
                &enumeration("status", None, &["known", "unknown"]),
            ),
        ),
        // `type_name`s colliding with runtime items and the generated code's imports.
        "type_name_client" => e(
            "corpus_tn_client",
            enumeration("kind", Some("Client"), &["a"]),
        ),
        "type_name_error" => e(
            "corpus_tn_error",
            enumeration("kind", Some("Error"), &["a"]),
        ),
        "type_name_endpoint" => e(
            "corpus_tn_endpoint",
            enumeration("kind", Some("Endpoint"), &["a"]),
        ),
        "type_name_serialize" => e(
            "corpus_tn_serialize",
            enumeration("kind", Some("Serialize"), &["a"]),
        ),
        "type_name_option" => e(
            "corpus_tn_option",
            enumeration("kind", Some("Option"), &["a"]),
        ),
        // Odd but plausible wire names.
        "field_leading_digit" => e("corpus_digit", text("1st")),
        "field_underscore" => e("corpus_underscore", text("_")),
        "field_non_ascii" => e("corpus_non_ascii", text("名称")),
        other => panic!("no corpus case {other}"),
    }
}

// ---- outcomes ----

/// What happened to one case.
#[derive(Debug, Clone)]
enum Outcome {
    /// Lint refused it; the diagnostics as printed.
    Refused(Vec<String>),
    /// Lint accepted it but generation failed.
    GeneratorFailed(String),
    /// Lint accepted it and its generated module compiled.
    Compiled,
    /// Lint accepted it and its generated module did not compile: the errors.
    CompileFailed(String),
}

/// Writes a case's spec (the corpus family and its endpoint) into `dir`.
fn write_case_spec(case: &str, dir: &Path) {
    let (name, yaml) = case_endpoint(case);
    write_if_changed(&dir.join("families/corpus.yaml"), FAMILY);
    write_if_changed(&dir.join(format!("endpoints/corpus/{name}.yaml")), &yaml);
}

/// Lints and generates a case in-process: the outcome if it ends there, else the source.
fn lint_and_generate(case: &str) -> Result<String, Outcome> {
    let dir = tempfile::tempdir().expect("temporary directory");
    write_case_spec(case, dir.path());
    let problems = lfgen::lint_dir(dir.path());
    if !problems.is_empty() {
        return Err(Outcome::Refused(
            problems.0.iter().map(ToString::to_string).collect(),
        ));
    }
    match lfgen::generate_dir(dir.path()) {
        Ok(generated) => Ok(generated.source().to_string()),
        Err(error) => Err(Outcome::GeneratorFailed(error.to_string())),
    }
}

/// Every case's outcome, computed once per test run (the compile check is shared).
fn outcomes() -> &'static BTreeMap<&'static str, Outcome> {
    static OUTCOMES: OnceLock<BTreeMap<&'static str, Outcome>> = OnceLock::new();
    OUTCOMES.get_or_init(|| {
        let mut outcomes = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for &case in CASES {
            match lint_and_generate(case) {
                Ok(source) => {
                    sources.insert(case, source);
                }
                Err(outcome) => {
                    outcomes.insert(case, outcome);
                }
            }
        }
        let scratch = ScratchCrate::new("cases", Path::new(SPEC));
        for _round in 0..MAX_ROUNDS {
            if sources.is_empty() {
                break;
            }
            let result = scratch.check(&sources);
            let Err(errors) = result else {
                for case in sources.keys() {
                    outcomes.insert(case, Outcome::Compiled);
                }
                sources.clear();
                break;
            };
            let mut blamed: BTreeMap<&str, String> = BTreeMap::new();
            let mut unattributed = String::new();
            for line in errors.lines().filter(|line| line.contains("error")) {
                match sources
                    .keys()
                    .find(|case| line.contains(&module_file(case)))
                {
                    Some(case) => {
                        let text = blamed.entry(case).or_default();
                        text.push_str(line);
                        text.push('\n');
                    }
                    None => {
                        unattributed.push_str(line);
                        unattributed.push('\n');
                    }
                }
            }
            if blamed.is_empty() {
                // Nothing points at a case: every remaining case fails with the output.
                for case in sources.keys() {
                    outcomes.insert(case, Outcome::CompileFailed(errors.clone()));
                }
                sources.clear();
                break;
            }
            for (case, text) in blamed {
                sources.remove(case);
                outcomes.insert(case, Outcome::CompileFailed(text));
            }
        }
        for case in sources.keys() {
            outcomes.insert(
                case,
                Outcome::CompileFailed(format!("still failing after {MAX_ROUNDS} check rounds")),
            );
        }
        write_summary(&outcomes);
        outcomes
    })
}

/// Writes one line per case to `<target>/compile-corpus/outcomes.txt`, to read at a glance.
fn write_summary(outcomes: &BTreeMap<&str, Outcome>) {
    let mut summary = String::new();
    for (case, outcome) in outcomes {
        let (kind, detail) = match outcome {
            Outcome::Refused(problems) => (
                "refused by lint",
                problems.first().cloned().unwrap_or_default(),
            ),
            Outcome::GeneratorFailed(error) => ("GENERATOR FAILS", error.clone()),
            Outcome::Compiled => ("compiles", String::new()),
            Outcome::CompileFailed(errors) => (
                "DOES NOT COMPILE",
                errors.lines().next().unwrap_or_default().to_string(),
            ),
        };
        writeln!(summary, "{case}: {kind}: {detail}").unwrap();
    }
    write_if_changed(&corpus_dir().join("outcomes.txt"), &summary);
}

/// The outcome of one case: a refusal naming file:line:column, or a compiled module.
fn assert_case(case: &str) {
    match &outcomes()[case] {
        Outcome::Compiled => {}
        Outcome::Refused(problems) => {
            for problem in problems {
                assert!(
                    names_a_location(problem),
                    "{case}: lint refused without file:line:column: {problem}"
                );
            }
        }
        Outcome::GeneratorFailed(error) => {
            panic!("{case}: lint accepts it but generation fails:\n{error}")
        }
        Outcome::CompileFailed(errors) => {
            panic!("{case}: lint accepts it but the generated code does not compile:\n{errors}")
        }
    }
}

/// Whether a printed diagnostic starts `file.yaml:line:column:` with a line above 0.
fn names_a_location(problem: &str) -> bool {
    let Some((file, rest)) = problem.split_once(".yaml:") else {
        return false;
    };
    let mut numbers = rest.splitn(3, ':');
    let line = numbers.next().and_then(|n| n.parse::<usize>().ok());
    let column = numbers.next().and_then(|n| n.parse::<usize>().ok());
    !file.is_empty() && matches!(line, Some(1..)) && column.is_some()
}

// ---- the scratch crates ----

/// The path of a case's module file, relative to the scratch crate's workspace.
fn module_file(case: &str) -> String {
    format!("src/corpus/{case}.rs")
}

/// The dependencies' build directory and the scratch workspaces, under the real target dir.
fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target directory")
        .join("compile-corpus")
}

/// A copy of the `linksfield` crate (and a workspace holding only it, whose `lf-formats`
/// is the real one) whose generated code is `spec`'s.
struct ScratchCrate {
    root: PathBuf,
}

impl ScratchCrate {
    fn new(name: &str, spec: &Path) -> Self {
        let root = corpus_dir().join(name);
        let workspace = Path::new(WORKSPACE);
        let manifest =
            fs::read_to_string(workspace.join("Cargo.toml")).expect("workspace manifest");
        let absolute = |dir: &str| {
            workspace
                .join(dir)
                .canonicalize()
                .expect("workspace folder")
        };
        let manifest = manifest
            .replace(
                r#"members = ["codegen", "formats", "generated-client", "tests"]"#,
                r#"members = ["generated-client"]"#,
            )
            .replace(
                r#"path = "codegen""#,
                &format!("path = {:?}", absolute("codegen")),
            )
            .replace(
                r#"path = "formats""#,
                &format!("path = {:?}", absolute("formats")),
            );
        assert!(
            manifest.contains(r#"members = ["generated-client"]"#),
            "the workspace members changed: update the corpus"
        );
        write_if_changed(&root.join("Cargo.toml"), &manifest);
        let lock = fs::read_to_string(workspace.join("Cargo.lock")).expect("Cargo.lock");
        write_if_changed(&root.join("Cargo.lock"), &lock);
        sync_dir(
            &workspace.join("generated-client"),
            &root.join("generated-client"),
            // The checked-in `src/generated.rs` is replaced by what this spec generates
            // (the fixture's `tests/fixture/generated.rs`, compiled only in unit tests,
            // is not needed by `cargo check`).
            &["target", "corpus", "lib.rs", "generated.rs"],
        );
        let source = lfgen::generate_dir(spec)
            .unwrap_or_else(|error| panic!("{} does not generate:\n{error}", spec.display()))
            .source();
        write_if_changed(&root.join("generated-client/src/generated.rs"), &source);
        Self { root }
    }

    /// Adds `sources` as modules `corpus_<case>` and checks the crate with all features:
    /// the compiler's errors (one per line) when it fails.
    fn check(&self, sources: &BTreeMap<&str, String>) -> Result<(), String> {
        let crate_dir = self.root.join("generated-client");
        let modules = crate_dir.join("src/corpus");
        if modules.exists() {
            for entry in fs::read_dir(&modules).expect("corpus modules") {
                let path = entry.expect("entry").path();
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                if !sources.contains_key(stem) {
                    fs::remove_file(&path).expect("remove stale module");
                }
            }
        }
        let lib = fs::read_to_string(Path::new(WORKSPACE).join("generated-client/src/lib.rs"))
            .expect("lib.rs");
        let mut lib = lib;
        for (case, source) in sources {
            write_if_changed(&crate_dir.join(module_file(case)), source);
            write!(
                lib,
                "\n#[path = \"corpus/{case}.rs\"]\n#[allow(warnings)]\npub mod corpus_{case};\n"
            )
            .unwrap();
        }
        write_if_changed(&crate_dir.join("src/lib.rs"), &lib);
        cargo_check(&self.root)
    }
}

/// Runs `cargo check -p linksfield --all-features --offline` in `workspace`, killing it
/// after `CHECK_TIMEOUT`.
fn cargo_check(workspace: &Path) -> Result<(), String> {
    // One check at a time: they share a target directory, and cargo would only wait anyway.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let log = workspace.join("check.log");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let mut child = Command::new(cargo)
        .args([
            "check",
            "-p",
            "linksfield",
            "--all-features",
            "--offline",
            "--message-format=short",
        ])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", corpus_dir().join("target"))
        .env_remove("RUSTFLAGS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).expect("check log"))
        .spawn()
        .expect("run cargo check");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for cargo check") {
            break status;
        }
        if started.elapsed() > CHECK_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "cargo check in {} took over {CHECK_TIMEOUT:?}",
                workspace.display()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    eprintln!(
        "cargo check in {} took {:?}",
        workspace.display(),
        started.elapsed()
    );
    let output = fs::read_to_string(&log).unwrap_or_default();
    if status.success() {
        Ok(())
    } else {
        Err(output)
    }
}

/// Writes `text` to `path` (creating its folder) unless it already holds exactly that, so
/// that cargo's fingerprints of unchanged files stay fresh.
fn write_if_changed(path: &Path, text: &str) {
    if fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

/// Mirrors `from` into `to` (contents only; unchanged files are not rewritten), skipping
/// entries named in `skip` (at any depth, in both), and removing files `from` does not have.
fn sync_dir(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(to).expect("read folder") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) || from.join(&name).exists() {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            fs::remove_dir_all(path).expect("remove stale folder");
        } else {
            fs::remove_file(path).expect("remove stale file");
        }
    }
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let path = entry.path();
        if entry.file_type().expect("file type").is_dir() {
            sync_dir(&path, &to.join(&name), skip);
        } else {
            let bytes = fs::read(&path).expect("read file");
            let target = to.join(&name);
            if fs::read(&target).is_ok_and(|old| old == bytes) {
                continue;
            }
            fs::write(target, bytes).expect("write file");
        }
    }
}

// ---- the renamed copy ----

/// Appended to every endpoint name, `type_name` and enum variant name of the renamed copy.
const SUFFIX: &str = "renamed";

/// A copy of the real spec with every endpoint name (and the catalog's references to it),
/// `type_name` and enum variant name changed.
fn renamed_spec() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    copy_renamed(Path::new(SPEC), dir.path(), Path::new(""));
    dir
}

fn copy_renamed(from: &Path, to: &Path, relative: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read spec folder") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        let relative = relative.join(&name);
        if entry.file_type().expect("file type").is_dir() {
            copy_renamed(&entry.path(), &to.join(&name), &relative);
            continue;
        }
        let text = fs::read_to_string(entry.path()).expect("spec file");
        if !relative.to_string_lossy().ends_with(".yaml") {
            fs::write(to.join(&name), text).expect("write spec file");
            continue;
        }
        let mut value: serde_yaml::Value = serde_yaml::from_str(&text).expect("spec YAML");
        let endpoint = relative.starts_with("endpoints");
        if endpoint {
            rename_key(&mut value, "name", |old| format!("{old}_{SUFFIX}"));
        }
        rename_everywhere(&mut value, relative == Path::new("catalog.yaml"));
        let target = if endpoint {
            let stem = Path::new(&name)
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            to.join(format!("{stem}_{SUFFIX}.yaml"))
        } else {
            to.join(&name)
        };
        fs::write(target, serde_yaml::to_string(&value).expect("YAML")).expect("write spec file");
    }
}

/// Renames `key`'s string value in a mapping.
fn rename_key(value: &mut serde_yaml::Value, key: &str, rename: impl Fn(&str) -> String) {
    if let Some(serde_yaml::Value::String(old)) = value.get_mut(key) {
        *old = rename(old);
    }
}

/// Renames every `type_name`, every enum variant `name` and (in the catalog) every
/// `endpoint:` reference, at any depth.
fn rename_everywhere(value: &mut serde_yaml::Value, catalog: bool) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), &mut *child) {
                    (Some("type_name"), serde_yaml::Value::String(old)) => {
                        *old = format!("{old}Renamed");
                    }
                    (Some("endpoint"), serde_yaml::Value::String(old)) if catalog => {
                        *old = format!("{old}_{SUFFIX}");
                    }
                    (Some("enum"), serde_yaml::Value::Sequence(variants)) => {
                        for variant in variants {
                            rename_key(variant, "name", |old| format!("{old}_{SUFFIX}"));
                        }
                    }
                    _ => rename_everywhere(child, catalog),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                rename_everywhere(item, catalog);
            }
        }
        _ => {}
    }
}

// ---- the tests ----

#[test]
fn the_real_spec_lints_clean() {
    // Compiled with all features by the normal build (`cargo test --all-features`).
    let problems = lfgen::lint_dir(Path::new(SPEC));
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn the_fixture_spec_lints_clean() {
    // Compiled, as `linksfield::fixture`, by the crate's unit tests with all features.
    let problems = lfgen::lint_dir(Path::new(FIXTURE_SPEC));
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn the_renamed_copy_lints_clean_and_renames_everything() {
    let renamed = renamed_spec();
    let problems = lfgen::lint_dir(renamed.path());
    assert!(problems.is_empty(), "{problems}");
    let source = lfgen::generate_dir(renamed.path())
        .expect("generates")
        .source()
        .to_string();
    // Enum types without `type_name` are named after their (wire) field: `IsOpen` stays.
    for old in [
        "pub struct OpenPackageRequest",
        "    Enable,",
        "pub enum PaymentResult ",
    ] {
        assert!(
            !source.contains(old),
            "the renamed copy still generates {old:?}"
        );
    }
    for new in [
        "pub struct OpenPackageRenamedRequest",
        "    EnableRenamed,",
        "pub enum PaymentResultRenamed ",
    ] {
        assert!(
            source.contains(new),
            "the renamed copy does not generate {new:?}"
        );
    }
}

#[test]
fn the_renamed_copy_compiles_with_all_features() {
    let renamed = renamed_spec();
    let scratch = ScratchCrate::new("renamed", renamed.path());
    if let Err(errors) = scratch.check(&BTreeMap::new()) {
        panic!("the renamed copy lints clean but does not compile:\n{errors}");
    }
}

/// One test per case, so that each failure names its case.
macro_rules! cases {
    ($($(#[$attr:meta])* $case:ident,)*) => {
        /// Every case, in the order they are checked.
        const CASES: &[&str] = &[$(stringify!($case)),*];
        $(
            #[test]
            $(#[$attr])*
            fn $case() {
                assert_case(stringify!($case));
            }
        )*
    };
}

cases! {
    object_field_string,
    object_field_option,
    object_field_result,
    object_field_vec,
    enum_field_string,
    enum_field_option,
    enum_field_result,
    enum_field_vec,
    field_named_fields,
    field_named_value,
    nested_fields_named_locals,
    endpoint_self,
    endpoint_crate,
    endpoint_super,
    endpoint_execute,
    endpoint_builder,
    nesting_60,
    field_type,
    field_keywords,
    field_self,
    object_field_type,
    object_field_self,
    enum_variant_keywords,
    enum_variant_self,
    fields_differ_in_case,
    objects_differ_in_case,
    variants_differ_in_case,
    object_named_like_request,
    response_enum_variant_unknown,
    type_name_client,
    type_name_error,
    type_name_endpoint,
    type_name_serialize,
    type_name_option,
    field_leading_digit,
    field_underscore,
    field_non_ascii,
}
