//! `lfgen lint`, `generate`, `diff`, `openapi`, `import` and `schema`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use lfgen::diff::{self, OutputFormat, Severity};

/// Generation allocates for every token it emits, parses and prints; mimalloc makes it
/// about a quarter faster than the system allocator (BENCHMARKS.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options, set through its C API (the `mimalloc` crate names them only with
/// its `extended` feature, which this crate does not enable).
#[cfg(feature = "mimalloc")]
mod allocator {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay` in mimalloc v3's `mi_option_t` (`include/mimalloc.h`):
    /// how many milliseconds freed memory stays committed before it is returned.
    const PURGE_DELAY: c_int = 15;

    extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
        #[cfg(test)]
        fn mi_option_get(option: c_int) -> c_long;
    }

    /// Returns freed memory to the system after 5 ms instead of mimalloc v3's default of
    /// one second, longer than a whole generation. Generation frees the tokens and syntax trees of every part it
    /// formats at a high rate; with the default delay, a 1,000-endpoint spec's peak RSS
    /// was about twice its peak heap (95 MB for 37 MiB), and 75 MB with this one, at the
    /// same speed (BENCHMARKS.md, section 1).
    pub fn return_freed_memory_sooner() {
        // SAFETY: sets a documented option by its index; any value is valid.
        unsafe { mi_option_set(PURGE_DELAY, 5) }
    }

    #[cfg(test)]
    mod tests {
        /// Ties the hand-copied index to the linked library: the option at it has the
        /// purge delay's default (`src/options.c`: 1,000 ms), and the one after it
        /// `use_numa_nodes`' (0); an index shifted by a new mimalloc reads other options.
        #[test]
        fn the_index_is_the_purge_delay() {
            // SAFETY: reads an option by its index.
            let (delay, next) = unsafe {
                (
                    super::mi_option_get(super::PURGE_DELAY),
                    super::mi_option_get(super::PURGE_DELAY + 1),
                )
            };
            assert_eq!((delay, next), (1000, 0));
        }
    }
}

#[derive(Parser)]
#[command(
    name = "lfgen",
    version,
    about = "Generate the Linksfield API client from its YAML spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the spec; print every problem as `file:line:column: message`.
    Lint {
        /// The spec directory (holding `families/` and `endpoints/`).
        spec_dir: PathBuf,
    },
    /// Write the client source (`linksfield`'s checked-in `src/generated.rs` is
    /// `lfgen generate spec --out generated-client/src/generated.rs`).
    Generate {
        /// The spec directory (holding `families/` and `endpoints/`).
        spec_dir: PathBuf,
        /// Output file; written atomically, so a failure leaves it untouched.
        #[arg(long)]
        out: PathBuf,
    },
    /// Report what changed in meaning between two specs, classified by its effect on
    /// users of the generated crate. Exit status: 0 nothing breaks, 1 something breaks,
    /// 2 bad input.
    Diff {
        /// OLD then NEW (directories or single endpoint files); with `--git`, only NEW
        /// (default `spec`).
        #[arg(num_args = 0..=2)]
        paths: Vec<PathBuf>,
        /// Compare the spec at this git revision (OLD) with the working tree (NEW).
        #[arg(long, value_name = "REV")]
        git: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write an OpenAPI 3.1 document of the whole spec.
    Openapi {
        spec_dir: PathBuf,
        /// Output file (atomic); standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Draft endpoint files from docs pages saved as text or OpenAPI documents (JSON or
    /// YAML); with `--check`, report where saved pages say something the spec does not.
    /// Exit status: 0 done (no drift), 1 drift (with --check), 2 bad input.
    Import {
        /// The pages or OpenAPI documents; with `--check`, SPEC_DIR first.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Compare the pages with the spec (the first path) instead of drafting.
        #[arg(long)]
        check: bool,
        /// The family of every operation, instead of telling it from the input.
        #[arg(long, value_name = "NAME", value_parser = family_name)]
        family: Option<String>,
        /// Write each draft to DIR/<family>/<name>.yaml (atomically) instead of printing.
        #[arg(long, value_name = "DIR", conflicts_with = "check")]
        out: Option<PathBuf>,
        /// Replace drafts that already exist under --out.
        #[arg(long, requires = "out")]
        overwrite: bool,
        /// The findings' format with --check (as `lfgen diff`).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the JSON Schema of a spec file kind, for editors.
    Schema {
        #[arg(value_enum, default_value_t = SchemaKind::Endpoint)]
        kind: SchemaKind,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Endpoint,
    Family,
    Catalog,
    /// `spec/types/*.yaml`.
    Type,
    /// `spec/notifications/*.yaml`.
    Notification,
    /// `spec/notify.yaml`.
    Notify,
}

/// The exit status of a run interrupted by Ctrl-C or SIGTERM (128 + SIGINT, as shells do).
const INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    allocator::return_freed_memory_sooner();
    // An interrupted run exits without destructors: remove what it was writing first.
    let cleanup = ctrlc::set_handler(|| {
        lfgen::output::remove_pending_files();
        std::process::exit(INTERRUPTED);
    });
    if let Err(error) = cleanup {
        eprintln!("warning: an interrupted run may leave a temporary file: {error}");
    }
    match Cli::parse().command {
        Command::Lint { spec_dir } => lint(&spec_dir),
        Command::Generate { spec_dir, out } => match lfgen::generate_to_file(&spec_dir, &out) {
            Ok(()) => {
                println!("wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error.to_string(), ExitCode::FAILURE),
        },
        Command::Diff { paths, git, format } => run_diff(&paths, git.as_deref(), format),
        Command::Openapi { spec_dir, out } => openapi(&spec_dir, out.as_deref()),
        Command::Import {
            files,
            check,
            family,
            out,
            overwrite,
            format,
        } => {
            let options = lfgen::import::Options {
                family,
                ..Default::default()
            };
            match check {
                true => import_check(&files, options, format),
                false => import(&files, &options, out.as_deref(), overwrite),
            }
        }
        Command::Schema { kind } => {
            let schema = match kind {
                SchemaKind::Endpoint => lfgen::schema::endpoint(),
                SchemaKind::Family => lfgen::schema::family(),
                SchemaKind::Catalog => lfgen::schema::catalog(),
                SchemaKind::Type => lfgen::schema::shared_type(),
                SchemaKind::Notification => lfgen::schema::notification(),
                SchemaKind::Notify => lfgen::schema::notify(),
            };
            print!("{schema}");
            ExitCode::SUCCESS
        }
    }
}

fn lint(spec_dir: &Path) -> ExitCode {
    let problems = lfgen::lint_dir(spec_dir);
    if problems.is_empty() {
        println!("{}: no problems", spec_dir.display());
        if let Some(coverage) = lfgen::spec::load_dir(spec_dir)
            .ok()
            .as_ref()
            .and_then(lfgen::coverage::coverage)
        {
            println!("{coverage}");
        }
        ExitCode::SUCCESS
    } else {
        eprint!("{problems}");
        eprintln!("{} problem(s)", problems.0.len());
        ExitCode::FAILURE
    }
}

fn run_diff(paths: &[PathBuf], git: Option<&str>, format: Format) -> ExitCode {
    let bad_input = ExitCode::from(2);
    let (old_dir, new_path) = match (git, paths) {
        (Some(revision), [] | [_]) => {
            let new_path = paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("spec"));
            match diff::git::spec_at_revision(revision, &new_path) {
                Ok(dir) => (Some(dir), new_path),
                Err(error) => return fail(&error, bad_input),
            }
        }
        (None, [_, _]) => (None, paths[1].clone()),
        _ => return fail("give OLD and NEW, or --git REV [NEW]", bad_input),
    };
    let old_path = old_dir
        .as_ref()
        .map(|d| d.path().to_path_buf())
        .unwrap_or_else(|| paths[0].clone());
    let load = |path: &Path| lfgen::spec::load_path(path).map_err(|problems| problems.to_string());
    let (old, new) = match (load(&old_path), load(&new_path)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(problems), _) | (_, Err(problems)) => return fail(&problems, bad_input),
    };
    let findings = diff::compare(&old, &new);
    print!("{}", diff::render(&findings, output_format(format)));
    if findings.iter().any(|f| f.severity == Severity::Breaking) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn import(
    files: &[PathBuf],
    options: &lfgen::import::Options,
    out: Option<&Path>,
    overwrite: bool,
) -> ExitCode {
    let bad_input = ExitCode::from(2);
    let drafts = match lfgen::import::import_files(files, options) {
        Ok(drafts) => drafts,
        Err(problem) => return fail(&problem.to_string(), bad_input),
    };
    match out {
        None => {
            for draft in &drafts {
                println!("# ==> {}", draft.relative_path().display());
                print!("{}", draft.yaml);
            }
            ExitCode::SUCCESS
        }
        Some(out) => match lfgen::import::write_drafts(&drafts, out, overwrite) {
            Ok(paths) => {
                for path in paths {
                    println!("wrote {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(problem) => fail(&problem, bad_input),
        },
    }
}

fn import_check(paths: &[PathBuf], options: lfgen::import::Options, format: Format) -> ExitCode {
    let bad_input = ExitCode::from(2);
    let [spec_dir, pages @ ..] = paths else {
        return fail("give SPEC_DIR then the pages", bad_input);
    };
    if pages.is_empty() {
        return fail("give the pages to check after SPEC_DIR", bad_input);
    }
    let spec = match lfgen::spec::load_dir(spec_dir) {
        Ok(spec) => spec,
        Err(problems) => return fail(&problems.to_string(), bad_input),
    };
    let options = options.with_spec_families(&spec);
    let findings = lfgen::import::import_files(pages, &options)
        .and_then(|drafts| lfgen::import::check::check(&spec, &drafts));
    let findings = match findings {
        Ok(findings) => findings,
        Err(problem) => return fail(&problem.to_string(), bad_input),
    };
    print!("{}", diff::render(&findings, output_format(format)));
    match findings.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

fn output_format(format: Format) -> OutputFormat {
    match format {
        Format::Text => OutputFormat::Text,
        Format::Markdown => OutputFormat::Markdown,
        Format::Json => OutputFormat::Json,
        Format::Github => OutputFormat::Github,
    }
}

fn openapi(spec_dir: &Path, out: Option<&Path>) -> ExitCode {
    let spec = match lfgen::spec::load_dir(spec_dir) {
        Ok(spec) => spec,
        Err(problems) => return fail(&problems.to_string(), ExitCode::FAILURE),
    };
    let api = match lfgen::ir::build(&spec) {
        Ok(api) => api,
        Err(problems) => return fail(&problems.to_string(), ExitCode::FAILURE),
    };
    let document = lfgen::openapi::render(&spec, &api);
    match out {
        None => {
            print!("{document}");
            ExitCode::SUCCESS
        }
        Some(out) => match lfgen::output::write_atomically(out, document.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error.to_string(), ExitCode::FAILURE),
        },
    }
}

/// `--family`: a name (`[a-z][a-z0-9_]*`), since it becomes a folder under `--out`.
fn family_name(text: &str) -> Result<String, String> {
    match lfgen::import::is_name(text) {
        true => Ok(text.to_string()),
        false => Err("a family name is [a-z][a-z0-9_]* (e.g. csss, esim_mall)".into()),
    }
}

fn fail(message: &str, code: ExitCode) -> ExitCode {
    eprint!("{message}");
    if !message.ends_with('\n') {
        eprintln!();
    }
    code
}
