//! Checks of the `mock:` blocks: every field, enum value and status a declaration names
//! exists and has the type the mock's generated glue needs.

use crate::diagnostic::Diagnostics;
use crate::spec::{
    CreatesOrdersDoc, DataKind, EndpointDoc, FieldDoc, ItemsDoc, ListsDevicesDoc, ListsOrdersDoc,
    Loaded, MockBehaviourDoc, MovesOrderDoc, Spec, WireType,
};

/// Checks the endpoint's `mock:` block, if it has one.
pub fn check(endpoint: &Loaded<EndpointDoc>, spec: &Spec, problems: &mut Diagnostics) {
    let Some(mock) = &endpoint.doc.mock else {
        return;
    };
    let mut check = Check {
        endpoint,
        spec,
        problems,
    };
    let behaviours = mock.behaviours();
    let [behaviour] = behaviours[..] else {
        let message = "mock must declare exactly one of creates_orders, moves_order, lists_orders, lists_devices";
        check.problems.push(endpoint.diagnostic("mock", message));
        return;
    };
    match behaviour {
        MockBehaviourDoc::CreatesOrders(creates) => check.creates(creates),
        MockBehaviourDoc::MovesOrder(moves) => check.moves(moves),
        MockBehaviourDoc::ListsOrders(lists) => check.lists_orders(lists),
        MockBehaviourDoc::ListsDevices(lists) => check.lists_devices(lists),
    }
}

struct Check<'a> {
    endpoint: &'a Loaded<EndpointDoc>,
    spec: &'a Spec,
    problems: &'a mut Diagnostics,
}

/// A string without an enum: what holds an order id or a device.
fn is_plain_string(field: &FieldDoc) -> bool {
    field.wire_type == WireType::String && field.enum_values.is_empty()
}

