//! `lfgen import`: exit codes, errors with file and line, nothing written on failure, no
//! silent overwrite, and `--check`'s exit status.

use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/pages");

fn lfgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lfgen"))
        .args(args)
        .output()
        .unwrap()
}

fn page(relative: &str) -> String {
    format!("{PAGES}/{relative}")
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn a_bad_input_writes_nothing_and_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let text = std::fs::read_to_string(page("csss/order_package.txt")).unwrap();
    let cut = dir.path().join("cut.txt");
    std::fs::write(&cut, text.lines().take(70).collect::<Vec<_>>().join("\n")).unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("binary.bin");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1]).unwrap();
    let cases = [(&cut, 70), (&empty, 1), (&binary, 1)];
    for (bad, line) in cases {
        // A good page first: the bad one still means nothing is written.
        let good = page("csss/open_package.txt");
        let output = lfgen(&[
            "import",
            &good,
            bad.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with(&format!("{}:{line}:", bad.display())),
            "{stderr}"
        );
        assert!(is_empty(&out), "{stderr}");
    }
}

#[test]
fn drafts_are_written_once_and_replaced_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let order = page("csss/order_package.txt");
    let output = lfgen(&["import", &order, "--out", out]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let draft = dir.path().join("csss/order_package.yaml");
    let written = std::fs::read_to_string(&draft).unwrap();
    assert!(written.contains("path: /package/orderPackage"));

    std::fs::write(&draft, "edited by the reviewer\n").unwrap();
    let output = lfgen(&["import", &order, "--out", out]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists; nothing was written"));
    assert_eq!(
        std::fs::read_to_string(&draft).unwrap(),
        "edited by the reviewer\n"
    );

    let output = lfgen(&["import", &order, "--out", out, "--overwrite"]);
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), written);
}

#[test]
fn check_exits_one_only_when_a_page_drifts() {
    let pages: Vec<String> = ["csss/order_package.txt", "esim_mall/pre_order_package.txt"]
        .iter()
        .map(|p| page(p))
        .collect();
    let mut args = vec!["import", "--check", SPEC];
    args.extend(pages.iter().map(String::as_str));
    let output = lfgen(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );

    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("order_package.txt");
    let text = std::fs::read_to_string(&pages[0]).unwrap();
    std::fs::write(
        &changed,
        text.replace("pay_type\nstring\n可选", "pay_type\nstring\n必需"),
    )
    .unwrap();
    let output = lfgen(&[
        "import",
        "--check",
        SPEC,
        changed.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report[0]["rule"], "request-field-became-required");
    assert_eq!(report[0]["field"], "pay_type");
}

#[cfg(unix)]
#[test]
fn a_linked_family_folder_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (out, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("csss")).unwrap();
    let order = page("csss/order_package.txt");
    let output = lfgen(&["import", &order, "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn a_file_where_a_folder_must_be_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("esim_mall"), "not a folder\n").unwrap();
    let (order, mall) = (
        page("csss/order_package.txt"),
        page("esim_mall/pre_order_package.txt"),
    );
    let output = lfgen(&["import", &order, &mall, "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("esim_mall is not a folder"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.join("csss").exists(), "{stderr}");
}

#[test]
fn a_folder_where_a_draft_must_be_writes_nothing_even_with_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    std::fs::create_dir_all(out.join("csss/order_package.yaml")).unwrap();
    let (open, order) = (
        page("csss/open_package.txt"),
        page("csss/order_package.txt"),
    );
    let args = [
        "import",
        &open,
        &order,
        "--out",
        out.to_str().unwrap(),
        "--overwrite",
    ];
    let output = lfgen(&args);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("order_package.yaml exists and is not a regular file"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.join("csss/open_package.yaml").exists(), "{stderr}");
}

#[test]
fn a_family_that_is_no_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let order = page("csss/order_package.txt");
    for family in ["../escaped", "", "Csss"] {
        let args = [
            "import",
            &order,
            "--family",
            family,
            "--out",
            out.to_str().unwrap(),
        ];
        let output = lfgen(&args);
        assert_eq!(output.status.code(), Some(2), "{family:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("[a-z][a-z0-9_]*"), "{stderr}");
    }
    assert!(!dir.path().join("escaped").exists() && !out.exists());
}
