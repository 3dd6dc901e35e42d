//! The mock's order book: enough state to make integration tests meaningful.

use std::collections::BTreeMap;

use crate::{IsOpen, MockRequest};

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

#[derive(Debug, Default)]
pub struct Orders {
    next: u64,
    orders: BTreeMap<String, OrderStatus>,
}

impl Orders {
    pub fn status(&self, order_id: &str) -> Option<OrderStatus> {
        self.orders.get(order_id).copied()
    }

    /// Applies a decoded request; returns the order id the response should carry, if any.
    pub fn apply(&mut self, request: &MockRequest) -> Result<Option<String>, StateError> {
        match request {
            MockRequest::OrderPackage(order) => {
                self.next += 1;
                let order_id = format!("MOCK_ORDER_{:06}", self.next);
                let status = match order.is_open {
                    IsOpen::Enable => OrderStatus::Active,
                    IsOpen::DoNotEnable => OrderStatus::Inactive,
                };
                self.orders.insert(order_id.clone(), status);
                Ok(Some(order_id))
            }
            MockRequest::OpenPackage(open) => {
                self.transition(&open.order_id, "enable", OrderStatus::Active, |status| {
                    status == OrderStatus::Inactive
                })?;
                Ok(Some(open.order_id.clone()))
            }
            MockRequest::AheadFinishDeviceOrder(finish) => {
                self.transition(&finish.order_code, "end", OrderStatus::Ended, |status| {
                    status != OrderStatus::Ended
                })?;
                Ok(None)
            }
            MockRequest::PauseService(pause) => {
                self.transition(&pause.order_id, "pause", OrderStatus::Paused, |status| {
                    status == OrderStatus::Active
                })?;
                Ok(None)
            }
            // Operations without order state answer with their documented example.
            _ => Ok(None),
        }
    }

    fn transition(
        &mut self,
        order_id: &str,
        action: &'static str,
        to: OrderStatus,
        allowed_from: impl Fn(OrderStatus) -> bool,
    ) -> Result<(), StateError> {
        let status = self
            .orders
            .get_mut(order_id)
            .ok_or_else(|| StateError::UnknownOrder(order_id.to_string()))?;
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
