//! serde's view of a YAML document parsed by yaml-rust2, so that one YAML parser reads both
//! the typed documents and their positions (serde_yaml, archived upstream, also linked
//! libyaml's translation). Spec files are plain data: mappings, sequences and scalars; the
//! guard has already refused anchors and aliases.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::Location;

/// A parse or type error, where it happened when known.
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub location: Option<Location>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error {
            message: message.to_string(),
            location: None,
        }
    }
}

enum Kind {
    /// The text and whether it was written plain (unquoted, not a block scalar): only
    /// plain scalars can be null, booleans or numbers.
    Scalar(String, bool),
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>),
}

struct Node {
    kind: Kind,
    at: Location,
}

fn location(mark: Marker) -> Location {
    Location {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

/// Builds the tree of the document from the parser's events.
#[derive(Default)]
struct Builder {
    /// Open collections: the node, for a mapping the key waiting for its value, and the
    /// scalar keys seen so far (a set: a linear scan per key was quadratic in a hostile
    /// file's key count).
    stack: Vec<(Node, Option<Node>, HashSet<String>)>,
    root: Option<Node>,
    documents: usize,
    /// The first problem serde cannot see: a second document, or a key repeated in a
    /// mapping that is read as a map (a struct's repeated field is serde's to report).
    problem: Option<Error>,
}

impl Builder {
    fn add(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                self.root.get_or_insert(node);
            }
            Some((parent, pending, keys)) => match &mut parent.kind {
                Kind::Sequence(items) => items.push(node),
                Kind::Mapping(entries) => match pending.take() {
                    None => {
                        // Block mappings are marked after their first key: locate a
                        // mapping at its first key, as the span index does.
                        if entries.is_empty() {
                            parent.at = node.at;
                        }
                        if let Kind::Scalar(key, _) = &node.kind {
                            let repeated = !keys.insert(key.clone());
                            if repeated && self.problem.is_none() {
                                self.problem = Some(Error {
                                    message: format!("duplicate entry with key `{key}`"),
                                    location: Some(node.at),
                                });
                            }
                        }
                        *pending = Some(node)
                    }
                    Some(key) => entries.push((key, node)),
                },
                Kind::Scalar(..) => {}
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = location(mark);
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 && self.problem.is_none() {
                    self.problem = Some(Error {
                        message: "a spec file holds one YAML document; this is a second".into(),
                        location: Some(at),
                    });
                }
            }
            Event::Scalar(text, style, ..) => {
                let plain = style == TScalarStyle::Plain;
                self.add(Node {
                    kind: Kind::Scalar(text, plain),
                    at,
                });
            }
            Event::SequenceStart(..) => self.stack.push((
                Node {
                    kind: Kind::Sequence(Vec::new()),
                    at,
                },
                None,
                HashSet::new(),
            )),
            Event::MappingStart(..) => self.stack.push((
                Node {
                    kind: Kind::Mapping(Vec::new()),
                    at,
                },
                None,
                HashSet::new(),
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, ..)) = self.stack.pop() {
                    self.add(node);
                }
            }
            _ => {}
        }
    }
}

/// Parses `text` into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut builder = Builder::default();
    Parser::new_from_str(text)
        .load(&mut builder, true)
        .map_err(|error| Error {
            message: error.info().to_string(),
            location: Some(location(*error.marker())),
        })?;
    let root = builder.root.ok_or_else(|| Error {
        message: "the file is empty or holds no document".into(),
        location: None,
    })?;
    let value = T::deserialize(&root)?;
    match builder.problem {
        Some(problem) => Err(problem),
        None => Ok(value),
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

impl Node {
    /// Attaches this node's position to an error raised while reading it (or, when the
    /// error came from a child, keeps the child's).
    fn locate(&self, mut error: Error) -> Error {
        error.location.get_or_insert(self.at);
        error
    }

    fn visit_scalar<'de, V: Visitor<'de>>(
        text: &str,
        plain: bool,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if plain {
            if is_null(text) {
                return visitor.visit_unit();
            }
            if let Some(value) = parse_bool(text) {
                return visitor.visit_bool(value);
            }
            if let Ok(value) = text.parse::<u64>() {
                return visitor.visit_u64(value);
            }
            if let Ok(value) = text.parse::<i64>() {
                return visitor.visit_i64(value);
            }
            let numeric = text.trim_start_matches(['-', '+']);
            if numeric.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
                if let Ok(value) = text.parse::<f64>() {
                    return visitor.visit_f64(value);
                }
            }
        }
        visitor.visit_str(text)
    }
}

