//! Examples checked against the declared fields.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::spec::{DataKind, EndpointDoc, FamilyDoc, FieldDoc, Loaded, Shape, Spec, WireType};

pub(super) fn check_examples(
    endpoint: &Loaded<EndpointDoc>,
    family: &FamilyDoc,
    common: &BTreeSet<&str>,
    spec: &Spec,
    problems: &mut Diagnostics,
) {
    let doc = &endpoint.doc;
    if let Some(text) = &doc.examples.request {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => {
                let mut check = ExampleCheck::new(spec, "request");
                check.object("", &doc.request.fields, &object, common);
                for message in check.problems {
                    problems.push(endpoint.diagnostic("examples.request", message));
                }
            }
            Ok(_) => problems.push(
                endpoint.diagnostic("examples.request", "request example must be a JSON object"),
            ),
            Err(error) => {
                let message = format!("request example is not valid JSON: {error}");
                problems.push(endpoint.diagnostic("examples.request", message));
            }
        }
    }
    if let Some(text) = &doc.examples.response {
        let data_field = family.envelope.data_field.as_str();
        let mut check = ExampleCheck::new(spec, "response");
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(envelope)) => match (doc.response.data, envelope.get(data_field)) {
                (DataKind::Object, Some(Value::Object(data))) => {
                    for (i, field) in doc.response.fields.iter().enumerate() {
                        if !data.contains_key(&field.name) {
                            let message = format!(
                                "response field `{}` appears in no response example",
                                field.name
                            );
                            let hint = "add it to the example, or explain under `notes:` why the page lists it";
                            let at = format!("response.fields[{i}].name");
                            problems.push(endpoint.diagnostic(&at, message).with_hint(hint));
                        }
                    }
                    check.object("", &doc.response.fields, data, &BTreeSet::new());
                }
                (DataKind::Array, Some(data @ Value::Array(_))) => {
                    if let Some(items) = &doc.response.items {
                        let shape = walk_array_of(items);
                        check.value(data_field, shape, true, data);
                    }
                }
                (DataKind::Null, None | Some(Value::Null)) | (DataKind::Undocumented, _) => {}
                _ => {
                    let message =
                        format!("response example's `{data_field}` does not match `response.data`");
                    problems.push(endpoint.diagnostic("examples.response", message));
                }
            },
            Ok(_) => problems.push(endpoint.diagnostic(
                "examples.response",
                "response example must be a JSON object",
            )),
            Err(error) => {
                let message = format!("response example is not valid JSON: {error}");
                problems.push(endpoint.diagnostic("examples.response", message));
            }
        }
        for message in check.problems {
            problems.push(endpoint.diagnostic("examples.response", message));
        }
    }
}

/// The shape of a whole `data: array`, for checking it like an array field.
fn walk_array_of(items: &crate::spec::ItemsDoc) -> Shape<'_> {
    Shape {
        wire_type: WireType::Array,
        format: None,
        type_name: None,
        description: None,
        enum_values: &[],
        fields: &[],
        reference: None,
        items: Some(items),
    }
}

/// Checks an example against the declared fields, recursing into arrays and objects.
pub(super) struct ExampleCheck<'a> {
    spec: &'a Spec,
    /// `request` or `response`, for the messages.
    side: &'static str,
    pub(super) problems: Vec<String>,
}

impl<'a> ExampleCheck<'a> {
    pub(super) fn new(spec: &'a Spec, side: &'static str) -> Self {
        Self {
            spec,
            side,
            problems: Vec::new(),
        }
    }

    fn is_request(&self) -> bool {
        self.side == "request"
    }

    /// An object's keys against `fields`; `path` is the object's own path ("" at the top).
    pub(super) fn object(
        &mut self,
        path: &str,
        fields: &[FieldDoc],
        object: &serde_json::Map<String, Value>,
        skip: &BTreeSet<&str>,
    ) {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        for (key, value) in object {
            if skip.contains(key.as_str()) {
                continue;
            }
            match fields.iter().find(|f| f.name == *key) {
                None => {
                    let message = if self.is_request() {
                        format!(
                            "request example sends `{}`, which is not a declared field",
                            join(key)
                        )
                    } else {
                        format!(
                            "response example has `{}`, which is not a declared field",
                            join(key)
                        )
                    };
                    self.problems.push(message);
                }
                Some(field) => {
                    let required = field.is_required(self.is_request());
                    self.value(&join(key), field.shape(), required, value);
                }
            }
        }
        if self.is_request() {
            for field in fields {
                if field.required == Some(true) && !object.contains_key(&field.name) {
                    let message = format!(
                        "request example lacks required field `{}`",
                        join(&field.name)
                    );
                    self.problems.push(message);
                }
            }
        }
    }

    pub(super) fn value(&mut self, path: &str, shape: Shape, required: bool, value: &Value) {
        let side = self.side;
        if value.is_null() {
            return;
        }
        let fits = match shape.wire_type {
            WireType::String => value.is_string(),
            WireType::Integer => value.is_i64() || value.is_u64(),
            WireType::Number => value.is_number(),
            WireType::Boolean => value.is_boolean(),
            WireType::Array => value.is_array(),
            WireType::Object => value.is_object(),
        };
        if !fits {
            let message = format!(
                "{side} example's `{path}` is not of type {:?}",
                shape.wire_type
            );
            self.problems.push(message);
            return;
        }
        match value {
            Value::Array(elements) => {
                if let Some(items) = shape.items {
                    for (i, element) in elements.iter().enumerate() {
                        self.value(&format!("{path}[{i}]"), items.shape(), true, element);
                    }
                }
            }
            Value::Object(object) => {
                let fields = match shape.reference {
                    Some(reference) => match self.spec.shared_type(reference) {
                        Some(shared) => shared.doc.fields.as_slice(),
                        None => return,
                    },
                    None => shape.fields,
                };
                self.object(path, fields, object, &BTreeSet::new());
            }
            Value::String(text) => {
                let empty_optional = text.is_empty() && !(required && self.is_request());
                // Responses are checked for shape only: the server is seen sending dates
                // in more forms than the documented format.
                if let Some(format) = shape.format.filter(|_| self.is_request()) {
                    if !empty_optional && !format.accepts(text) {
                        let message = format!(
                            "{side} example's `{path}` is {text:?}, not {}",
                            format.description()
                        );
                        self.problems.push(message);
                    }
                }
                if !shape.enum_values.is_empty()
                    && !empty_optional
                    && !shape.enum_values.iter().any(|v| v.value == *text)
                {
                    let message = format!(
                        "{side} example's `{path}` is `{text}`, not one of its enum values"
                    );
                    self.problems.push(message);
                }
            }
            _ => {}
        }
    }
}
