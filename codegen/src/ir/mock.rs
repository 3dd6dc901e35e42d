//! The mock's declared behaviour of an endpoint, resolved to the Rust names of the fields
//! and enum variants it reads. Lint checks that every name it uses exists; what does not
//! resolve is reported here too, never defaulted.

use super::resolve::Resolver;
use super::{FieldType, Struct};
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

/// The request field `wire_name` names, reporting at `at` (under `mock.`) when there is
/// none.
fn request_field(
    request: &Struct,
    wire_name: &str,
    at: &str,
    types: &mut Resolver,
) -> Option<RequestField> {
    let Some(field) = request.fields.iter().find(|f| f.wire_name == wire_name) else {
        let message = format!("no request field `{wire_name}`");
        types.report(&format!("mock.{at}"), message);
        return None;
    };
    Some(RequestField {
        ident: field.ident.clone(),
        optional: field.is_optional(),
    })
}

/// Resolves the endpoint's `mock:` block (`None` without one), reporting what does not
/// resolve (which lint refuses first) to `types` at its place in the block.
pub(super) fn resolve(doc: &EndpointDoc, request: &Struct, types: &mut Resolver) -> Option<Mock> {
    let behaviours = doc.mock.as_ref()?.behaviours();
    let [behaviour] = behaviours[..] else {
        let message = "mock must declare exactly one of creates_orders, moves_order, lists_orders, lists_devices";
        types.report("mock", message.to_string());
        return None;
    };
    Some(match behaviour {
        MockBehaviourDoc::CreatesOrders(creates) => {
            let at = "creates_orders";
            let device = request_field(request, &creates.device, &format!("{at}.device"), types);
            let status_at = format!("{at}.status.field");
            let status = request_field(request, &creates.status.field, &status_at, types);
            let (device, status) = (device?, status?);
            let device_list = request
                .fields
                .iter()
                .any(|f| f.wire_name == creates.device && matches!(f.ty, FieldType::Array(_)));
            let status_type = request
                .fields
                .iter()
                .find(|f| f.wire_name == creates.status.field)
                .map(|f| &f.ty);
            let Some(FieldType::Enum(status_enum)) = status_type else {
                let message = format!("`{}` is not an enum field", creates.status.field);
                types.report(&format!("mock.{status_at}"), message);
                return None;
            };
            let Some(variants) = types.enums.get(status_enum).map(|e| e.variants.clone()) else {
                let message = format!("no enum `{status_enum}`");
                types.report(&format!("mock.{status_at}"), message);
                return None;
            };
            let mut statuses = Vec::new();
            for variant in &variants {
                match creates.status.values.get(&variant.wire) {
                    Some(status) => statuses.push((variant.ident.clone(), *status)),
                    None => {
                        let message = format!("no status for the value `{}`", variant.wire);
                        types.report(&format!("mock.{at}.status.values"), message);
                    }
                }
            }
            if statuses.len() != variants.len() {
                return None;
            }
            Mock::CreatesOrders {
                device,
                device_list,
                status_field: status.ident,
                status_enum: status_enum.clone(),
                statuses,
                each: creates.answer.each.clone(),
                order_id: creates.answer.order_id.clone(),
                answer_device: creates.answer.device.clone(),
            }
        }
        MockBehaviourDoc::MovesOrder(moves) => Mock::MovesOrder {
            order_id: request_field(request, &moves.order_id, "moves_order.order_id", types)?,
            verb: moves.verb.clone(),
            from: moves.from.clone(),
            to: moves.to,
            answer_order_id: moves.answer_order_id.clone(),
        },
        MockBehaviourDoc::ListsOrders(lists) => {
            let Some(paging) = doc.paging.as_ref() else {
                let message = "lists_orders needs the endpoint's `paging:`".to_string();
                types.report("mock.lists_orders", message);
                return None;
            };
            let mut filter = |name: &Option<String>, at: &str| match name {
                Some(name) => request_field(request, name, at, types).map(Some),
                None => Some(None),
            };
            let order_id_filter = filter(&lists.filters.order_id, "lists_orders.filters.order_id");
            let device_filter = filter(&lists.filters.device, "lists_orders.filters.device");
            // The page fields are `paging:`'s; they are reported at the block reading them.
            let page_no = request_field(request, &paging.page, "lists_orders", types);
            let page_size = request_field(request, &paging.size, "lists_orders", types);
            Mock::ListsOrders {
                order_id_filter: order_id_filter?,
                device_filter: device_filter?,
                page_no: page_no?.ident,
                page_size: page_size?.ident,
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::spec;

    /// Names a `mock:` block uses that do not resolve are reported at their place in the
    /// block, even when lint is bypassed, rather than leaving the endpoint without a mock.
    #[test]
    fn unresolved_names_are_reported_with_their_place_not_dropped() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut spec = spec::load_dir(&dir).expect("the real spec loads");
        let mut edited = Vec::new();
        for endpoint in &mut spec.endpoints {
            let Some(mock) = &mut endpoint.doc.mock else {
                continue;
            };
            if let Some(creates) = &mut mock.creates_orders {
                creates.device = "no_such_device".to_string();
                edited.push("mock.creates_orders.device");
            } else if let Some(moves) = &mut mock.moves_order {
                moves.order_id = "no_such_order".to_string();
                edited.push("mock.moves_order.order_id");
            }
        }
        assert!(edited.contains(&"mock.creates_orders.device"), "{edited:?}");
        assert!(edited.contains(&"mock.moves_order.order_id"), "{edited:?}");
        let problems = match super::super::resolve(&spec) {
            Ok(_) => panic!("resolved despite unknown mock fields"),
            Err(problems) => problems.0,
        };
        let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
        for name in ["no_such_device", "no_such_order"] {
            let problem = texts
                .iter()
                .find(|p| p.contains(&format!("no request field `{name}`")))
                .unwrap_or_else(|| panic!("no problem for `{name}` in {texts:#?}"));
            // file:line:column, at the key (line 1 would mean it was not located).
            let place: Vec<&str> = problem.splitn(4, ':').collect();
            assert!(place[0].ends_with(".yaml"), "{problem}");
            let line: usize = place[1].parse().expect("a line");
            assert!(line > 1, "{problem}");
            assert!(place[2].parse::<usize>().is_ok(), "{problem}");
        }
        let reported = problems
            .iter()
            .filter(|p| p.to_string().contains("no request field"));
        assert_eq!(reported.count(), edited.len(), "{texts:#?}");
    }
}
