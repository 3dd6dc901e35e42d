//! Whatever a pull request puts in a spec file, loading and linting it ends, without a
//! panic, with a spec or diagnostics.

use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;

const FAMILY: &str = include_str!("../../../spec/families/csss.yaml");
const ENDPOINT: &str = include_str!("../../../spec/endpoints/csss/query_order.yaml");
const TYPE: &str = include_str!("../../../spec/types/page.yaml");

/// How long one case may take before it counts as a hang (a case takes milliseconds).
const CASE_TIMEOUT: Duration = Duration::from_secs(30);

/// A spec of one family, one endpoint and one shared type, with the given texts; loaded,
/// linted and, when clean, built into the IR, on another thread that must end in time.
fn load_ends(family: Vec<u8>, endpoint: Vec<u8>, shared: Vec<u8>) {
    let dir = write_spec([family, endpoint, shared]);
    let root = dir.path().to_path_buf();
    let (done, ended) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let problems = crate::lint_dir(&root);
        if problems.is_empty() {
            let spec = super::load_dir(&root).expect("a clean spec loads");
            let _ = crate::ir::build(&spec);
        }
        let _ = done.send(());
    });
    let ended = ended.recv_timeout(CASE_TIMEOUT);
    // A panic on the worker drops the sender without sending: join reports it.
    if ended.is_ok() || worker.is_finished() {
        worker.join().expect("loading panicked");
    }
    ended.expect("loading did not end in time");
}

#[test]
fn the_unedited_files_are_a_clean_spec() {
    // So that the edits explore near-valid specs, down to the IR.
    let dir = write_spec([FAMILY, ENDPOINT, TYPE].map(|text| text.as_bytes().to_vec()));
    assert_eq!(crate::lint_dir(dir.path()), Default::default());
}

/// A spec directory holding the family, endpoint and shared type texts.
fn write_spec(texts: [Vec<u8>; 3]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "families/csss.yaml",
        "endpoints/csss/query_order.yaml",
        "types/page.yaml",
    ];
    for (file, text) in files.into_iter().zip(texts) {
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Text made of YAML's structural pieces and the spec's own keys: closer to what a parser
/// finds interesting than uniform bytes.
fn yamlish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "name", "family", "path", "method", "POST", "type", "object", "array", "items", "fields",
        "ref", "page", "request", "response", "data", "enum", "value", "required", "true", ":",
        ": ", "- ", "\n", "\n  ", "\n    ", "  ", "&a ", "*a", "[", "]", "{", "}", ",", "\"", "'",
        "#", "---", "? ", "|", ">", "!!str ", "~", "/", "..", "0000", "\u{feff}", "\t",
    ]);
    prop::collection::vec(pieces, 0..200).prop_map(|pieces| pieces.concat().into_bytes())
}

/// A real spec file with a few bytes replaced, inserted or removed.
fn mutated(text: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let edit = (any::<prop::sample::Index>(), 0u8..3, any::<u8>());
    prop::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut bytes = text.as_bytes().to_vec();
        for (at, kind, byte) in edits {
            let at = at.index(bytes.len() + 1);
            match kind {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {}
            }
        }
        bytes
    })
}

proptest! {
    // Bounded so that CI stays fast: each case writes and lints a small spec.
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_or_hang(endpoint in prop::collection::vec(any::<u8>(), 0..2048)) {
        load_ends(FAMILY.into(), endpoint, TYPE.into());
    }

    #[test]
    fn yaml_like_text_never_panics_or_hangs(family in yamlish(), endpoint in yamlish(), shared in yamlish()) {
        load_ends(family, endpoint, shared);
    }

    #[test]
    fn edited_spec_files_never_panic_or_hang(
        family in mutated(FAMILY),
        endpoint in mutated(ENDPOINT),
        shared in mutated(TYPE),
    ) {
        load_ends(family, endpoint, shared);
    }
}
