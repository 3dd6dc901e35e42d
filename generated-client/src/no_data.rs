//! The response of endpoints whose documented `data` is always `null`.

use serde::de::{Deserialize, Deserializer, IgnoredAny};
use serde::{Serialize, Serializer};

/// Success without a payload. Whatever `data` the server sends is accepted and ignored:
/// the call succeeded, and a surprising payload must not turn that into an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoData;

impl<'de> Deserialize<'de> for NoData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer)?;
        Ok(NoData)
    }
}

impl Serialize for NoData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::NoData;

    #[test]
    fn accepts_any_data_and_writes_null() {
        for data in ["null", "{}", "\"\"", "true", "[1]"] {
            assert_eq!(
                serde_json::from_str::<NoData>(data).unwrap(),
                NoData,
                "{data}"
            );
        }
        assert_eq!(serde_json::to_string(&NoData).unwrap(), "null");
    }
}
