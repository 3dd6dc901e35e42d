//! Generates the client from `../spec` into `OUT_DIR` on every spec change.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let spec_dir = manifest_dir.join("../spec");
    println!("cargo:rerun-if-changed={}", spec_dir.display());

    // A small spec of generator paths the real spec does not use yet (response enums),
    // compiled into the crate's unit tests only.
    let fixture_dir = manifest_dir.join("tests/fixture-spec");
    println!("cargo:rerun-if-changed={}", fixture_dir.display());
    let generated = lfgen::generate_to_file(&spec_dir, &out_dir.join("linksfield.rs"))
        .and_then(|()| lfgen::generate_to_file(&fixture_dir, &out_dir.join("fixture.rs")));
    match generated {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            for line in error.to_string().lines() {
                println!("cargo::error={line}");
            }
            ExitCode::FAILURE
        }
    }
}
