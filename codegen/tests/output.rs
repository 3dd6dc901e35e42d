//! What `lfgen generate --out` and `openapi --out` leave behind: nothing when interrupted,
//! and an error naming the path when they cannot write.

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Enough endpoints that a debug build generates for well over the time it takes to see
/// its temporary file and signal it.
const ENDPOINTS: usize = 300;
const WAIT_LIMIT: Duration = Duration::from_secs(60);

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn interrupt_generation(signal: &str) {
    let spec = tempfile::tempdir().unwrap();
    lfgen::synthetic::write_spec(spec.path(), ENDPOINTS).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lfgen"))
        .arg("generate")
        .arg(spec.path())
        .arg("--out")
        .arg(out_dir.path().join("linksfield.rs"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // The output is reserved before generation starts.
    let started = Instant::now();
    while entries(out_dir.path()).is_empty() {
        assert!(started.elapsed() < WAIT_LIMIT, "no temporary file appeared");
        sleep(Duration::from_millis(2));
    }
    let temp = entries(out_dir.path());
    assert!(temp[0].starts_with(".linksfield.rs.") && temp[0].ends_with(".tmp"));
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());

    let deadline = Instant::now() + WAIT_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "lfgen did not exit");
        sleep(Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(130), "{signal}: {status:?}");
    assert_eq!(entries(out_dir.path()), Vec::<String>::new(), "{signal}");
}

#[test]
fn sigterm_removes_the_temporary_file() {
    interrupt_generation("-TERM");
}

#[test]
fn ctrl_c_removes_the_temporary_file() {
    interrupt_generation("-INT");
}

#[test]
fn errors_name_the_output_path() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let missing = tempfile::tempdir().unwrap().path().join("no-such-dir");
    for command in ["generate", "openapi"] {
        let out = missing.join("out.txt");
        let run = Command::new(env!("CARGO_BIN_EXE_lfgen"))
            .arg(command)
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{command}");
        assert!(
            stderr.contains(&out.display().to_string()),
            "{command}: {stderr}"
        );
    }
}

/// The file is written section by section as they are formatted: it is what
/// `Generated::file_source` joins, and an output already holding it (or a longer or shorter
/// text) is compared as it is written, left alone only when identical.
#[test]
fn the_streamed_file_is_the_joined_source_and_an_identical_one_is_left_alone() {
    let spec = tempfile::tempdir().unwrap();
    lfgen::synthetic::write_spec(spec.path(), 30).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client.rs");
    let source = lfgen::generate_dir(spec.path())
        .unwrap()
        .file_source(spec.path(), &out);
    lfgen::generate_to_file(spec.path(), &out).unwrap();
    assert!(fs::read_to_string(&out).unwrap() == source);
    let written = fs::metadata(&out).unwrap().modified().unwrap();
    sleep(Duration::from_millis(20));
    lfgen::generate_to_file(spec.path(), &out).unwrap();
    assert_eq!(fs::metadata(&out).unwrap().modified().unwrap(), written);
    for stale in [
        format!("{source}// more"),
        source[..source.len() - 1].to_string(),
    ] {
        fs::write(&out, stale).unwrap();
        lfgen::generate_to_file(spec.path(), &out).unwrap();
        assert!(fs::read_to_string(&out).unwrap() == source);
    }
    assert_eq!(entries(dir.path()), ["client.rs"]);
}
