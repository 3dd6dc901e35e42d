//! Changes to an endpoint's `mock:` block: the mock server's behaviour, not the client's.

use crate::spec::{MockBehaviourDoc, MockDoc};

/// What the behaviour is called in a message.
fn behaviour(mock: &MockDoc) -> &'static str {
    match mock.behaviours().first() {
        Some(MockBehaviourDoc::CreatesOrders(_)) => "creates_orders",
        Some(MockBehaviourDoc::MovesOrder(_)) => "moves_order",
        Some(MockBehaviourDoc::ListsOrders(_)) => "lists_orders",
        Some(MockBehaviourDoc::ListsDevices(_)) => "lists_devices",
        None => "nothing",
    }
}

/// Where in the NEW file to point and what to say, when the block changed.
pub(super) fn change(
    old: Option<&MockDoc>,
    new: Option<&MockDoc>,
) -> Option<(&'static str, String)> {
    match (old, new) {
        (None, None) => None,
        (Some(old), Some(new)) if old == new => None,
        (None, Some(new)) => Some((
            "mock",
            format!("the mock now {} (mock: added)", behaviour(new)),
        )),
        (Some(old), None) => Some((
            "name",
            format!(
                "the mock no longer {}: it answers with the example (mock: removed)",
                behaviour(old)
            ),
        )),
        (Some(old), Some(new)) => {
            let (was, is) = (behaviour(old), behaviour(new));
            let message = if was == is {
                format!("the mock's {is} declaration changed")
            } else {
                format!("the mock's behaviour changed from {was} to {is}")
            };
            Some(("mock", message))
        }
    }
}
