//! Receiving notifications (the platform posting to your URL) in an axum handler: check the
//! signature and age, act, mark the delivery processed, answer the acknowledgement.
//! See the README's "Security" section for what the receiver refuses and why.
//!
//! `cargo run -p linksfield --example notifications --features mock`

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use linksfield::mock::{MockServer, DEFAULT_SECRET};
use linksfield::notify::{
    MemoryReplayStore, Notification, NotificationKind, NotifyError, Receiver, ACKNOWLEDGEMENT,
};

/// Your work: store the SMS, update the order... An error here means "not processed".
async fn act_on(notification: &Notification) -> Result<(), String> {
    match notification {
        Notification::SmsUplinkTyped(sms) => {
            println!("SMS from SIM {}", sms.sim_id.as_deref().unwrap_or("?"));
        }
        // Unsigned kinds and unrecognized bodies are hints: confirm them against the API.
        other => println!("{:?}: confirm before acting", other.kind()),
    }
    Ok(())
}

async fn callback(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let status = match receiver.parse(&headers, &body) {
        Ok(delivery) => match act_on(delivery.notification()).await {
            Ok(()) => {
                // Only now: a delivery dropped unprocessed is released, so a retry is handled.
                delivery.processed();
                ACKNOWLEDGEMENT.status
            }
            Err(_) => 500,
        },
        // Processed before: acknowledge, so the platform stops resending.
        Err(error) if error.acknowledge() => ACKNOWLEDGEMENT.status,
        // Being processed by another request right now: let the platform retry.
        Err(NotifyError::InProgress) => 503,
        // Forged, stale, malformed: refuse.
        Err(_) => 400,
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, ACKNOWLEDGEMENT.body)
}

/// Serves `POST /linksfield/notify` on a local port; returns its URL.
async fn serve(secret: &str) -> std::io::Result<String> {
    let receiver = Receiver::new(secret).replay_protection(Arc::new(MemoryReplayStore::new()));
    let app = Router::new()
        .route("/linksfield/notify", post(callback))
        .with_state(Arc::new(receiver));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/linksfield/notify", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Your secret in production; the mock signs with its own.
    let url = serve(DEFAULT_SECRET).await?;
    let platform = MockServer::start().await?;
    let status = platform
        .send_notification(&url, NotificationKind::SmsUplinkTyped)
        .await?;
    println!("the handler answered HTTP {status}");
    Ok(())
}

#[tokio::test]
async fn acknowledges_a_signed_delivery_and_refuses_a_forged_one() {
    let platform = MockServer::start().await.unwrap();
    let url = serve(DEFAULT_SECRET).await.unwrap();
    let kind = NotificationKind::SmsUplinkTyped;
    let status = platform.send_notification(&url, kind).await.unwrap();
    assert_eq!(status, ACKNOWLEDGEMENT.status);
    let other = serve("another secret").await.unwrap();
    assert_eq!(platform.send_notification(&other, kind).await.unwrap(), 400);
}