impl<'a> Check<'a> {
    fn doc(&self) -> &'a EndpointDoc {
        let endpoint: &'a Loaded<EndpointDoc> = self.endpoint;
        &endpoint.doc
    }

    fn shared_type(&self, reference: &str) -> Option<&'a [FieldDoc]> {
        let spec: &'a Spec = self.spec;
        let found = spec.types.iter().find(|t| t.doc.name == reference)?;
        Some(found.doc.fields.as_slice())
    }

    fn report(&mut self, path: &str, message: String) {
        let path = format!("mock.{path}");
        self.problems.push(self.endpoint.diagnostic(&path, message));
    }

    fn request_field(&self, name: &str) -> Option<&'a FieldDoc> {
        self.doc().request.fields.iter().find(|f| f.name == name)
    }

    /// A required plain-string request field (`optional`: or an optional one).
    fn request_string(&mut self, path: &str, name: &str, optional: bool) {
        let ok = self.request_field(name).is_some_and(|field| {
            is_plain_string(field)
                && (optional || (field.required == Some(true) && !field.nullable))
        });
        if !ok {
            let kind = if optional { "" } else { "required " };
            let message = format!(
                "{path} names `{name}`, which is not a {kind}string request field without an enum"
            );
            self.report(path, message);
        }
    }

    /// The field at the dotted `path` of the response's `data` object, through shared
    /// types.
    fn response_field(&self, path: &str) -> Option<&'a FieldDoc> {
        if self.doc().response.data != DataKind::Object {
            return None;
        }
        let mut fields: &'a [FieldDoc] = &self.doc().response.fields;
        let mut found: Option<&'a FieldDoc> = None;
        for segment in path.split('.') {
            if let Some(field) = found.take() {
                fields = self.object_fields(field)?;
            }
            found = Some(fields.iter().find(|f| f.name == segment)?);
        }
        found
    }

    /// An object field's own fields, or its shared type's.
    fn object_fields(&self, field: &'a FieldDoc) -> Option<&'a [FieldDoc]> {
        if field.wire_type != WireType::Object {
            return None;
        }
        match &field.reference {
            Some(reference) => self.shared_type(reference),
            None => Some(&field.fields),
        }
    }

    fn response_typed(&mut self, key: &str, path: &str, wire_type: WireType) {
        let ok = self
            .response_field(path)
            .is_some_and(|f| f.wire_type == wire_type && f.enum_values.is_empty());
        if !ok {
            let message = format!(
                "{key} names `{path}`, which is not a{} response field",
                match wire_type {
                    WireType::Integer => "n integer",
                    _ => " string",
                }
            );
            self.report(key, message);
        }
    }

    /// The fields of the elements of the response array at `path`.
    fn element_fields(&self, path: &str) -> Option<&'a [FieldDoc]> {
        let field = self.response_field(path)?;
        self.items_fields(field.items.as_deref()?)
    }

    /// The fields of an array's object elements.
    fn items_fields(&self, items: &'a ItemsDoc) -> Option<&'a [FieldDoc]> {
        if items.wire_type != WireType::Object {
            return None;
        }
        match &items.reference {
            Some(reference) => self.shared_type(reference),
            None => Some(&items.fields),
        }
    }

    fn element_string(&mut self, key: &str, fields: Option<&[FieldDoc]>, name: &str, of: &str) {
        let ok = fields
            .and_then(|fields| fields.iter().find(|f| f.name == name))
            .is_some_and(is_plain_string);
        if !ok {
            let message = format!("{key} names `{name}`, which is not a string field of {of}");
            self.report(key, message);
        }
    }

    fn creates(&mut self, creates: &CreatesOrdersDoc) {
        let device = creates.device.as_str();
        let ok = self.request_field(device).is_some_and(|field| {
            let list_of_strings = field.wire_type == WireType::Array
                && field.items.as_deref().is_some_and(|items| {
                    items.wire_type == WireType::String && items.enum_values.is_empty()
                });
            field.required == Some(true)
                && !field.nullable
                && (is_plain_string(field) || list_of_strings)
        });
        if !ok {
            let message = format!("creates_orders.device names `{device}`, which is not a required request field holding a string or an array of strings");
            self.report("creates_orders.device", message);
        }

        let status = &creates.status;
        match self.request_field(&status.field) {
            Some(field)
                if !field.enum_values.is_empty()
                    && field.required == Some(true)
                    && !field.nullable =>
            {
                let wires: Vec<String> =
                    field.enum_values.iter().map(|v| v.value.clone()).collect();
                for value in status.values.keys().filter(|v| !wires.contains(v)) {
                    let message = format!(
                        "creates_orders.status.values names `{value}`, which is not a value of `{}` (its values: {})",
                        status.field,
                        wires.join(", ")
                    );
                    self.report(&format!("creates_orders.status.values.{value}"), message);
                }
                let missing: Vec<&String> = wires
                    .iter()
                    .filter(|w| !status.values.contains_key(*w))
                    .collect();
                if !missing.is_empty() {
                    let missing: Vec<&str> = missing.iter().map(|w| w.as_str()).collect();
                    let message = format!(
                        "creates_orders.status.values must give every value of `{}` a status; missing: {}",
                        status.field,
                        missing.join(", ")
                    );
                    self.report("creates_orders.status.values", message);
                }
            }
            _ => {
                let message = format!(
                    "creates_orders.status.field names `{}`, which is not a required request field with an enum",
                    status.field
                );
                self.report("creates_orders.status.field", message);
            }
        }

        let answer = &creates.answer;
        match &answer.each {
            Some(each) => {
                let fields = self.element_fields(each);
                if fields.is_none() {
                    let message = format!("creates_orders.answer.each names `{each}`, which is not a response array of objects");
                    self.report("creates_orders.answer.each", message);
                    return;
                }
                let of = format!("`{each}`'s elements");
                let order_id = answer.order_id.clone();
                self.element_string("creates_orders.answer.order_id", fields, &order_id, &of);
                if let Some(device) = &answer.device {
                    self.element_string("creates_orders.answer.device", fields, device, &of);
                }
            }
            None => {
                self.response_typed(
                    "creates_orders.answer.order_id",
                    &answer.order_id,
                    WireType::String,
                );
                if answer.device.is_some() {
                    let message = "creates_orders.answer.device needs answer.each".to_string();
                    self.report("creates_orders.answer.device", message);
                }
            }
        }
    }

    fn moves(&mut self, moves: &MovesOrderDoc) {
        self.request_string("moves_order.order_id", &moves.order_id, false);
        if moves.from.is_empty() {
            self.report(
                "moves_order.from",
                "moves_order.from must name at least one status".into(),
            );
        }
        if moves.verb.trim().is_empty() {
            self.report(
                "moves_order.verb",
                "moves_order.verb must not be empty".into(),
            );
        }
        if let Some(answer) = &moves.answer_order_id {
            self.response_typed("moves_order.answer_order_id", answer, WireType::String);
        }
    }

    fn lists_orders(&mut self, lists: &ListsOrdersDoc) {
        let Some(paging) = &self.doc().paging else {
            let message = "lists_orders needs the endpoint's `paging:` block".to_string();
            self.report("lists_orders", message);
            return;
        };
        if let Some(order_id) = &lists.filters.order_id {
            self.request_string("lists_orders.filters.order_id", order_id, true);
        }
        if let Some(device) = &lists.filters.device {
            self.request_string("lists_orders.filters.device", device, true);
        }
        let answer = &lists.answer;
        let fields = self.element_fields(&paging.items);
        let of = format!("`{}`'s elements", paging.items);
        self.element_string(
            "lists_orders.answer.order_id",
            fields,
            &answer.order_id,
            &of,
        );
        for (key, path) in [
            ("page_number", &answer.page_number),
            ("page_size", &answer.page_size),
        ] {
            if let Some(path) = path {
                self.response_typed(
                    &format!("lists_orders.answer.{key}"),
                    path,
                    WireType::Integer,
                );
            }
        }
        for (index, path) in answer.counts.iter().enumerate() {
            self.response_typed(
                &format!("lists_orders.answer.counts[{index}]"),
                path,
                WireType::Integer,
            );
        }
        for (index, path) in answer.empty.iter().enumerate() {
            self.response_typed(
                &format!("lists_orders.answer.empty[{index}]"),
                path,
                WireType::String,
            );
        }
    }

    fn lists_devices(&mut self, lists: &ListsDevicesDoc) {
        let doc = self.doc();
        let fields = match (&doc.response.data, doc.response.items.as_ref()) {
            (DataKind::Array, Some(items)) => self.items_fields(items),
            _ => None,
        };
        if fields.is_none() {
            let message =
                "lists_devices needs a response whose `data` is an array of objects".to_string();
            self.report("lists_devices", message);
            return;
        }
        self.element_string(
            "lists_devices.device",
            fields,
            &lists.device,
            "`data`'s elements",
        );
    }
}
