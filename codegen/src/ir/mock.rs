//! The mock's declared behaviour of an endpoint, resolved to the Rust names of the fields
//! and enum variants it reads (lint checked that every name it uses exists).

use super::{EnumType, FieldType, Struct};
pub use crate::spec::OrderStatusDoc as OrderStatus;
use crate::spec::{EndpointDoc, MockBehaviourDoc};

/// What the mock does with an endpoint's requests; request fields are Rust idents,
/// response fields wire names (the mock answers in JSON).
#[derive(Debug, Clone)]
pub enum Mock {
    CreatesOrders {
        device: RequestField,
        /// Whether `device` is an array: one order per element.
        device_list: bool,
        status_field: String,
        /// The status enum's type and, per variant ident, the status it gives.
        status_enum: String,
        statuses: Vec<(String, OrderStatus)>,
        each: Option<String>,
        order_id: String,
        answer_device: Option<String>,
    },
    MovesOrder {
        order_id: RequestField,
        verb: String,
        from: Vec<OrderStatus>,
        to: OrderStatus,
        answer_order_id: Option<String>,
    },
    ListsOrders {
        order_id_filter: Option<RequestField>,
        device_filter: Option<RequestField>,
        page_no: String,
        page_size: String,
        items: String,
        item_order_id: String,
        page_number_path: Option<Vec<String>>,
        page_size_path: Option<Vec<String>>,
        total_pages_path: Vec<String>,
        counts: Vec<Vec<String>>,
        empty: Vec<Vec<String>>,
    },
    ListsDevices {
        status: OrderStatus,
        device: String,
    },
}

/// A request field the mock reads.
#[derive(Debug, Clone)]
pub struct RequestField {
    pub ident: String,
    /// An `Option` in the request type.
    pub optional: bool,
}

fn path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(str::to_string).collect()
}

fn request_field(request: &Struct, wire_name: &str) -> Option<RequestField> {
    let field = request.fields.iter().find(|f| f.wire_name == wire_name)?;
    Some(RequestField {
        ident: field.ident.clone(),
        optional: field.is_optional(),
    })
}

/// Resolves the endpoint's `mock:` block; `None` without one (or, should lint have let a
/// bad one through, when a name does not resolve).
pub(super) fn resolve(
    doc: &EndpointDoc,
    request: &Struct,
    enum_named: impl Fn(&str) -> Option<EnumType>,
) -> Option<Mock> {
    let behaviours = doc.mock.as_ref()?.behaviours();
    let [behaviour] = behaviours[..] else {
        return None;
    };
    Some(match behaviour {
        MockBehaviourDoc::CreatesOrders(creates) => {
            let device = request
                .fields
                .iter()
                .find(|f| f.wire_name == creates.device)?;
            let status = request
                .fields
                .iter()
                .find(|f| f.wire_name == creates.status.field)?;
            let FieldType::Enum(status_enum) = &status.ty else {
                return None;
            };
            let statuses = enum_named(status_enum)?
                .variants
                .iter()
                .map(|v| Some((v.ident.clone(), *creates.status.values.get(&v.wire)?)))
                .collect::<Option<Vec<_>>>()?;
            Mock::CreatesOrders {
                device: request_field(request, &creates.device)?,
                device_list: matches!(device.ty, FieldType::Array(_)),
                status_field: status.ident.clone(),
                status_enum: status_enum.clone(),
                statuses,
                each: creates.answer.each.clone(),
                order_id: creates.answer.order_id.clone(),
                answer_device: creates.answer.device.clone(),
            }
        }
        MockBehaviourDoc::MovesOrder(moves) => Mock::MovesOrder {
            order_id: request_field(request, &moves.order_id)?,
            verb: moves.verb.clone(),
            from: moves.from.clone(),
            to: moves.to,
            answer_order_id: moves.answer_order_id.clone(),
        },
        MockBehaviourDoc::ListsOrders(lists) => {
            let paging = doc.paging.as_ref()?;
            let filter = |name: &Option<String>| match name {
                Some(name) => request_field(request, name).map(Some),
                None => Some(None),
            };
            Mock::ListsOrders {
                order_id_filter: filter(&lists.filters.order_id)?,
                device_filter: filter(&lists.filters.device)?,
                page_no: request_field(request, &paging.page)?.ident,
                page_size: request_field(request, &paging.size)?.ident,
                items: paging.items.clone(),
                item_order_id: lists.answer.order_id.clone(),
                page_number_path: lists.answer.page_number.as_deref().map(path),
                page_size_path: lists.answer.page_size.as_deref().map(path),
                total_pages_path: path(&paging.total_pages),
                counts: lists.answer.counts.iter().map(|p| path(p)).collect(),
                empty: lists.answer.empty.iter().map(|p| path(p)).collect(),
            }
        }
        MockBehaviourDoc::ListsDevices(lists) => Mock::ListsDevices {
            status: lists.status,
            device: lists.device.clone(),
        },
    })
}
