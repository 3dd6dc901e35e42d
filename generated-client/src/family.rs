//! What all endpoints of one API family share, as declared in `spec/families/`.
//! The generated code instantiates these types; the runtime reads them instead of
//! hard-coding either family.

/// One API family: how its requests are authenticated and its responses wrapped.
#[derive(Debug)]
pub struct Family {
    /// The family's name in the spec, e.g. `csss`.
    pub name: &'static str,
    /// The family's title, e.g. `CSSS (Cube v4)`.
    pub title: &'static str,
    /// The base URL the client uses unless told another.
    pub default_base_url: &'static str,
    /// The family's servers that an [`Environment`](crate::Environment) selects.
    pub servers: &'static [Server],
    /// How requests are authenticated.
    pub auth: Auth,
    /// Body fields the runtime fills on every request of the family.
    pub common_fields: &'static [CommonField],
    /// The unit of the family's `timestamp` parameter, unless the client overrides it.
    pub timestamp_unit: TimestampUnit,
    /// How long a request stays valid after its timestamp, when a document says so (the
    /// family's docs give the source and date). Recorded only; nothing here enforces it.
    pub timestamp_validity: Option<std::time::Duration>,
    /// How responses wrap their payload.
    pub envelope: Envelope,
}

impl Family {
    /// Whether `name` is one of the body fields the runtime fills.
    pub fn is_common_field(&self, name: &str) -> bool {
        self.common_fields.iter().any(|field| field.name == name)
    }

    /// The family's server for the environment named `environment`, if it documents one.
    pub fn server(&self, environment: &str) -> Option<&'static str> {
        self.servers
            .iter()
            .find(|server| server.environment == environment)
            .map(|server| server.url)
    }
}

/// A family's server for one environment, as the spec lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// The environment's name in the spec, e.g. `production` ([`Environment::name`](crate::Environment::name)).
    pub environment: &'static str,
    /// The server's base URL, to which operation paths are appended.
    pub url: &'static str,
}

/// How a family authenticates requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Base64(HMAC-SHA1(secret, sorted JSON of every non-empty parameter)) in a body field.
    HmacSha1Signature,
    /// A session token in the named header.
    AccessTokenHeader {
        /// The header's name, e.g. `x-access-token`.
        header: &'static str,
    },
}

/// A body field the runtime fills on every request of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommonField {
    /// The field's wire name, e.g. `access_code`.
    pub name: &'static str,
    /// Where its value comes from.
    pub fill: Fill,
}

/// Where the runtime takes a common field's value from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// The client's access code.
    AccessCode,
    /// The time of the request, in the family's [`TimestampUnit`].
    Timestamp,
    /// This fixed text.
    Constant(&'static str),
    /// The request's signature ([`Auth::HmacSha1Signature`]).
    Signature,
}

/// The unit of the `timestamp` parameter. The documentation contradicts itself (see the
/// family's docs), so the client can override the spec's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampUnit {
    /// Seconds since the Unix epoch.
    Seconds,
    /// Milliseconds since the Unix epoch.
    Milliseconds,
}

impl TimestampUnit {
    /// Now, in this unit since the Unix epoch (0 if the clock is before it): what the
    /// client signs, and what the mock stamps on the notifications it sends.
    pub(crate) fn now(self) -> u128 {
        let since_epoch = now_since_epoch();
        match self {
            TimestampUnit::Seconds => u128::from(since_epoch.as_secs()),
            TimestampUnit::Milliseconds => since_epoch.as_millis(),
        }
    }

    /// The time since the Unix epoch that a timestamp of `value` in this unit names.
    pub(crate) fn since_epoch(self, value: u64) -> std::time::Duration {
        match self {
            TimestampUnit::Seconds => std::time::Duration::from_secs(value),
            TimestampUnit::Milliseconds => std::time::Duration::from_millis(value),
        }
    }
}

/// This host's time since the Unix epoch (zero if the clock is before it): what request
/// and delivery timestamps are stamped with and checked against.
pub(crate) fn now_since_epoch() -> std::time::Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
}

/// How a response wraps its payload: `{"code":…,"data":…,"message":…}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// The field of the status code, e.g. `code`.
    pub code_field: &'static str,
    /// Whether the code is JSON text or a number.
    pub code_type: CodeType,
    /// The code of success, written as text (`"0000"`, `"0"`).
    pub success_code: &'static str,
    /// The field of the server's message, e.g. `message`.
    pub message_field: &'static str,
    /// The field of the payload, e.g. `data`.
    pub data_field: &'static str,
    /// A boolean field that is `false` on failure, when the family has one.
    pub success_flag_field: Option<&'static str>,
}

/// The JSON type of an envelope's status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeType {
    /// JSON text, e.g. `"0000"`.
    String,
    /// A JSON number, e.g. `0`.
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
