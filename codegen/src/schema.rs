//! JSON Schemas of the spec's file kinds, for editors (yaml-language-server) to
//! complete and check keys while a maintainer types. Derived from the same serde types
//! the loader uses, so the schema cannot drift from what `lfgen lint` accepts.

use crate::spec::{CatalogDoc, EndpointDoc, FamilyDoc, NotificationDoc, NotifyDoc, TypeDoc};

/// The schema of `spec/endpoints/**/*.yaml`.
pub fn endpoint() -> String {
    render(schemars::schema_for!(EndpointDoc))
}

/// The schema of `spec/families/*.yaml`.
pub fn family() -> String {
    render(schemars::schema_for!(FamilyDoc))
}

/// The schema of `spec/types/*.yaml`.
pub fn shared_type() -> String {
    render(schemars::schema_for!(TypeDoc))
}

/// The schema of `spec/notifications/*.yaml`.
pub fn notification() -> String {
    render(schemars::schema_for!(NotificationDoc))
}

/// The schema of `spec/notify.yaml`.
pub fn notify() -> String {
    render(schemars::schema_for!(NotifyDoc))
}

/// The schema of `spec/catalog.yaml`.
pub fn catalog() -> String {
    render(schemars::schema_for!(CatalogDoc))
}

fn render(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn schemas_forbid_unknown_keys_and_list_the_formats() {
        let endpoint: serde_json::Value = serde_json::from_str(&super::endpoint()).unwrap();
        assert_eq!(endpoint["additionalProperties"], false);
        let text = super::endpoint();
        assert!(
            text.contains("\"iccid\"") && text.contains("\"decimal2\""),
            "{text}"
        );
    }
}