impl<'de> de::Deserializer<'de> for &Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.kind {
            Kind::Scalar(text, plain) => Node::visit_scalar(text, *plain, visitor),
            Kind::Sequence(items) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(items.iter()))
            }
            Kind::Mapping(entries) => visitor.visit_map(de::value::MapDeserializer::new(
                entries.iter().map(|(key, value)| (key, value)),
            )),
        };
        result.map_err(|error| self.locate(error))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.kind {
            Kind::Scalar(text, true) if is_null(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Strings take any scalar as written (`order_period: 1` is the text `1`).
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.kind {
            Kind::Scalar(text, plain) if !(*plain && is_null(text)) => {
                visitor.visit_str(text).map_err(|error| self.locate(error))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = match &self.kind {
            Kind::Scalar(text, _) => visitor.visit_enum(text.as_str().into_deserializer()),
            Kind::Mapping(entries) if entries.len() == 1 => {
                visitor.visit_enum(Variant(&entries[0]))
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &visitor)),
        };
        result.map_err(|error| self.locate(error))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for &Node {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// An externally tagged variant with data: `{variant: value}`.
struct Variant<'a>(&'a (Node, Node));

impl<'de, 'a> de::EnumAccess<'de> for Variant<'a> {
    type Error = Error;
    type Variant = &'a Node;

    fn variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, &'a Node), Error> {
        let (key, value) = self.0;
        Ok((seed.deserialize(key)?, value))
    }
}

impl<'de> de::VariantAccess<'de> for &Node {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        count: Option<u32>,
        ratio: Option<f64>,
        flag: Option<bool>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        values: BTreeMap<String, String>,
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Monthly,
        Yearly,
    }

    fn at(line: usize, column: usize) -> Option<Location> {
        Some(Location { line, column })
    }

    #[test]
    fn reads_scalars_by_their_target_type() {
        let text = "name: 1\ncount: 2\nratio: 0.5\nflag: true\ntags: [a, 'b', 3]\n\
                    values: {x: \"1\", y: 2}\nkind: yearly\n";
        let doc: Doc = from_str(text).map_err(|e| e.message).unwrap();
        assert_eq!(doc.name, "1");
        assert_eq!(
            (doc.count, doc.ratio, doc.flag),
            (Some(2), Some(0.5), Some(true))
        );
        assert_eq!(doc.tags, ["a", "b", "3"]);
        assert_eq!(doc.values["y"], "2", "a string target takes the text");
        assert_eq!(doc.kind, Some(Kind::Yearly));
        let doc: Doc = from_str("name: x\ncount: ~\nkind:\n").unwrap();
        assert_eq!((doc.count, doc.kind), (None, None));
    }

    #[test]
    fn errors_name_the_node_they_are_about() {
        let error = from_str::<Doc>("name: x\ncount: many\n").unwrap_err();
        assert_eq!(error.location, at(2, 8));
        assert!(
            error.message.starts_with("invalid type: string \"many\""),
            "{}",
            error.message
        );
        let error = from_str::<Doc>("name: x\nkind: weekly\n").unwrap_err();
        assert_eq!(error.location, at(2, 7));
        assert!(
            error.message.contains("unknown variant `weekly`"),
            "{}",
            error.message
        );
        let error = from_str::<Doc>("count: 1\n").unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.location),
            ("missing field `name`", at(1, 1))
        );
        let error = from_str::<Doc>("name: [x\n").unwrap_err();
        assert!(error.location.is_some(), "{}", error.message);
    }

    #[test]
    fn refuses_a_second_document_and_a_repeated_map_key() {
        let error = from_str::<Doc>("name: x\n---\nname: y\n").unwrap_err();
        assert_eq!(error.location, at(2, 1));
        let error = from_str::<Doc>("name: x\nvalues:\n  a: 1\n  a: 2\n").unwrap_err();
        assert_eq!(
            (error.message.as_str(), error.location),
            ("duplicate entry with key `a`", at(4, 3))
        );
    }

    #[test]
    fn many_keys_are_checked_for_repeats_in_linear_time() {
        // A linear scan per key took about 1.2e9 comparisons for this 0.6 MB mapping.
        let text: String = (0..50_000).map(|i| format!("k{i}: 1\n")).collect();
        let started = std::time::Instant::now();
        let map: std::collections::BTreeMap<String, u32> = from_str(&text).unwrap();
        assert_eq!(map.len(), 50_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let repeated = format!("{text}k7: 2\n");
        let error = from_str::<std::collections::BTreeMap<String, u32>>(&repeated).unwrap_err();
        assert!(
            error.to_string().contains("duplicate entry with key `k7`"),
            "{error}"
        );
    }
}
