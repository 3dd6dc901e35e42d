//! What the loader refuses in a spec file's text before serde reads it, and where serde's
//! own errors are better placed.

use std::collections::BTreeSet;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, Scanner, TokenType};

use crate::diagnostic::Location;

/// Why a file is refused before it is parsed, and where.
pub struct Refusal {
    pub location: Location,
    pub message: &'static str,
}

/// How deeply YAML collections may nest in a spec file before anything builds a tree of
/// them. Parsing into a tree recurses once per level: a few KB of `- - - -` would overflow
/// the stack (an abort, not a diagnostic). Far above what a spec needs: lint refuses
/// fields nested deeper than 16 objects, each two or three YAML levels.
pub const MAX_YAML_DEPTH: usize = 64;

/// Refuses a file with no document, collections nested deeper than [`MAX_YAML_DEPTH`],
/// and any anchor or alias: a spec is reviewed as written, and aliases let a few KB
/// expand into gigabytes of generated code.
pub fn check(text: &str) -> Result<(), Refusal> {
    if is_empty(text) {
        return Err(Refusal {
            location: Location { line: 1, column: 1 },
            message: "the file is empty",
        });
    }
    too_deep(text)?;
    // Anchors start with `&`, aliases with `*`: most files hold neither character, and
    // need no second scan.
    if !text.contains(['&', '*']) {
        return Ok(());
    }
    // A syntax error ends the scan; serde then reports it.
    for token in Scanner::new(text.chars()) {
        if let TokenType::Anchor(_) | TokenType::Alias(_) = token.1 {
            return Err(Refusal {
                location: location(token.0),
                message:
                    "YAML anchors (`&name`) and aliases (`*name`) are not allowed in \
                    spec files: write each value out, so that what is reviewed is what is generated",
            });
        }
    }
    Ok(())
}

/// Walks the parser's events one by one (the event parser keeps its own stack, unlike
/// `Parser::load`, which recurses) and refuses the first collection past the limit. A
/// syntax error ends the walk; the later parse reports it.
fn too_deep(text: &str) -> Result<(), Refusal> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    while let Ok((event, mark)) = parser.next_token() {
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Err(Refusal {
                        location: location(mark),
                        message: "YAML collections are nested too deeply here (more than 64 \
                            levels); a spec nests fields at most 16 objects deep",
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(())
}

/// Whether `text` holds nothing but blank lines, comments and document markers.
fn is_empty(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#') || line == "---" || line == "...")
}

/// Where the first key repeated within one mapping is, preferring the mapping whose first
/// key is at `mapping` (serde reports a duplicate at the start of its mapping).
pub fn duplicate_key(text: &str, mapping: Location) -> Option<Location> {
    let mut finder = DuplicateFinder::default();
    // A syntax error leaves what was found before it.
    let _ = Parser::new_from_str(text).load(&mut finder, false);
    let in_mapping = finder
        .found
        .iter()
        .find(|(first, _)| *first == Some(mapping));
    in_mapping.or(finder.found.first()).map(|(_, key)| *key)
}

fn location(mark: Marker) -> Location {
    Location {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

/// One open collection: for a mapping, its keys so far, where its first key is, and
/// whether the next scalar is a key.
enum Open {
    Mapping {
        keys: BTreeSet<String>,
        first: Option<Location>,
        expecting_key: bool,
    },
    Sequence,
}

#[derive(Default)]
struct DuplicateFinder {
    stack: Vec<Open>,
    /// Each repeated key: where its mapping's first key is, and where it is.
    found: Vec<(Option<Location>, Location)>,
}

impl DuplicateFinder {
    /// A value (scalar or collection) ended: the parent mapping expects a key again.
    fn value_done(&mut self) {
        if let Some(Open::Mapping { expecting_key, .. }) = self.stack.last_mut() {
            *expecting_key = !*expecting_key;
        }
    }
}

impl MarkedEventReceiver for DuplicateFinder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Open::Mapping {
                    keys,
                    first,
                    expecting_key: true,
                }) = self.stack.last_mut()
                {
                    let at = location(mark);
                    first.get_or_insert(at);
                    if !keys.insert(value) {
                        self.found.push((*first, at));
                    }
                }
                self.value_done();
            }
            Event::Alias(_) => self.value_done(),
            Event::MappingStart(..) => self.stack.push(Open::Mapping {
                keys: BTreeSet::new(),
                first: None,
                expecting_key: true,
            }),
            Event::SequenceStart(..) => self.stack.push(Open::Sequence),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Location {
        Location { line, column }
    }

    #[test]
    fn refuses_empty_files_and_anchors() {
        for empty in ["", "\n\n", "# a comment\n", "---\n# nothing\n"] {
            assert_eq!(check(empty).unwrap_err().message, "the file is empty");
        }
        let anchored = "name: x\nnotes: &n\n  - a\ngaps: *n\n";
        assert_eq!(check(anchored).unwrap_err().location, at(2, 8));
        let aliased = "name: x\ngaps: *n\n";
        assert_eq!(check(aliased).unwrap_err().location, at(2, 7));
        // `&` and `*` inside values are text.
        assert!(check("rule: \"a&b\"\nnote: 2 * 3 & more\n").is_ok());
    }

    #[test]
    fn finds_the_repeated_key_itself() {
        let text = "a:\n  - x: 1\n    y: 2\n    x: 3\nb: 1\nb: 2\n";
        assert_eq!(duplicate_key(text, at(2, 5)), Some(at(4, 5)));
        // Another mapping's duplicate when serde's place matches none.
        assert_eq!(duplicate_key(text, at(9, 9)), Some(at(4, 5)));
        assert_eq!(duplicate_key("a: 1\n", at(1, 1)), None);
    }

    #[test]
    fn deep_nesting_is_refused_before_anything_recurses() {
        // 2 KB of block sequences once overflowed the stack inside the tree builder: run
        // the whole parse on a thread with a small stack, where that aborts the process.
        let text = format!("name: x\nbad:\n{}x\n", "- ".repeat(1_000));
        let parsed = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                crate::spec::yaml::parse::<crate::spec::TypeDoc>(
                    std::path::Path::new("t.yaml"),
                    &text,
                )
                .map(|_| ())
                .map_err(|problem| problem.to_string())
            })
            .unwrap()
            .join()
            .unwrap();
        let problem = parsed.unwrap_err();
        assert!(problem.starts_with("t.yaml:3:"), "{problem}");
        assert!(problem.contains("nested too deeply"), "{problem}");
        // The limit itself is accepted.
        let at_limit = format!("a:\n{}x\n", "- ".repeat(MAX_YAML_DEPTH - 1));
        assert!(check(&at_limit).is_ok());
    }
}
