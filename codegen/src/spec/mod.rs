//! Reading the spec directory: what the YAML says, with where it says it.

pub mod model;
mod yaml;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use model::*;
pub use yaml::SpanIndex;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};

/// One parsed spec file.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub file: PathBuf,
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
}

/// The whole spec: `families/*.yaml` and `endpoints/**/*.yaml`, in path order.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub families: Vec<Loaded<FamilyDoc>>,
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
    let families = yaml_files(&dir.join("families"), &mut problems);
    let endpoints = yaml_files(&dir.join("endpoints"), &mut problems);
    let types = yaml_files(&dir.join("types"), &mut problems);
    let notifications = yaml_files(&dir.join("notifications"), &mut problems);
    if families.is_empty() && endpoints.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::new(
            dir,
            Location::default(),
            "no spec files found (expected families/*.yaml and endpoints/**/*.yaml)",
        ));
    }
    // Every file is independent of the others: parse them on all cores, then sort them
    // into the spec in path order.
    // Each file with how to parse it; the catalogue is the largest file, so it goes
    // first, for an even load.
    type Load = fn(&Path) -> Result<Parsed, Diagnostic>;
    let mut files: Vec<(Load, PathBuf)> = Vec::new();
    let catalog: Load = |file| load_file(file).map(Parsed::Catalog);
    let notify: Load = |file| load_file(file).map(Parsed::Notify);
    for (load, name) in [(catalog, "catalog.yaml"), (notify, "notify.yaml")] {
        let file = dir.join(name);
        if file.is_file() {
            files.push((load, file));
        }
    }
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
    let text = fs::read_to_string(file).map_err(|error| {
        Diagnostic::new(
            file,
            Location { line: 1, column: 1 },
            format!("cannot read: {error}"),
        )
    })?;
    let doc = yaml::parse(file, &text)?;
    Ok(Loaded {
        file: file.to_path_buf(),
        doc,
        text,
        spans: OnceLock::new(),
    })
}

/// The `.yaml`/`.yml` files under `dir`, recursively, sorted so output never depends on
/// directory order.
fn yaml_files(dir: &Path, problems: &mut Diagnostics) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) if current == dir && error.kind() == std::io::ErrorKind::NotFound => {
                continue
            }
            Err(error) => {
                let message = format!("cannot read directory: {error}");
                problems.push(Diagnostic::new(&current, Location::default(), message));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
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
