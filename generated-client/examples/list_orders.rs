//! Lists every order of a SIM with the paging stream: one request per page, as you read.
//!
//! `cargo run -p linksfield --example list_orders --features mock`

use std::error::Error;
use std::pin::pin;

use linksfield::mock::MockServer;
use linksfield::paging::StreamExt;
use linksfield::{Client, Endpoint, OrderPackageRequest, QueryOrderRequest};

/// Prints every order the server lists for `device_id`, and returns how many there were.
async fn list_orders(client: &Client, device_id: &str) -> Result<usize, linksfield::Error> {
    let query = QueryOrderRequest {
        device_id: Some(device_id.into()),
        order_id: None,
        order_status: None,
        order_type: None,
        page_no: 1,   // where the stream starts
        page_size: 2, // orders per request
    };
    let mut orders = pin!(client.query_order_pages(query));
    let mut count = 0;
    // The stream ends after the last page, or after the first error. Bound it with
    // `.take(n)` if you cannot trust the server's page count.
    while let Some(order) = orders.next().await {
        let order = order?;
        println!(
            "{} status {}",
            order.order_code.as_deref().unwrap_or("?"),
            order.order_status.as_deref().unwrap_or("?")
        );
        count += 1;
    }
    Ok(count)
}

/// The mock starts with no orders: places `count` of the documented example's order and
/// returns its SIM.
async fn place_orders(client: &Client, count: usize) -> Result<String, Box<dyn Error>> {
    let example = <OrderPackageRequest as Endpoint>::OPERATION.example_request;
    let order = OrderPackageRequest::from_json(&serde_json::from_str(example.unwrap_or("{}"))?)?;
    for _ in 0..count {
        client.order_package(&order).await?;
    }
    Ok(order.device_id)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // Against the real API: `let client = Client::from_env()?;`
    let server = MockServer::start().await?;
    let client = server.client()?;
    let sim = place_orders(&client, 3).await?;
    let count = list_orders(&client, &sim).await?;
    println!("{count} orders");
    Ok(())
}

#[tokio::test]
async fn lists_every_order_across_pages() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let sim = place_orders(&client, 3).await.unwrap();
    assert_eq!(list_orders(&client, &sim).await.unwrap(), 3);
}
