//! The mock's order book: enough state to make integration tests meaningful.
//!
//! What each request does to it is declared in the spec (each endpoint's `mock:` block)
//! and reaches this module as an [`Action`], built by the generated `MockRequest::action`:
//! nothing here names a generated type, field or variant.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::MockRequest;

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Ordered, not enabled yet.
    Inactive,
    /// Enabled and in service.
    Active,
    /// Service paused; can be resumed.
    Paused,
    /// Ended early.
    Ended,
}

/// Why the order book refused a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateError {
    UnknownOrder(String),
    WrongStatus {
        order_id: String,
        status: OrderStatus,
        action: &'static str,
    },
}

/// What a request does to the order book, as its endpoint's `mock:` block declares.
/// Request values are borrowed from the decoded request; response fields are wire names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action<'a> {
    /// Nothing: the answer is the documented example.
    None,
    /// One new order per device, each in `status`.
    CreateOrders {
        devices: Vec<&'a str>,
        status: OrderStatus,
        answer: Created,
    },
    /// Moves an order in one of `from` to `to`; `verb` names the move in a refusal.
    MoveOrder {
        order_id: &'a str,
        verb: &'static str,
        from: &'static [OrderStatus],
        to: OrderStatus,
        /// The `data` field that gets the order id.
        answer_order_id: Option<&'static str>,
    },
    /// One page of the orders matching the filters that are set.
    ListOrders {
        order_id: Option<&'a str>,
        device: Option<&'a str>,
        page_no: i64,
        page_size: i64,
        answer: &'static OrderPage,
    },
    /// The devices of the orders in `status`: `data` is a list of `{device: …}`.
    ListDevices {
        status: OrderStatus,
        device: &'static str,
    },
}

/// Where the response carries new orders.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Created {
    /// The `data` array with one element per order (a copy of the example's first, with
    /// `order_id` and `device` set); `None`: the `data` field `order_id` gets the id.
    pub each: Option<&'static str>,
    pub order_id: &'static str,
    pub device: Option<&'static str>,
}

/// A JSON path below `data`: `["page", "total_pages"]`.
pub(crate) type Path = &'static [&'static str];

/// The response fields of a page of orders.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderPage {
    /// The array of the page's orders, each `{order_id: …}`.
    pub items: &'static str,
    pub order_id: &'static str,
    pub page_number: Option<Path>,
    pub page_size: Option<Path>,
    pub total_pages: Path,
    /// Each gets the number of matching orders.
    pub counts: &'static [Path],
    /// Each gets `""`.
    pub empty: &'static [Path],
}

#[derive(Debug, Clone)]
struct Order {
    device_id: String,
    status: OrderStatus,
}

/// The mock's order book: every order created through it, with its device and status.
#[derive(Debug, Default)]
pub struct Orders {
    next: u64,
    orders: BTreeMap<String, Order>,
}

/// What the response to an applied request carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The documented example as it is.
    Example,
    /// The documented example, with this order id in the `data` field `field` (when the
    /// example has it).
    OrderId { field: &'static str, id: String },
    /// `data` computed from the order book (for operations whose answer depends on it).
    Data(Value),
}

impl Orders {
    /// The status of `order_id`, if the mock knows the order.
    pub fn status(&self, order_id: &str) -> Option<OrderStatus> {
        self.orders.get(order_id).map(|order| order.status)
    }

    fn create(&mut self, device_id: &str, status: OrderStatus) -> String {
        self.next += 1;
        let order_id = format!("MOCK_ORDER_{:06}", self.next);
        let device_id = device_id.to_string();
        self.orders
            .insert(order_id.clone(), Order { device_id, status });
        order_id
    }

    /// Applies a decoded request to the book and says what the response carries.
    pub fn apply(&mut self, request: &MockRequest) -> Result<Answer, StateError> {
        let operation = request.operation();
        // The documented response's `data`, read only by the actions that copy from it.
        let example = || {
            let mut envelope: Value = serde_json::from_str(operation.example_response?).ok()?;
            envelope
                .get_mut(operation.family.envelope.data_field)
                .map(Value::take)
        };
        self.apply_action(request.action(), example)
    }

