//! Sending a request with another HTTP stack: `Client::prepare` gives the validated, signed
//! request without sending it; `linksfield::decode_response` turns the answer into the same
//! typed result or `Error` that the client's own method returns.
//!
//! `cargo run -p linksfield --example prepared_request --features mock`

use std::io::{Read, Write};
use std::net::TcpStream;

use linksfield::mock::MockServer;
use linksfield::{Client, PreparedRequest, QueryOrderRequest, QueryOrderResponse};

/// Stands for your HTTP stack: here plain HTTP/1.0 over a `TcpStream`, enough for the
/// local mock. Yours adds TLS and pooling, and must not follow redirects (the body is
/// signed for this server only). Returns the status and the body.
fn send(prepared: &PreparedRequest) -> std::io::Result<(u16, Vec<u8>)> {
    let invalid = || std::io::Error::other("unexpected URL or response");
    let rest = prepared.url.strip_prefix("http://").ok_or_else(invalid)?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host)?;
    write!(
        stream,
        "{} {path} HTTP/1.0\r\nHost: {host}\r\n",
        prepared.method
    )?;
    for (name, value) in &prepared.headers {
        write!(stream, "{name}: {value}\r\n")?;
    }
    write!(stream, "Content-Length: {}\r\n\r\n", prepared.body.len())?;
    stream.write_all(prepared.body.as_bytes())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n");
    let head_end = head_end.ok_or_else(invalid)?;
    let status_line = String::from_utf8_lossy(&response[..head_end]);
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok());
    Ok((
        status.ok_or_else(invalid)?,
        response[head_end + 4..].to_vec(),
    ))
}

async fn first_page(client: &Client) -> Result<QueryOrderResponse, Box<dyn std::error::Error>> {
    let query = QueryOrderRequest {
        device_id: None,
        order_id: None,
        order_status: None,
        order_type: None,
        page_no: 1,
        page_size: 10,
    };
    // Validated and signed now (an invalid request is `Error::Validation`, nothing sent).
    let prepared = client.prepare(&query)?;
    let (status, body) = tokio::task::spawn_blocking(move || send(&prepared)).await??;
    // The same decoding, limits aside, as `client.query_order(&query)`.
    Ok(linksfield::decode_response::<QueryOrderRequest>(
        status, &body,
    )?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;
    let page = first_page(&server.client()?).await?;
    println!("{} orders on the first page", page.package_order.len());
    Ok(())
}

#[tokio::test]
async fn decodes_the_answer_of_a_request_sent_elsewhere() {
    let server = MockServer::start().await.unwrap();
    let page = first_page(&server.client().unwrap()).await.unwrap();
    assert_eq!(server.received().len(), 1);
    assert!(page.package_order.len() <= 10);
}
