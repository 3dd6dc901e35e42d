//! Drafts written under `--out`: everything that can be checked is checked before the
//! first file is written, and a failure after that names the files already written.

use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::Draft;

/// Writes every draft under `out` (`<family>/<name>.yaml`), each atomically. Before any
/// file is written: every folder a draft goes in is one, or can be created (its nearest
/// existing ancestor is a folder), and every target is absent, or a regular file when
/// `overwrite`. The folders are created next, then the files written.
pub fn write_drafts(drafts: &[Draft], out: &Path, overwrite: bool) -> Result<Vec<PathBuf>, String> {
    let paths: Vec<PathBuf> = drafts.iter().map(|d| out.join(d.relative_path())).collect();
    let folders: BTreeSet<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    for folder in &folders {
        refuse_link(folder)?;
        check_folder(folder)?;
    }
    for path in &paths {
        check_target(path, overwrite)?;
    }
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(|error| {
            format!(
                "cannot create {}: {error}; no file was written",
                folder.display()
            )
        })?;
    }
    for (i, (draft, path)) in drafts.iter().zip(&paths).enumerate() {
        if let Err(error) = crate::output::write_atomically(path, draft.yaml.as_bytes()) {
            return Err(format!("{error}; {}", written(&paths[..i])));
        }
    }
    Ok(paths)
}

/// A family's folder under `--out` must not be a link: one planted there (say under a
/// shared `/tmp` folder) would send the drafts, and with `--overwrite` their
/// replacements, wherever it points. `--out` itself is the user's choice.
fn refuse_link(folder: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(folder) {
        Ok(meta) if meta.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link; drafts are written only into real folders under --out; nothing was written",
            folder.display()
        )),
        _ => Ok(()),
    }
}

/// `folder` is a folder, or its nearest existing ancestor is (so it can be created).
fn check_folder(folder: &Path) -> Result<(), String> {
    for ancestor in folder.ancestors() {
        // A relative `--out` ends its ancestors with "": the current folder.
        let ancestor = match ancestor.as_os_str().is_empty() {
            true => Path::new("."),
            false => ancestor,
        };
        match std::fs::metadata(ancestor) {
            Ok(meta) if meta.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(format!(
                    "{} is not a folder, and drafts go in {}; nothing was written",
                    ancestor.display(),
                    folder.display()
                ))
            }
            // Absent (or below a file, which a later ancestor shows): look further up.
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {}
            Err(error) => {
                return Err(format!(
                    "cannot inspect {}: {error}; nothing was written",
                    ancestor.display()
                ))
            }
        }
    }
    Ok(())
}

/// `path` is absent, or a regular file (not a link) that `overwrite` allows replacing.
fn check_target(path: &Path, overwrite: bool) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Ok(_) if !overwrite => Err(format!(
            "{} exists; nothing was written (pass --overwrite to replace it, or --out another folder)",
            path.display()
        )),
        Ok(meta) if !meta.file_type().is_file() => Err(format!(
            "{} exists and is not a regular file (a folder or link); nothing was written",
            path.display()
        )),
        Ok(_) => Ok(()),
        Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
        Err(error) => Err(format!(
            "cannot inspect {}: {error}; nothing was written",
            path.display()
        )),
    }
}

/// Which files were written before a failure.
fn written(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "no file was written".to_string();
    }
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!("written before it: {}", list.join(", "))
}