    fn apply_action(
        &mut self,
        action: Action<'_>,
        example: impl FnOnce() -> Option<Value>,
    ) -> Result<Answer, StateError> {
        match action {
            Action::None => Ok(Answer::Example),
            Action::CreateOrders {
                devices,
                status,
                answer,
            } => Ok(self.create_all(&devices, status, &answer, example)),
            Action::MoveOrder {
                order_id,
                verb,
                from,
                to,
                answer_order_id,
            } => {
                self.transition(order_id, verb, to, |status| from.contains(&status))?;
                Ok(match answer_order_id {
                    Some(field) => Answer::OrderId {
                        field,
                        id: order_id.to_string(),
                    },
                    None => Answer::Example,
                })
            }
            Action::ListOrders {
                order_id,
                device,
                page_no,
                page_size,
                answer,
            } => Ok(Answer::Data(
                self.page_of_orders(order_id, device, page_no, page_size, answer),
            )),
            Action::ListDevices { status, device } => {
                // Only the field the declaration names; the others (lifeCycle's codes are
                // only partly documented) are left out.
                let listed: Vec<Value> = self
                    .orders
                    .values()
                    .filter(|order| order.status == status)
                    .map(|order| json!({ device: order.device_id }))
                    .collect();
                Ok(Answer::Data(Value::Array(listed)))
            }
        }
    }

    fn create_all(
        &mut self,
        devices: &[&str],
        status: OrderStatus,
        answer: &Created,
        example: impl FnOnce() -> Option<Value>,
    ) -> Answer {
        let Some(each) = answer.each else {
            let id = devices
                .iter()
                .map(|device| self.create(device, status))
                .last()
                .unwrap_or_default();
            return Answer::OrderId {
                field: answer.order_id,
                id,
            };
        };
        // The documented per-device result, with this order's id and device.
        let template = example()
            .and_then(|data| data.get(each)?.get(0)?.as_object().cloned())
            .unwrap_or_default();
        let results: Vec<Value> = devices
            .iter()
            .map(|device| {
                let mut result = template.clone();
                let order_id = self.create(device, status);
                result.insert(answer.order_id.into(), json!(order_id));
                if let Some(field) = answer.device {
                    result.insert(field.into(), json!(device));
                }
                Value::Object(result)
            })
            .collect();
        Answer::Data(json!({ each: results }))
    }

    /// One page of the orders matching the filters, in order-id order. Only the fields
    /// the declaration names are filled.
    fn page_of_orders(
        &self,
        order_id: Option<&str>,
        device: Option<&str>,
        page_no: i64,
        page_size: i64,
        answer: &OrderPage,
    ) -> Value {
        let matching: Vec<&String> = self
            .orders
            .iter()
            .filter(|(id, order)| {
                order_id.is_none_or(|wanted| wanted == *id)
                    && device.is_none_or(|wanted| wanted == order.device_id)
            })
            .map(|(id, _)| id)
            .collect();
        let size = page_size.max(1) as usize;
        let page = page_no.max(1) as usize;
        let total_pages = matching.len().div_ceil(size);
        let items: Vec<Value> = matching
            .iter()
            .skip((page - 1).saturating_mul(size))
            .take(size)
            .map(|id| json!({ answer.order_id: id }))
            .collect();
        let mut data = Map::new();
        data.insert(answer.items.into(), Value::Array(items));
        set(&mut data, answer.total_pages, json!(total_pages));
        if let Some(path) = answer.page_number {
            set(&mut data, path, json!(page));
        }
        if let Some(path) = answer.page_size {
            set(&mut data, path, json!(size));
        }
        for path in answer.counts {
            set(&mut data, path, json!(matching.len()));
        }
        for path in answer.empty {
            set(&mut data, path, json!(""));
        }
        Value::Object(data)
    }

    fn transition(
        &mut self,
        order_id: &str,
        action: &'static str,
        to: OrderStatus,
        allowed_from: impl Fn(OrderStatus) -> bool,
    ) -> Result<(), StateError> {
        let status = &mut self
            .orders
            .get_mut(order_id)
            .ok_or_else(|| StateError::UnknownOrder(order_id.to_string()))?
            .status;
        if !allowed_from(*status) {
            return Err(StateError::WrongStatus {
                order_id: order_id.to_string(),
                status: *status,
                action,
            });
        }
        *status = to;
        Ok(())
    }
}

/// Sets `value` at `path` in `object`, making the objects on the way.
fn set(object: &mut Map<String, Value>, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut object = object;
    for parent in parents {
        let slot = object
            .entry(parent.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        let Value::Object(inner) = slot else {
            return;
        };
        object = inner;
    }
    object.insert(last.to_string(), value);
}
