//! The generated code checked in beside the runtime (the client, and the unit tests'
//! fixture code) is exactly what its spec generates: a spec edit committed without
//! `bash tests/regen.sh` fails here, naming the first line that differs.

use std::fs;
use std::path::Path;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
/// The command that rewrites every file below (from the workspace root).
const REGENERATE: &str = "bash tests/regen.sh";
/// Lines of each side shown from the first difference.
const EXCERPT_LINES: usize = 3;

/// (spec directory, generated file), relative to the workspace root, as `tests/regen.sh`
/// passes them to `lfgen generate` (the file's header records them).
const CHECKED_IN: [(&str, &str); 2] = [
    ("spec", "generated-client/src/generated.rs"),
    (
        "generated-client/tests/fixture-spec",
        "generated-client/tests/fixture/generated.rs",
    ),
];

#[test]
fn checked_in_generated_code_is_what_the_spec_generates() {
    let stale: Vec<String> = CHECKED_IN
        .iter()
        .filter_map(|&(spec, file)| stale(spec, file))
        .collect();
    assert!(
        stale.is_empty(),
        "{}\nregenerate with `{REGENERATE}` (from the workspace root) and review the diff",
        stale.join("\n")
    );
}

/// Why `file` is not what `spec` generates, if it is not.
fn stale(spec: &str, file: &str) -> Option<String> {
    let root = Path::new(WORKSPACE);
    let expected = match lfgen::generate_dir(&root.join(spec)) {
        Ok(generated) => generated.file_source(Path::new(spec), Path::new(file)),
        Err(error) => return Some(format!("{spec} does not generate:\n{error}")),
    };
    let actual = match fs::read_to_string(root.join(file)) {
        Ok(actual) => actual,
        Err(error) => return Some(format!("{file}: cannot read it: {error}")),
    };
    first_difference(&expected, &actual)
        .map(|excerpt| format!("{file} is not what {spec} generates; first difference:\n{excerpt}"))
}

/// The 1-based line where `actual` first departs from `expected`, with a few lines of
/// each from there; `None` when they are identical.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    let mut line = 1;
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(e), Some(a)) if e == a => line += 1,
            (None, None) => {
                return Some(
                    "  every line is the same: the line endings or the final newline differ \
                     (a checkout that turned LF into CRLF?)\n"
                        .to_string(),
                )
            }
            (e, a) => {
                return Some(format!(
                    "  line {line}, generated:\n{}  checked in:\n{}",
                    excerpt(e.into_iter().chain(expected_lines)),
                    excerpt(a.into_iter().chain(actual_lines))
                ));
            }
        }
    }
}

/// The first few of `lines`, indented.
fn excerpt<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let shown: String = lines
        .take(EXCERPT_LINES)
        .map(|line| format!("    {line}\n"))
        .collect();
    if shown.is_empty() {
        "    (end of file)\n".to_string()
    } else {
        shown
    }
}

#[test]
fn the_first_difference_names_its_line_and_shows_both_sides() {
    assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    let excerpt = first_difference("a\nb\nc\n", "a\nB\nc\n").expect("they differ");
    assert_eq!(
        excerpt,
        "  line 2, generated:\n    b\n    c\n  checked in:\n    B\n    c\n"
    );
    let shorter = first_difference("a\nb\n", "a\n").expect("they differ");
    assert!(
        shorter.contains("line 2") && shorter.contains("(end of file)"),
        "{shorter}"
    );
    let newline = first_difference("a\n", "a\r\n").expect("they differ");
    assert!(newline.contains("line endings"), "{newline}");
}
