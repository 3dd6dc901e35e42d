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

/// A large spec's CLI section is emitted and formatted in parts (on every core); joined,
/// the parts are byte for byte the section formatted as one file.
#[test]
fn a_section_formatted_in_parts_equals_the_section_formatted_whole() {
    let dir = tempfile::tempdir().unwrap();
    lfgen::synthetic::write_spec(dir.path(), 70).unwrap();
    let spec = lfgen::spec::load_dir(dir.path()).unwrap();
    let api = lfgen::ir::build(&spec).unwrap();
    let cli_parts: Vec<_> = lfgen::emit::tokens(&api)
        .into_iter()
        .filter(|(name, _)| name == "cli")
        .map(|(_, tokens)| tokens)
        .collect();
    assert!(
        cli_parts.len() > 2,
        "70 endpoints should take several parts"
    );
    let whole = lfgen::format::rust(cli_parts.into_iter().collect()).unwrap();
    let generated = lfgen::emit::generate(&api).unwrap();
    assert_eq!(generated.section("cli"), Some(whole.as_str()));
    let names: Vec<&str> = generated.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.iter().filter(|name| **name == "cli").count(), 1);
}
