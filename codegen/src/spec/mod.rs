//! Reading the spec directory: what the YAML says, with where it says it.

mod files;
mod guard;
mod mock;
pub mod model;
#[cfg(test)]
mod proptests;
// The linter's, the IR's and the diff's walk over nested fields; hidden (a test uses it).
#[doc(hidden)]
pub mod walk;
mod yaml;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use files::MAX_FILE_BYTES;
pub use mock::*;
pub use model::*;
pub use yaml::SpanIndex;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};

/// One parsed spec file.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The file's path, as found under the spec directory.
    pub file: PathBuf,
    /// What the file says.
    pub doc: T,
    /// The file's text, for positions: they are only needed when there is something to
    /// report, so the second (positional) parse happens then, once.
    text: String,
    spans: OnceLock<SpanIndex>,
}

impl<T> Loaded<T> {
    /// Where each node of the file starts.
    pub fn spans(&self) -> &SpanIndex {
        self.spans
            .get_or_init(|| yaml::index_spans(&self.text).unwrap_or_default())
    }

    /// A diagnostic at the node `path` of this file.
    pub fn diagnostic(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.file, self.spans().locate(path), message)
    }

    /// A diagnostic at byte `offset` of `value`, the scalar at the key `path`, when the
    /// value is written out on the key's line; at the key otherwise.
    pub fn diagnostic_in_value(
        &self,
        path: &str,
        value: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let key = self.spans().locate(path);
        let column = self
            .text
            .lines()
            .nth(key.line.wrapping_sub(1))
            .and_then(|line| {
                // Byte index of the key, from its 1-based column in characters.
                let key_at = line.char_indices().nth(key.column.wrapping_sub(1))?.0;
                let after_colon = key_at + line[key_at..].find(':')? + 1;
                let found = after_colon + line[after_colon..].find(value)?;
                let before = line[..found].chars().count() + value.get(..offset)?.chars().count();
                Some(before + 1)
            });
        let location = match column {
            Some(column) => Location { column, ..key },
            None => key,
        };
        Diagnostic::new(&self.file, location, message)
    }
}

/// The whole spec: `families/*.yaml` and `endpoints/**/*.yaml`, in path order.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// `families/*.yaml`: what each API family's endpoints share.
    pub families: Vec<Loaded<FamilyDoc>>,
    /// `endpoints/<family>/*.yaml`: one endpoint each.
    pub endpoints: Vec<Loaded<EndpointDoc>>,
    /// `types/*.yaml`: object types shared by several fields, referenced with `ref:`.
    pub types: Vec<Loaded<TypeDoc>>,
    /// `notify.yaml`: what the notifications share (required when there are any).
    pub notify: Option<Loaded<NotifyDoc>>,
    /// `notifications/*.yaml`: what the platform posts to the customer.
    pub notifications: Vec<Loaded<NotificationDoc>>,
    /// `catalog.yaml`, when the spec has one: every known page, transcribed or not.
    pub catalog: Option<Loaded<CatalogDoc>>,
}

impl Spec {
    /// Every file path the spec was read from.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        let families = self.families.iter().map(|f| f.file.as_path());
        families
            .chain(self.endpoints.iter().map(|e| e.file.as_path()))
            .chain(self.types.iter().map(|t| t.file.as_path()))
            .chain(self.notify.iter().map(|n| n.file.as_path()))
            .chain(self.notifications.iter().map(|n| n.file.as_path()))
    }

    /// The shared type called `name`.
    pub fn shared_type(&self, name: &str) -> Option<&Loaded<TypeDoc>> {
        self.types.iter().find(|t| t.doc.name == name)
    }
}

