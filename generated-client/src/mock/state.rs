//! The mock's order book: enough state to make integration tests meaningful.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::{IsOpen, MockRequest, QueryOrderRequest};

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Ordered, not enabled yet.
    Inactive,
    Active,
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

#[derive(Debug, Clone)]
struct Order {
    device_id: String,
    status: OrderStatus,
}

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
    /// The documented example, with this order id in `data.order_id`.
    OrderId(String),
    /// `data` computed from the order book (for operations whose answer depends on it).
    Data(Value),
}

impl Orders {
    pub fn status(&self, order_id: &str) -> Option<OrderStatus> {
        self.orders.get(order_id).map(|order| order.status)
    }

    fn create(&mut self, device_id: &str, is_open: IsOpen) -> String {
        self.next += 1;
        let order_id = format!("MOCK_ORDER_{:06}", self.next);
        let status = match is_open {
            IsOpen::Enable => OrderStatus::Active,
            IsOpen::DoNotEnable => OrderStatus::Inactive,
        };
        let device_id = device_id.to_string();
        self.orders
            .insert(order_id.clone(), Order { device_id, status });
        order_id
    }

    /// Applies a decoded request to the book and says what the response carries.
    pub fn apply(&mut self, request: &MockRequest) -> Result<Answer, StateError> {
        match request {
            MockRequest::OrderPackage(order) => Ok(Answer::OrderId(
                self.create(&order.device_id, order.is_open),
            )),
            MockRequest::BatchOrderPackages(batch) => {
                let results: Vec<Value> = batch
                    .device_list
                    .iter()
                    .map(|device_id| {
                        let order_id = self.create(device_id, batch.is_open);
                        // The documented per-device result, with this order's id.
                        json!({
                            "error": "0000", "errorMsg": "success",
                            "order_id": order_id, "device_id": device_id,
                            "order_start_date": null, "order_expire_date": null,
                        })
                    })
                    .collect();
                Ok(Answer::Data(json!({ "device_order": results })))
            }
            MockRequest::OpenPackage(open) => {
                self.transition(&open.order_id, "enable", OrderStatus::Active, |status| {
                    status == OrderStatus::Inactive
                })?;
                Ok(Answer::OrderId(open.order_id.clone()))
            }
            MockRequest::AheadFinishDeviceOrder(finish) => {
                self.transition(&finish.order_code, "end", OrderStatus::Ended, |status| {
                    status != OrderStatus::Ended
                })?;
                Ok(Answer::Example)
            }
            MockRequest::PauseService(pause) => {
                self.transition(&pause.order_id, "pause", OrderStatus::Paused, |status| {
                    status == OrderStatus::Active
                })?;
                Ok(Answer::Example)
            }
            MockRequest::QueryOrder(query) => Ok(Answer::Data(self.page_of_orders(query))),
            MockRequest::SyncAssetInfo(_) => {
                // The SIM cards with a plan in use; lifeCycle's codes are only partly
                // documented, so the mock leaves it out.
                let in_use: Vec<Value> = self
                    .orders
                    .values()
                    .filter(|order| order.status == OrderStatus::Active)
                    .map(|order| json!({ "assetId": order.device_id }))
                    .collect();
                Ok(Answer::Data(Value::Array(in_use)))
            }
            // Operations without order state answer with their documented example.
            _ => Ok(Answer::Example),
        }
    }

    /// One page of the orders matching the query's filters, in order-id order. Only the
    /// fields whose meaning is documented are filled (`orderCode`).
    fn page_of_orders(&self, query: &QueryOrderRequest) -> Value {
        let matching: Vec<&String> = self
            .orders
            .iter()
            .filter(|(id, order)| {
                query.order_id.as_ref().is_none_or(|wanted| wanted == *id)
                    && query
                        .device_id
                        .as_ref()
                        .is_none_or(|wanted| *wanted == order.device_id)
            })
            .map(|(id, _)| id)
            .collect();
        let size = query.page_size.max(1) as usize;
        let page = query.page_no.max(1) as usize;
        let total_pages = matching.len().div_ceil(size);
        let items: Vec<Value> = matching
            .iter()
            .skip((page - 1).saturating_mul(size))
            .take(size)
            .map(|id| json!({ "orderCode": id }))
            .collect();
        json!({
            "page": {
                "cur_page_no": page, "page_size": size,
                "total_count": matching.len(), "total_pages": total_pages,
            },
            "sign": "",
            "package_order": items,
            "package_order_num": matching.len(),
        })
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
