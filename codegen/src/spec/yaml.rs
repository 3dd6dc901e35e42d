//! The one place that parses YAML: typed documents through serde, source positions through
//! a marked event parser, both over yaml-rust2's parser. Swapping the YAML crate touches
//! only this module.

mod de;

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::guard;
use crate::diagnostic::{Diagnostic, Location};

/// Where each node of a YAML document starts, keyed by its path
/// (`request.fields[2].enum[0].value`).
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    nodes: BTreeMap<String, Location>,
}

impl SpanIndex {
    /// The position of the node at `path`, or of its nearest ancestor that exists.
    pub fn locate(&self, path: &str) -> Location {
        let mut path = path;
        loop {
            if let Some(location) = self.nodes.get(path) {
                return *location;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => {
                    let start = Location { line: 1, column: 1 };
                    return self.nodes.get("").copied().unwrap_or(start);
                }
            }
        }
    }
}

/// Parses `text` (read from `file`) into `T`; errors carry their position.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    guard::check(text)
        .map_err(|refusal| Diagnostic::new(file, refusal.location, refusal.message))?;
    de::from_str::<T>(text).map_err(|error| to_diagnostic(file, text, error))
}

fn to_diagnostic(file: &Path, text: &str, error: de::Error) -> Diagnostic {
    let location = error.location.unwrap_or(Location { line: 1, column: 1 });
    let message = error.message;
    // serde places a repeated key at the start of its mapping: point at the key itself.
    let location = match message.contains("duplicate field `") {
        true => guard::duplicate_key(text, location).unwrap_or(location),
        false => location,
    };
    Diagnostic::new(file, location, message)
}

/// Where each node of `text` starts (a second, positional parse).
pub fn index_spans(text: &str) -> Result<SpanIndex, String> {
    let mut recorder = SpanRecorder::default();
    Parser::new_from_str(text)
        .load(&mut recorder, false)
        .map_err(|error| error.to_string())?;
    Ok(SpanIndex {
        nodes: recorder.nodes,
    })
}

enum Frame {
    /// `started` is false until the first key: block mappings are marked at a later
    /// column, so a mapping is located at its first key instead.
    Mapping {
        key: Option<String>,
        started: bool,
    },
    Sequence {
        index: usize,
    },
}

#[derive(Default)]
struct SpanRecorder {
    stack: Vec<Frame>,
    nodes: BTreeMap<String, Location>,
}

impl SpanRecorder {
    fn current_path(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Mapping { key: Some(key), .. } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Frame::Mapping { key: None, .. } => {}
                Frame::Sequence { index } => path.push_str(&format!("[{index}]")),
            }
        }
        path
    }

    fn record_value(&mut self, mark: Marker) {
        let location = Location {
            line: mark.line(),
            column: mark.col() + 1,
        };
        self.nodes.entry(self.current_path()).or_insert(location);
    }

    /// Moves the enclosing collection past the value that just ended.
    fn finish_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { index }) => *index += 1,
            None => {}
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }))
    }
}

impl MarkedEventReceiver for SpanRecorder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) if self.expecting_key() => {
                let location = Location {
                    line: mark.line(),
                    column: mark.col() + 1,
                };
                let mapping_path = self.current_path();
                if let Some(Frame::Mapping { key, started }) = self.stack.last_mut() {
                    *key = Some(value);
                    if !*started {
                        *started = true;
                        self.nodes.insert(mapping_path, location);
                    }
                }
                // A key's position is where its value's problems are best reported when the
                // value spans several lines.
                self.record_value(mark);
            }
            Event::Scalar(..) | Event::Alias(..) => {
                self.record_value(mark);
                self.finish_value();
            }
            Event::MappingStart(..) => {
                self.record_value(mark);
                self.stack.push(Frame::Mapping {
                    key: None,
                    started: false,
                });
            }
            Event::SequenceStart(..) => {
                self.record_value(mark);
                self.stack.push(Frame::Sequence { index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.finish_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_nodes_by_path() {
        let text =
            "name: x\nrequest:\n  fields:\n    - name: a\n    - name: b\n      type: string\n";
        let spans = index_spans(text).unwrap();
        assert_eq!(spans.locate("name"), Location { line: 1, column: 1 });
        assert_eq!(
            spans.locate("request.fields[1].type"),
            Location { line: 6, column: 7 }
        );
        // A missing child falls back to its parent.
        assert_eq!(
            spans.locate("request.fields[1].enum[3]"),
            Location { line: 5, column: 7 }
        );
    }

    #[test]
    fn reports_serde_errors_with_position() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Doc {
            name: String,
        }
        let error = parse::<Doc>(Path::new("x.yaml"), "name: a\nnmae: b\n").unwrap_err();
        assert_eq!(error.location, Location { line: 2, column: 1 });
        assert!(
            error.message.contains("unknown field `nmae`"),
            "{}",
            error.message
        );
    }
}
