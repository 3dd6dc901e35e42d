//! `lfgen import`: from the vendor's docs pages (saved as text) or an OpenAPI document to
//! endpoint drafts in the spec's own format, and `lfgen import --check`: whether saved
//! pages say something the spec does not.
//!
//! Reading (`page`, `table`, `openapi`) → one neutral [`model::Operation`] per endpoint
//! (`from_page`, `nesting`, `enums`, `infer`: everything inferred carries a note) →
//! writing (`draft`) or comparing with the spec through `lfgen diff`'s rules (`check`).

pub mod check;
mod draft;
mod enums;
mod from_page;
mod infer;
mod json_text;
pub mod model;
mod nesting;
mod openapi;
mod page;
mod table;
mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
pub use model::Operation;
pub use write::write_drafts;

/// The largest docs page or OpenAPI document `lfgen import` reads: 32 MiB. Apifox
/// exports of a whole project exceed the 2 MiB of a spec file
/// ([`crate::spec::MAX_FILE_BYTES`]); a parsed document takes several times its size.
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// What an input is, in the size error.
const INPUT_KIND: &str = "a docs page or OpenAPI document";

/// Whether `name` is an endpoint or family name (`[a-z][a-z0-9_]*`): a file or folder
/// name that stays under `--out`, is not hidden, and that the spec loader reads. The
/// linter's rule for those names, so a draft's name always lints.
pub fn is_name(name: &str) -> bool {
    crate::lint::is_snake_identifier(name)
}

/// How to read the inputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The family of every operation, instead of telling it from the page.
    pub family: Option<String>,
    /// The runtime-filled body fields per family (`common_fields:` of the spec's
    /// families); when a family is missing, the built-in table (`csss`: `access_code`,
    /// `timestamp`, `version`, `sign`; `esim_mall`: none).
    pub runtime_fields: BTreeMap<String, Vec<String>>,
}

impl Options {
    fn runtime_fields(&self, family: &str) -> Vec<String> {
        if let Some(fields) = self.runtime_fields.get(family) {
            return fields.clone();
        }
        infer::RUNTIME_FIELDS
            .iter()
            .find(|(name, _)| *name == family)
            .map(|(_, fields)| fields.iter().map(|f| f.to_string()).collect())
            .unwrap_or_default()
    }

    /// Options that drop the runtime fields `spec`'s families declare.
    pub fn with_spec_families(mut self, spec: &crate::spec::Spec) -> Self {
        for family in &spec.families {
            let fields = family.doc.common_fields.iter().map(|f| f.name.clone());
            self.runtime_fields
                .insert(family.doc.name.clone(), fields.collect());
        }
        self
    }
}

/// One endpoint draft: its operation and its YAML text.
#[derive(Debug, Clone)]
pub struct Draft {
    /// What was read.
    pub operation: Operation,
    /// Where it came from.
    pub source: PathBuf,
    /// The endpoint file's text.
    pub yaml: String,
}

impl Draft {
    /// Its path under an output directory: `<family>/<name>.yaml`, like `spec/endpoints/`.
    pub fn relative_path(&self) -> PathBuf {
        Path::new(&self.operation.family).join(format!("{}.yaml", self.operation.name))
    }
}

/// The drafts of one input file: a docs page (one draft) or an OpenAPI document (one per
/// operation). Errors name the file and the line (or JSON pointer) of the problem.
pub fn import_file(file: &Path, options: &Options) -> Result<Vec<Draft>, Diagnostic> {
    let text = crate::spec::read_text_within(file, MAX_INPUT_BYTES, INPUT_KIND)?;
    import_text(file, &text, options)
}

/// [`import_file`] on text already read.
pub fn import_text(file: &Path, text: &str, options: &Options) -> Result<Vec<Draft>, Diagnostic> {
    let at = |line: usize| Location { line, column: 1 };
    let operations = if openapi::looks_like(text) {
        openapi::read(file, text, options)?
    } else {
        let page =
            page::read(text).map_err(|(line, message)| Diagnostic::new(file, at(line), message))?;
        let operation = from_page::operation(page, options)
            .map_err(|(line, message)| Diagnostic::new(file, at(line), message))?;
        vec![operation]
    };
    let source = file.display().to_string();
    Ok(operations
        .into_iter()
        .map(|operation| Draft {
            yaml: draft::write(&operation, &source),
            operation,
            source: file.to_path_buf(),
        })
        .collect())
}

/// Every draft of `files`, or the first problem; two drafts of one endpoint are refused.
pub fn import_files(files: &[PathBuf], options: &Options) -> Result<Vec<Draft>, Diagnostic> {
    let mut drafts: Vec<Draft> = Vec::new();
    // Each draft's path and its index: a lookup, not a comparison with every earlier one
    // (10,000 operations took 72 s pairwise).
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    for file in files {
        for draft in import_file(file, options)? {
            if let Some(&earlier) = seen.get(&draft.relative_path()) {
                return Err(duplicate(file, &draft, &drafts[earlier]));
            }
            seen.insert(draft.relative_path(), drafts.len());
            drafts.push(draft);
        }
    }
    Ok(drafts)
}

/// `draft` of `file` is the endpoint `earlier` already drafted.
fn duplicate(file: &Path, draft: &Draft, earlier: &Draft) -> Diagnostic {
    let message = format!(
        "{} {} is also imported from {}",
        draft.operation.method.as_str(),
        draft.operation.path,
        earlier.source.display()
    );
    let at = Location {
        line: draft.operation.line,
        column: 1,
    };
    Diagnostic::new(file, at, message)
}

#[cfg(test)]
mod tests;
