//! `lfgen lint SPEC_DIR` and `lfgen generate SPEC_DIR --out FILE`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Write the client source that the `linksfield` crate's build script generates.
    Generate {
        /// The spec directory (holding `families/` and `endpoints/`).
        spec_dir: PathBuf,
        /// Output file; written atomically, so a failure leaves it untouched.
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Lint { spec_dir } => {
            let problems = lfgen::lint_dir(&spec_dir);
            if problems.is_empty() {
                println!("{}: no problems", spec_dir.display());
                ExitCode::SUCCESS
            } else {
                eprint!("{problems}");
                eprintln!("{} problem(s)", problems.0.len());
                ExitCode::FAILURE
            }
        }
        Command::Generate { spec_dir, out } => match lfgen::generate_to_file(&spec_dir, &out) {
            Ok(()) => {
                println!("wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprint!("{error}");
                if !error.to_string().ends_with('\n') {
                    eprintln!();
                }
                ExitCode::FAILURE
            }
        },
    }
}
