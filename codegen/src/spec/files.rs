//! Which files make up a spec, and reading one safely. Spec directories arrive in pull
//! requests, so the walk trusts nothing it finds: it follows no links, reads only regular
//! files of a bounded size, and names every file or folder it does not know instead of
//! skipping it (a skipped file is an endpoint that silently vanishes).

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};

/// The largest spec file read, in bytes: the largest today is a few KB, so this leaves
/// ample room while keeping a hostile file (or `/dev/zero`) from filling memory.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The spec files under a root, by kind, each list in path order.
#[derive(Debug, Default)]
pub struct Layout {
    pub families: Vec<PathBuf>,
    pub endpoints: Vec<PathBuf>,
    pub types: Vec<PathBuf>,
    pub notifications: Vec<PathBuf>,
    pub catalog: Option<PathBuf>,
    pub notify: Option<PathBuf>,
}

/// What the spec root may hold, for the hint of a stray entry.
const WHERE_FILES_GO: &str = "the spec holds catalog.yaml, notify.yaml, families/<family>.yaml, \
    endpoints/<family>/<endpoint>.yaml, types/<type>.yaml, notifications/<notification>.yaml, \
    schema/ and README files (hidden files are skipped)";

/// Finds the spec files under `root` (the root itself may be a link: it is what the
/// caller named). Every entry the loader does not know becomes a diagnostic.
pub fn find(root: &Path, problems: &mut Diagnostics) -> Layout {
    let mut layout = Layout::default();
    for (path, name, kind) in entries(root, problems) {
        match (name.as_str(), kind) {
            ("families", Kind::Folder) => layout.families = yaml_files(&path, "family", problems),
            ("types", Kind::Folder) => layout.types = yaml_files(&path, "type", problems),
            ("notifications", Kind::Folder) => {
                layout.notifications = yaml_files(&path, "notification", problems)
            }
            ("endpoints", Kind::Folder) => {
                for (folder, _, kind) in entries(&path, problems) {
                    if kind == Kind::Folder {
                        let found = yaml_files(&folder, "endpoint", problems);
                        layout.endpoints.extend(found);
                    } else {
                        let message = "not a family folder";
                        let hint = "an endpoint belongs in endpoints/<family>/<endpoint>.yaml";
                        problems.push(refusal(&folder, message, hint));
                    }
                }
            }
            ("catalog.yaml", Kind::File) => layout.catalog = Some(path),
            ("notify.yaml", Kind::File) => layout.notify = Some(path),
            // JSON Schemas for editors: not read.
            ("schema", Kind::Folder) => {}
            _ => problems.push(refusal(&path, "not a spec file or folder", WHERE_FILES_GO)),
        }
    }
    layout.endpoints.sort();
    layout
}

/// The `<name>.yaml` files of a folder that holds nothing else (but READMEs).
fn yaml_files(folder: &Path, kind_of_file: &str, problems: &mut Diagnostics) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for (path, name, kind) in entries(folder, problems) {
        let stem = name.strip_suffix(".yaml").unwrap_or_default();
        if kind == Kind::File && !stem.is_empty() {
            found.push(path);
            continue;
        }
        let place = match kind_of_file {
            "endpoint" => "endpoints/<family>".to_string(),
            _ => folder
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
        };
        let (message, hint) = match kind {
            Kind::Folder => (
                "a folder where only files belong",
                format!("{place}/ holds only <{kind_of_file}>.yaml files, no folders"),
            ),
            Kind::File => {
                let lower = name.to_lowercase();
                let stem = lower.strip_suffix(".yaml").or(lower.strip_suffix(".yml"));
                let hint = match stem {
                    Some(stem) => {
                        format!("spec files end in lowercase `.yaml`: rename it `{stem}.yaml`")
                    }
                    None => format!(
                        "{place}/ holds only <{kind_of_file}>.yaml files: move it out of the spec"
                    ),
                };
                ("not a spec file", hint)
            }
        };
        problems.push(refusal(&path, message, hint));
    }
    found
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
}

