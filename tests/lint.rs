//! A broken spec fails with the file, line and column of each problem, and a failed
//! generation leaves the previous output untouched.

use std::fs;
use std::path::{Path, PathBuf};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// A copy of the committed spec in a temporary directory, to break on purpose.
struct SpecCopy {
    dir: tempfile::TempDir,
}

impl SpecCopy {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(Path::new(SPEC), dir.path());
        Self { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Replaces the first occurrence of `from` in a spec file.
    fn edit(&self, relative: &str, from: &str, to: &str) {
        let path = self.path(relative);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{relative} has no {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn lint(&self) -> Vec<String> {
        lfgen::lint_dir(self.dir.path())
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The 1-based line of the first line of `file` that contains `needle`.
fn line_of(spec: &SpecCopy, file: &str, needle: &str) -> usize {
    let text = fs::read_to_string(spec.path(file)).unwrap();
    text.lines().position(|line| line.contains(needle)).unwrap() + 1
}

const ORDER: &str = "endpoints/csss/order_package.yaml";

#[test]
fn the_committed_spec_is_clean() {
    assert_eq!(SpecCopy::new().lint(), Vec::<String>::new());
}

#[test]
fn unknown_key_is_reported_with_file_and_line() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "      format: iccid\n",
        "      format: iccid\n      max_len: 20\n",
    );
    let line = line_of(&spec, ORDER, "max_len");
    let problems = spec.lint();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let expected = format!("{}:{line}:", spec.path(ORDER).display());
    assert!(problems[0].starts_with(&expected), "{problems:?}");
    assert!(
        problems[0].contains("unknown field `max_len`"),
        "{problems:?}"
    );
}

#[test]
fn bad_enums_are_reported_at_the_offending_value() {
    let spec = SpecCopy::new();
    // A wire code listed twice, and a variant name that is not snake_case.
    spec.edit(
        ORDER,
        "        - value: \"5\"\n          name: yearly",
        "        - value: \"4\"\n          name: Yearly",
    );
    let line = line_of(&spec, ORDER, "name: Yearly");
    let problems = spec.lint();
    let file = spec.path(ORDER).display().to_string();
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("{file}:{}:", line - 1))
                && p.contains("enum value `4` of `package_type` is listed twice")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("{file}:{line}:"))
                && p.contains("enum name `Yearly` must be a snake_case identifier")),
        "{problems:?}"
    );
}

#[test]
fn yaml_syntax_error_is_reported_with_file_and_line() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "path: /package/orderPackage",
        "path: [/package/orderPackage",
    );
    let problems = spec.lint();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let file = spec.path(ORDER).display().to_string();
    assert!(problems[0].starts_with(&format!("{file}:")), "{problems:?}");
    let line: usize = problems[0][file.len() + 1..]
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(line >= line_of(&spec, ORDER, "path: ["), "{problems:?}");
}

#[test]
fn semantic_problems_are_all_reported_in_one_pass() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "path: /package/orderPackage",
        "path: package/orderPackage",
    );
    spec.edit(
        "endpoints/csss/open_package.yaml",
        "family: csss",
        "family: cube",
    );
    spec.edit(ORDER, "      required: false\n", "\n");
    let problems = spec.lint();
    let joined = problems.join("\n");
    // Exactly these three: the unknown family does not cascade into example errors.
    assert_eq!(problems.len(), 3, "{joined}");
    assert!(
        joined.contains("path must start with `/` (hint: write `/package/orderPackage`)"),
        "{joined}"
    );
    assert!(
        joined.contains("open_package.yaml:2:1: unknown family `cube`"),
        "{joined}"
    );
    assert!(
        joined.contains("request field `pay_type` needs `required: true` or `false`"),
        "{joined}"
    );
}

#[test]
fn runtime_fields_may_not_be_repeated_per_endpoint() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "    - name: device_id\n",
        "    - name: timestamp\n      type: string\n      required: true\n    - name: device_id\n",
    );
    let problems = spec.lint().join("\n");
    assert!(
        problems.contains("`timestamp` is filled by the runtime"),
        "{problems}"
    );
}

#[test]
fn failed_generation_leaves_the_previous_output_untouched() {
    let spec = SpecCopy::new();
    spec.edit(
        ORDER,
        "name: order_package",
        "name: order_package\nbogus: 1",
    );
    let out = spec.dir.path().join("out.rs");
    fs::write(&out, "previous output").unwrap();
    let error = lfgen::generate_to_file(spec.dir.path(), &out).unwrap_err();
    assert!(
        error.to_string().contains("unknown field `bogus`"),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous output");
}
