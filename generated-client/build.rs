//! Generates the client from `spec` into `OUT_DIR` on every spec change.
//!
//! `spec` is a link to the workspace's `spec/` (the one place a maintainer edits); the
//! published crate carries a copy, so nothing outside the package directory is read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Set by the workspace's `.cargo/config.toml`: only the crate's own unit tests compile the
/// fixture spec, so a consumer's build never generates it.
const FIXTURE_ENV: &str = "LINKSFIELD_FIXTURE_SPEC";

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let spec_dir = manifest_dir.join("spec");
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    println!("cargo::rustc-check-cfg=cfg(linksfield_fixture)");
    println!("cargo:rerun-if-env-changed={FIXTURE_ENV}");

    let mut generated = lfgen::generate_to_file(&spec_dir, &out_dir.join("linksfield.rs"));

    // A small spec of generator paths the real spec does not use yet (response enums),
    // compiled into the crate's unit tests only; the published crate does not carry it.
    let fixture_dir = manifest_dir.join("tests/fixture-spec");
    if generated.is_ok() && wants_fixture(&fixture_dir) {
        println!("cargo:rerun-if-changed={}", fixture_dir.display());
        println!("cargo::rustc-cfg=linksfield_fixture");
        generated = lfgen::generate_to_file(&fixture_dir, &out_dir.join("fixture.rs"));
    }
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

fn wants_fixture(fixture_dir: &Path) -> bool {
    std::env::var_os(FIXTURE_ENV).is_some_and(|value| value == "1") && fixture_dir.is_dir()
}
