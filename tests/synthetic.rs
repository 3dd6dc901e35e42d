//! The synthetic specs the generation benchmark uses are valid specs.

#[test]
fn synthetic_spec_lints_clean_and_generates() {
    let dir = tempfile::tempdir().unwrap();
    lfgen::synthetic::write_spec(dir.path(), 12).unwrap();
    let problems = lfgen::lint_dir(dir.path());
    assert!(problems.is_empty(), "{problems}");
    let generated = lfgen::generate_dir(dir.path()).unwrap();
    // shared + one per endpoint + mock + cli
    assert_eq!(generated.sections.len(), 12 + 3);
    assert_eq!(lfgen::synthetic::endpoint(7), lfgen::synthetic::endpoint(7));
}
