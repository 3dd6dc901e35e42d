//! Generates the client from `../spec` into `OUT_DIR` on every spec change.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let spec_dir = manifest_dir.join("../spec");
    println!("cargo:rerun-if-changed={}", spec_dir.display());

    match lfgen::generate_to_file(&spec_dir, &out_dir.join("linksfield.rs")) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            for line in error.to_string().lines() {
                println!("cargo::error={line}");
            }
            ExitCode::FAILURE
        }
    }
}
