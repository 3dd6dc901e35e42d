//! The `mock:` block of an endpoint: what the mock server does with its requests.
//!
//! These declarations describe the mock's own model of an order's lifecycle (four
//! statuses, the moves between them), not the vendor's documented behaviour. They name
//! request and response fields by wire name and enum values by wire value, never by the
//! Rust names generated from them, so renaming an endpoint, a `type_name` or an enum
//! variant leaves them valid.

use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

/// The mock's behaviour for one endpoint: exactly one of the keys (lint checks it). An
/// endpoint without a `mock:` block is answered with its documented example.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MockDoc {
    /// Creates one order per device named in the request.
    pub creates_orders: Option<CreatesOrdersDoc>,
    /// Moves the order the request names from one status to another.
    pub moves_order: Option<MovesOrderDoc>,
    /// Answers with one page of the known orders (the endpoint must declare `paging:`).
    pub lists_orders: Option<ListsOrdersDoc>,
    /// Answers with the devices whose orders have a status.
    pub lists_devices: Option<ListsDevicesDoc>,
}

/// The one behaviour a [`MockDoc`] declares.
#[derive(Debug, Clone, Copy)]
pub enum MockBehaviourDoc<'a> {
    /// `creates_orders:`.
    CreatesOrders(&'a CreatesOrdersDoc),
    /// `moves_order:`.
    MovesOrder(&'a MovesOrderDoc),
    /// `lists_orders:`.
    ListsOrders(&'a ListsOrdersDoc),
    /// `lists_devices:`.
    ListsDevices(&'a ListsDevicesDoc),
}

impl MockDoc {
    /// The behaviours declared, in key order (lint requires exactly one).
    pub fn behaviours(&self) -> Vec<MockBehaviourDoc<'_>> {
        let mut found = Vec::new();
        found.extend(
            self.creates_orders
                .as_ref()
                .map(MockBehaviourDoc::CreatesOrders),
        );
        found.extend(self.moves_order.as_ref().map(MockBehaviourDoc::MovesOrder));
        found.extend(
            self.lists_orders
                .as_ref()
                .map(MockBehaviourDoc::ListsOrders),
        );
        found.extend(
            self.lists_devices
                .as_ref()
                .map(MockBehaviourDoc::ListsDevices),
        );
        found
    }
}

/// Where an order stands in the mock's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatusDoc {
    /// Ordered, not enabled yet.
    Inactive,
    /// Enabled.
    Active,
    /// Suspended, may resume.
    Paused,
    /// Ended early.
    Ended,
}

/// `creates_orders:` the request orders a plan for one device or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatesOrdersDoc {
    /// The required request field naming the device: a string (one order) or an array of
    /// strings (one order each).
    pub device: String,
    /// How the request decides each new order's status.
    pub status: StatusChoiceDoc,
    /// Where the response carries the new orders.
    pub answer: CreatedAnswerDoc,
}

/// A required request enum field and the status each of its wire values gives.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusChoiceDoc {
    /// The request enum field's wire name (e.g. `is_open`).
    pub field: String,
    /// Every enum value's wire code, with the status it gives.
    pub values: BTreeMap<String, OrderStatusDoc>,
}

/// Where a `creates_orders` response carries the new orders.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatedAnswerDoc {
    /// A response array of objects with one element per new order, each a copy of the
    /// example's first element; absent: the response carries the one order directly.
    pub each: Option<String>,
    /// The string field (of `data`, or of each element) that gets the order id.
    pub order_id: String,
    /// The string field of each element that gets the device.
    pub device: Option<String>,
}

/// `moves_order:` the request moves one order from some statuses to another (enable,
/// pause, end early), and is refused from any other.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MovesOrderDoc {
    /// The required string request field holding the order id.
    pub order_id: String,
    /// The verb of the refusal's message: `cannot <verb> order …`.
    pub verb: String,
    /// The statuses the order may be in.
    pub from: Vec<OrderStatusDoc>,
    /// The status it moves to.
    pub to: OrderStatusDoc,
    /// The response string field that gets the order id; absent: the example as it is.
    pub answer_order_id: Option<String>,
}

/// `lists_orders:` the request asks for a page of the known orders.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ListsOrdersDoc {
    /// String request fields that, when sent, keep only the matching orders.
    #[serde(default)]
    pub filters: OrderFiltersDoc,
    /// The response fields the mock fills.
    pub answer: OrderPageDoc,
}

/// The request fields a `lists_orders` request filters by, when sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderFiltersDoc {
    /// The string request field that keeps only the order with this id.
    pub order_id: Option<String>,
    /// The string request field that keeps only the orders of this device.
    pub device: Option<String>,
}

/// The response of a page of orders; the items and the number of pages are `paging:`'s.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderPageDoc {
    /// The string field of each item that gets the order id.
    pub order_id: String,
    /// The integer response field (a dotted path) that gets the page number.
    pub page_number: Option<String>,
    /// The integer response field (a dotted path) that gets the page size.
    pub page_size: Option<String>,
    /// Integer response fields (dotted paths) with the number of matching orders.
    #[serde(default)]
    pub counts: Vec<String>,
    /// String response fields (dotted paths) answered empty.
    #[serde(default)]
    pub empty: Vec<String>,
}

/// `lists_devices:` the request asks for the devices whose orders have a status.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ListsDevicesDoc {
    /// The status of the orders whose devices are listed.
    pub status: OrderStatusDoc,
    /// The string field of each response item (`data` is an array of objects) that gets
    /// the device.
    pub device: String,
}
