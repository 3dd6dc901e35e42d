//! The spec as it was at a git revision, for `lfgen diff --git REV`.

use std::path::Path;
use std::process::{Command, Stdio};

use tempfile::TempDir;

/// Extracts `spec_dir` as it was at `revision` into a temporary directory.
pub fn spec_at_revision(revision: &str, spec_dir: &Path) -> Result<TempDir, String> {
    if revision.starts_with('-') || revision.is_empty() {
        return Err(format!("{revision:?} is not a revision"));
    }
    let dir = spec_dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", spec_dir.display()))?;
    let prefix = git(&dir, &["rev-parse", "--show-prefix"])?;
    // Run from the top level: inside a subdirectory, git archive narrows the tree again.
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
    let tree = format!("{revision}:{}", prefix.trim());
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let archive = Command::new("git")
        .current_dir(top.trim())
        .args(["archive", "--format=tar", &tree])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let archive = archive.wait_with_output().map_err(|e| e.to_string())?;
    if !archive.status.success() {
        return Err(format!(
            "git archive {tree}: {}",
            String::from_utf8_lossy(&archive.stderr).trim()
        ));
    }
    let mut untar = Command::new("tar")
        .current_dir(out.path())
        .args(["-x", "-f", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if let Some(stdin) = untar.stdin.as_mut() {
        std::io::Write::write_all(stdin, &archive.stdout).map_err(|e| e.to_string())?;
    }
    drop(untar.stdin.take());
    let status = untar.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("tar could not extract the spec".to_string());
    }
    Ok(out)
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