/// The entries of `folder` that the loader may look at, in name order: regular files and
/// folders, READMEs and hidden entries left out. Links, FIFOs, sockets and devices are refused here, once
/// each, so that nothing is followed or opened that could loop, block or never end.
fn entries(folder: &Path, problems: &mut Diagnostics) -> Vec<(PathBuf, String, Kind)> {
    let listing = match fs::read_dir(folder) {
        Ok(listing) => listing,
        Err(error) => {
            let message = format!("cannot read folder: {error}");
            problems.push(Diagnostic::new(folder, Location::default(), message));
            return Vec::new();
        }
    };
    let mut found = Vec::new();
    for entry in listing {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let message = format!("cannot read folder: {error}");
                problems.push(Diagnostic::new(folder, Location::default(), message));
                continue;
            }
        };
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            let hint = "spec file and folder names are UTF-8";
            problems.push(refusal(&path, "a name that is not UTF-8", hint));
            continue;
        };
        // Hidden entries are editors' state (`.x.yaml.swp`, Emacs' `.#x.yaml` lock links,
        // `.DS_Store`): skipped, never opened or followed, so a build during an edit works.
        if name == "README" || name.starts_with("README.") || name.starts_with('.') {
            continue;
        }
        // `DirEntry::file_type` does not follow links.
        let kind = match entry.file_type() {
            Ok(kind) if kind.is_dir() => Kind::Folder,
            Ok(kind) if kind.is_file() => Kind::File,
            Ok(kind) if kind.is_symlink() => {
                let message = "a symbolic link: links inside the spec are not followed";
                let hint = "commit the file itself";
                problems.push(refusal(&path, message, hint));
                continue;
            }
            Ok(_) => {
                let message = "not a regular file (a FIFO, socket or device)";
                problems.push(refusal(&path, message, "spec files are regular files"));
                continue;
            }
            Err(error) => {
                let message = format!("cannot read: {error}");
                problems.push(Diagnostic::new(&path, Location::default(), message));
                continue;
            }
        };
        found.push((path, name, kind));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn refusal(path: &Path, message: &str, hint: impl Into<String>) -> Diagnostic {
    Diagnostic::new(path, Location { line: 1, column: 1 }, message).with_hint(hint)
}

/// Reads a spec file: a regular file (a link the caller named is followed) of at most
/// [`MAX_FILE_BYTES`], in UTF-8.
pub fn read(file: &Path) -> Result<String, Diagnostic> {
    read_within(file, MAX_FILE_BYTES, "a spec file")
}

/// [`read`] with another limit, `kind` naming what the file is in the error.
pub fn read_within(file: &Path, max_bytes: u64, kind: &str) -> Result<String, Diagnostic> {
    let start = Location { line: 1, column: 1 };
    let cannot =
        |error: std::io::Error| Diagnostic::new(file, start, format!("cannot read: {error}"));
    // Checked before opening: opening a FIFO blocks until a writer comes.
    let metadata = fs::metadata(file).map_err(cannot)?;
    if !metadata.is_file() {
        let message = "not a regular file (a folder, FIFO, socket or device)";
        return Err(Diagnostic::new(file, start, message));
    }
    let too_large = || {
        let message = format!("the file is over the limit of {max_bytes} bytes for {kind}");
        Diagnostic::new(file, start, message)
    };
    if metadata.len() > max_bytes {
        return Err(too_large());
    }
    // The size may change between the check and the read: never read past the limit.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    File::open(file)
        .and_then(|f| f.take(max_bytes + 1).read_to_end(&mut bytes))
        .map_err(cannot)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        let before = &error.as_bytes()[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        // Characters before the bad byte on its line (the prefix is valid UTF-8).
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let message = format!("the file is not UTF-8 (byte {at} is not)");
        Diagnostic::new(file, Location { line, column }, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_regular_utf8_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let folder = read(dir.path()).unwrap_err();
        assert!(folder.message.starts_with("not a regular file"), "{folder}");

        let binary = dir.path().join("binary.yaml");
        fs::write(&binary, b"name: \xff").unwrap();
        let binary = read(&binary).unwrap_err();
        assert_eq!(binary.message, "the file is not UTF-8 (byte 6 is not)");
        assert_eq!(binary.location, Location { line: 1, column: 7 });

        let limit = dir.path().join("limit.yaml");
        fs::write(&limit, vec![b'#'; MAX_FILE_BYTES as usize]).unwrap();
        assert_eq!(read(&limit).unwrap().len() as u64, MAX_FILE_BYTES);
    }
}
