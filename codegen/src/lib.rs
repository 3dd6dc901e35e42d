//! lfgen: turns the YAML description of the Linksfield API into a typed, validated, signed
//! Rust client.
//!
//! A build script generates a client from a spec directory with one call, and the crate
//! `include!`s the result (depend on lfgen with `default-features = false`: the library
//! alone):
//!
//! ```no_run
//! # let (spec_dir, out_dir) = (std::path::Path::new("spec"), std::path::Path::new("out"));
//! lfgen::generate_to_file(spec_dir, &out_dir.join("linksfield.rs")).expect("spec/ generates");
//! ```
//!
//! The `linksfield` crate itself does not: its generated code is checked in
//! (`generated-client/src/generated.rs`), so that its users' builds run no generator.
//!
//! # The maintainer's loop
//!
//! A changed docs page first: `lfgen import --check spec PAGE` (the `import` module,
//! feature `import`) says what the saved page states that the spec does not, and
//! `lfgen import PAGE` drafts the endpoint file to review against the spec's. Then edit
//! the spec, lint, regenerate, review, commit: [`lint_dir`] (the `lfgen lint spec`
//! command) reports every problem as `file:line:column: message`; [`generate_to_file`]
//! (`lfgen generate spec --out generated-client/src/generated.rs`, which the workspace's
//! `tests/regen.sh` runs for the client and the fixture spec) rewrites the checked-in code,
//! whose diff is reviewed beside the spec's; `lfgen diff --git main spec` (the `diff`
//! module, feature `diff`) says what the change does to the generated crate's users, and
//! the snapshot tests show it endpoint by endpoint.
//!
//! # Features
//!
//! - `cli` (default): the `lfgen` binary; enables `schema`, `diff`, `openapi` and `import`. A build
//!   script depends on lfgen with `default-features = false`.
//! - `schema`: JSON Schemas of the spec files, for editors.
//! - `diff`: what changed in meaning between two specs.
//! - `openapi`: the spec as an OpenAPI 3.1 document.
//! - `import`: endpoint drafts from docs pages saved as text or OpenAPI documents, and
//!   the drift check of saved pages against the spec (enables `diff`).
//!
//! # The pipeline
//!
//! One module per phase: [`spec`] (what the YAML says, with positions) →
//! [`lint`] (every problem as `file:line:column`) → `ir` (names, types and docs decided
//! once) → `emit` (tokens per output kind) → `format` (prettyplease). The crate root's
//! functions run them; the later phases are public only for the workspace's tests and
//! benches, hidden, without a stability promise.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

pub mod coverage;
pub mod diagnostic;
#[cfg(feature = "diff")]
#[cfg_attr(docsrs, doc(cfg(feature = "diff")))]
pub mod diff;
// Hidden phases: the workspace's snapshot tests and the generation bench call them one
// by one; a build script or a tool needs only the crate root's functions.
#[doc(hidden)]
pub mod emit;
#[doc(hidden)]
pub mod format;
#[cfg(feature = "import")]
#[cfg_attr(docsrs, doc(cfg(feature = "import")))]
pub mod import;
#[doc(hidden)]
pub mod ir;
pub mod lint;
#[cfg(feature = "openapi")]
#[cfg_attr(docsrs, doc(cfg(feature = "openapi")))]
pub mod openapi;
pub mod output;
mod parallel;
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub mod schema;
pub mod spec;
// Benchmark-only (synthetic specs of any size): hidden, not part of the API.
#[doc(hidden)]
pub mod synthetic;

use std::fmt;
use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use emit::{Generated, Section};

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The spec has problems; each names its file, line and column.
    Spec(Diagnostics),
    /// The emitters produced tokens that do not parse as Rust: a bug in lfgen.
    Emit(syn::Error),
    /// Writing the output failed; names the path.
    Output(output::OutputError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(problems) => write!(f, "{problems}"),
            Error::Emit(error) => write!(f, "lfgen emitted invalid Rust (a bug in lfgen): {error}"),
            Error::Output(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {}

/// Loads and lints the spec directory, returning every problem found.
pub fn lint_dir(spec_dir: &Path) -> Diagnostics {
    match spec::load_dir(spec_dir) {
        Ok(spec) => lint::check(&spec),
        Err(problems) => problems,
    }
}

/// Loads, lints and resolves the spec directory, then emits the client source.
pub fn generate_dir(spec_dir: &Path) -> Result<Generated, Error> {
    emit::generate(&resolve_dir(spec_dir)?).map_err(Error::Emit)
}

/// Loads, lints and resolves the spec directory. Only the IR is returned: it holds all
/// the emitters read, so the spec's memory is not kept through emitting.
fn resolve_dir(spec_dir: &Path) -> Result<ir::Api, Error> {
    let spec = spec::load_dir(spec_dir).map_err(Error::Spec)?;
    ir::build(&spec).map_err(Error::Spec)
}

/// Generates the client source for `spec_dir` into `out_path`, atomically: on any failure
/// the previous content of `out_path` (or its absence) is left as it was. The file's
/// header names both paths as given ([`Generated::file_source`] is the same text).
pub fn generate_to_file(spec_dir: &Path, out_path: &Path) -> Result<(), Error> {
    // Reserved first: an unwritable output fails before any work, and an interrupted
    // run leaves nothing behind (see `output`).
    let pending = output::PendingOutput::create(out_path).map_err(Error::Output)?;
    let api = resolve_dir(spec_dir)?;
    // Written section by section as they are formatted, never joined in memory.
    let mut emit_error = None;
    let header = emit::file_header(spec_dir, out_path);
    let written = pending.commit_written(|out| {
        emit::write_source(&api, &header, out).map_err(|error| match error {
            emit::WriteError::Io(error) => error,
            emit::WriteError::Emit(error) => {
                emit_error = Some(error);
                std::io::Error::other("lfgen emitted invalid Rust")
            }
        })
    });
    match (written, emit_error) {
        (_, Some(error)) => Err(Error::Emit(error)),
        (written, None) => written.map_err(Error::Output),
    }
}
