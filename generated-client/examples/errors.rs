//! Handling errors: what each `linksfield::Error` means and what to do about it.
//!
//! `cargo run -p linksfield --example errors --features mock`

use linksfield::mock::MockServer;
use linksfield::{ApiCode, CsssCode, Error, OpenPackageRequest};

/// What a caller does with each kind of error: the match an application writes.
fn explain(error: &Error) -> String {
    match error {
        // Nothing was sent: every bad field is named (`errors.fields()`). Fix the input.
        Error::Validation(errors) => format!("fix the request: {errors}"),
        // The server refused the call. `api_code()` reads the vendor's code as a documented
        // code of its family, with its meaning when the documentation gives one.
        Error::Api { message, .. } => match error.api_code() {
            Some(ApiCode::Csss(CsssCode::Other(code))) => {
                format!("refused with undocumented code {code}: {message}")
            }
            Some(code) => format!(
                "refused: {} ({message})",
                code.meaning().unwrap_or("no documented meaning")
            ),
            None => format!("refused: {message}"),
        },
        // The call SUCCEEDED (an order may exist now) but its data is not what the
        // documentation says. Do not retry blindly: keep `data` (it may hold the order id),
        // log `reason`, and check the state with a query before acting again.
        Error::UnexpectedData { reason, data, .. } => {
            format!("succeeded, but check before retrying: {reason}; data: {data}")
        }
        // Nothing or something may have happened; a timeout is safe to retry only for
        // queries, or after checking (orders are not idempotent).
        Error::Http(_) if error.is_timeout() => "timed out: check before retrying".into(),
        Error::Http(_) if error.is_connect() => "cannot connect: retry later".into(),
        other => format!("failed: {other}"),
    }
}

async fn open_unknown_order(client: &linksfield::Client) -> Vec<String> {
    let mut seen = Vec::new();
    // Refused before sending: an order id is required.
    let empty = OpenPackageRequest {
        order_id: String::new(),
    };
    // Refused by the server: the order does not exist.
    let unknown = OpenPackageRequest {
        order_id: "NOPE".into(),
    };
    for request in [empty, unknown] {
        match client.open_package(&request).await {
            Ok(opened) => seen.push(format!("opened {}", opened.order_id)),
            Err(error) => seen.push(explain(&error)),
        }
    }
    seen
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;
    for line in open_unknown_order(&server.client()?).await {
        println!("{line}");
    }
    Ok(())
}

#[tokio::test]
async fn explains_a_refused_request_and_a_refused_call() {
    let server = MockServer::start().await.unwrap();
    let seen = open_unknown_order(&server.client().unwrap()).await;
    assert!(seen[0].starts_with("fix the request"), "{seen:?}");
    assert!(seen[1].starts_with("refused"), "{seen:?}");
}