/// Reads every spec file under `dir`, reporting every file that does not parse.
pub fn load_dir(dir: &Path) -> Result<Spec, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut spec = Spec::default();
    let none = "no spec files found (expected families/*.yaml and endpoints/<family>/*.yaml)";
    if !dir.is_dir() {
        let message = format!("{none}: not a folder");
        return Err(Diagnostic::new(dir, Location::default(), message).into());
    }
    let layout = files::find(dir, &mut problems);
    if layout.families.is_empty() && layout.endpoints.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::new(dir, Location::default(), none));
    }
    // Every file is independent of the others: parse them on all cores, then sort them
    // into the spec in path order.
    // Each file with how to parse it; the catalogue is the largest file, so it goes
    // first, for an even load.
    type Load = fn(&Path) -> Result<Parsed, Diagnostic>;
    let mut files: Vec<(Load, PathBuf)> = Vec::new();
    let catalog: Load = |file| load_file(file).map(Parsed::Catalog);
    let notify: Load = |file| load_file(file).map(Parsed::Notify);
    for (load, file) in [(catalog, layout.catalog), (notify, layout.notify)] {
        files.extend(file.map(|file| (load, file)));
    }
    let (families, endpoints) = (layout.families, layout.endpoints);
    let (types, notifications) = (layout.types, layout.notifications);
    let kinds: [(Load, Vec<PathBuf>); 4] = [
        (|file| load_file(file).map(Parsed::Family), families),
        (|file| load_file(file).map(Parsed::Endpoint), endpoints),
        (|file| load_file(file).map(Parsed::Type), types),
        (
            |file| load_file(file).map(Parsed::Notification),
            notifications,
        ),
    ];
    for (load, paths) in kinds {
        files.extend(paths.into_iter().map(|file| (load, file)));
    }
    let parsed = crate::parallel::map(&files, |(load, file)| load(file));
    for parsed in parsed {
        match parsed {
            Ok(Parsed::Family(loaded)) => spec.families.push(loaded),
            Ok(Parsed::Endpoint(loaded)) => spec.endpoints.push(loaded),
            Ok(Parsed::Type(loaded)) => spec.types.push(loaded),
            Ok(Parsed::Notification(loaded)) => spec.notifications.push(loaded),
            Ok(Parsed::Notify(loaded)) => spec.notify = Some(loaded),
            Ok(Parsed::Catalog(loaded)) => spec.catalog = Some(loaded),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(spec)
    } else {
        Err(problems.sorted())
    }
}

/// One parsed file, of whichever kind.
enum Parsed {
    Family(Loaded<FamilyDoc>),
    Endpoint(Loaded<EndpointDoc>),
    Type(Loaded<TypeDoc>),
    Notification(Loaded<NotificationDoc>),
    Notify(Loaded<NotifyDoc>),
    Catalog(Loaded<CatalogDoc>),
}

fn load_file<T: serde::de::DeserializeOwned>(file: &Path) -> Result<Loaded<T>, Diagnostic> {
    let text = files::read(file)?;
    let doc = yaml::parse(file, &text)?;
    Ok(Loaded {
        file: file.to_path_buf(),
        doc,
        text,
        spans: OnceLock::new(),
    })
}

/// Reads a text file as the loader reads a spec file: a regular file within
/// [`MAX_FILE_BYTES`], in UTF-8 (an error names the line of the first byte that is not).
pub fn read_text(file: &Path) -> Result<String, Diagnostic> {
    files::read(file)
}

/// [`read_text`] with the limit `max_bytes` instead of [`MAX_FILE_BYTES`]; `kind` names
/// the file in the error (`a docs page or OpenAPI document`).
pub fn read_text_within(file: &Path, max_bytes: u64, kind: &str) -> Result<String, Diagnostic> {
    files::read_within(file, max_bytes, kind)
}

/// Parses YAML `text` (read from `file`) into `T` with the spec's one YAML reader and
/// its guards (size, depth, no anchors); errors carry their position.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    file: &Path,
    text: &str,
) -> Result<T, Diagnostic> {
    yaml::parse(file, text)
}

/// An endpoint file's `text` as the loader reads it, as if read from `file`.
pub fn parse_endpoint(file: &Path, text: String) -> Result<Loaded<EndpointDoc>, Diagnostic> {
    let doc = yaml::parse(file, &text)?;
    Ok(Loaded {
        file: file.to_path_buf(),
        doc,
        text,
        spans: OnceLock::new(),
    })
}

impl<T> Loaded<T> {
    /// The same file with its document replaced (positions still come from its text).
    pub fn with_doc(self, doc: T) -> Self {
        Loaded { doc, ..self }
    }
}

/// Reads a spec directory, or a single endpoint file.
pub fn load_path(path: &Path) -> Result<Spec, Diagnostics> {
    if path.is_dir() {
        return load_dir(path);
    }
    let endpoint = load_file(path)?;
    Ok(Spec {
        families: Vec::new(),
        endpoints: vec![endpoint],
        types: Vec::new(),
        notify: None,
        notifications: Vec::new(),
        catalog: None,
    })
}
