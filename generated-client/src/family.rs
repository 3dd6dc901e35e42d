//! What all endpoints of one API family share, as declared in `spec/families/`.
//! The generated code instantiates these types; the runtime reads them instead of
//! hard-coding either family.

/// One API family: how its requests are authenticated and its responses wrapped.
#[derive(Debug)]
pub struct Family {
    pub name: &'static str,
    pub title: &'static str,
    pub default_base_url: &'static str,
    pub auth: Auth,
    /// Body fields the runtime fills on every request of the family.
    pub common_fields: &'static [CommonField],
    pub timestamp_unit: TimestampUnit,
    /// How long a request stays valid after its timestamp, when a document says so (the
    /// family's docs give the source and date). Recorded only; nothing here enforces it.
    pub timestamp_validity: Option<std::time::Duration>,
    pub envelope: Envelope,
}

impl Family {
    /// Whether `name` is one of the body fields the runtime fills.
    pub fn is_common_field(&self, name: &str) -> bool {
        self.common_fields.iter().any(|field| field.name == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Base64(HMAC-SHA1(secret, sorted JSON of every non-empty parameter)) in a body field.
    HmacSha1Signature,
    /// A session token in the named header.
    AccessTokenHeader { header: &'static str },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommonField {
    pub name: &'static str,
    pub fill: Fill,
}

/// Where the runtime takes a common field's value from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    AccessCode,
    Timestamp,
    Constant(&'static str),
    Signature,
}

/// The unit of the `timestamp` parameter. The documentation contradicts itself (see the
/// family's docs), so the client can override the spec's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampUnit {
    Seconds,
    Milliseconds,
}

impl TimestampUnit {
    /// Now, in this unit since the Unix epoch (0 if the clock is before it): what the
    /// client signs, and what the mock stamps on the notifications it sends.
    pub(crate) fn now(self) -> u128 {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        match self {
            TimestampUnit::Seconds => u128::from(since_epoch.as_secs()),
            TimestampUnit::Milliseconds => since_epoch.as_millis(),
        }
    }
}

/// How a response wraps its payload: `{"code":…,"data":…,"message":…}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    pub code_field: &'static str,
    pub code_type: CodeType,
    /// The code of success, written as text (`"0000"`, `"0"`).
    pub success_code: &'static str,
    pub message_field: &'static str,
    pub data_field: &'static str,
    /// A boolean field that is `false` on failure, when the family has one.
    pub success_flag_field: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeType {
    String,
    Integer,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_follows_the_unit() {
        assert_eq!(TimestampUnit::Seconds.now().to_string().len(), 10);
        assert_eq!(TimestampUnit::Milliseconds.now().to_string().len(), 13);
    }
}
