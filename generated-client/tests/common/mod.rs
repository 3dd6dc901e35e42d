//! What the integration tests share. Above all a raw HTTP/1.1 server on loopback, on its
//! own thread: it writes exactly the bytes a test gives (redirects, huge or endless
//! bodies), which a well-behaved framework would not, and it counts the connections it
//! accepts. Also a Mall request, and a TLS hello reader ([`hello`]).

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub mod hello;

/// How long a server waits for connections before it stops.
const LIFETIME: Duration = Duration::from_secs(30);
/// How long a server waits on one read or write.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// The most bytes of one request a server reads.
const MAX_REQUEST: usize = 1 << 20;

pub struct Server {
    pub url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Server {
    /// The connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The requests read so far, head and body, as received.
    pub fn requests(&self) -> Vec<Vec<u8>> {
        self.requests.lock().unwrap().clone()
    }
}

/// Serves up to `max_connections` connections, one at a time: reads the request, then
/// lets `answer` write the response (and the connection is closed).
pub fn serve(max_connections: usize, answer: impl Fn(&mut TcpStream) + Send + 'static) -> Server {
    serve_on(
        TcpListener::bind("127.0.0.1:0").unwrap(),
        max_connections,
        answer,
    )
}

/// [`serve`] on `listener`: another address, or a port fixed in advance.
pub fn serve_on(
    listener: TcpListener,
    max_connections: usize,
    answer: impl Fn(&mut TcpStream) + Send + 'static,
) -> Server {
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let (count, log) = (connections.clone(), requests.clone());
    std::thread::spawn(move || {
        let started = Instant::now();
        let mut accepted = 0;
        while accepted < max_connections && started.elapsed() < LIFETIME {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    accepted += 1;
                    count.fetch_add(1, Ordering::SeqCst);
                    stream.set_nonblocking(false).unwrap();
                    stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
                    stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
                    log.lock().unwrap().push(read_request(&mut stream));
                    answer(&mut stream);
                }
                Err(error) if error.kind() == ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                Err(_) => break,
            }
        }
    });
    Server {
        url,
        connections,
        requests,
    }
}

/// The request's head and its `Content-Length` body (bounded by [`MAX_REQUEST`]).
pub fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut request = Vec::new();
    let mut buffer = [0; 4096];
    while request.len() < MAX_REQUEST {
        if let Some(head_end) = find(&request, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            if request.len() >= head_end + 4 + length {
                break;
            }
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => request.extend_from_slice(&buffer[..read]),
        }
    }
    request
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// A complete response with a `Content-Length` body.
pub fn response(status_line: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status_line}\r\nconnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    text.into_bytes()
}

/// Writes `bytes`, ignoring a client that hung up.
pub fn write(stream: &mut TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(bytes);
}

/// The example success response of operation `name`.
pub fn example_response(name: &str) -> String {
    linksfield::OPERATIONS
        .iter()
        .find(|operation| operation.name == name)
        .and_then(|operation| operation.example_response)
        .unwrap()
        .to_string()
}

/// A preOrderPackage (Mall) request: a call authenticated by the access token.
pub fn mall_order() -> linksfield::PreOrderPackageRequest {
    linksfield::PreOrderPackageRequest {
        currency: Some("USD".into()),
        currency_id: Some(2),
        device_type: Some("10".into()),
        discount_flag: Some(0),
        id: Some(1000000),
        money: Some(5.into()),
        package_code: Some("LP20220325000000".into()),
        package_num: Some(1),
        partner_code: Some("1000000005".into()),
        period_num: Some(1),
    }
}

/// The bytes a huge body repeats: written from static memory, so the server side of a
/// test allocates nothing however much it sends.
static PAGE: [u8; 64 * 1024] = [b'x'; 64 * 1024];

/// Writes a `status_line` response whose body is `pages` copies of [`PAGE`], declared
/// with `Content-Length` or sent chunked, and stops when the client hangs up.
pub fn write_huge(stream: &mut TcpStream, status_line: &str, pages: usize, chunked: bool) {
    let framing = if chunked {
        "transfer-encoding: chunked".to_string()
    } else {
        format!("content-length: {}", pages * PAGE.len())
    };
    let head = format!("HTTP/1.1 {status_line}\r\ncontent-type: text/html\r\n{framing}\r\n\r\n");
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let chunk_head = format!("{:x}\r\n", PAGE.len());
    for _ in 0..pages {
        let written = if chunked {
            stream
                .write_all(chunk_head.as_bytes())
                .and_then(|()| stream.write_all(&PAGE))
                .and_then(|()| stream.write_all(b"\r\n"))
        } else {
            stream.write_all(&PAGE)
        };
        if written.is_err() {
            return;
        }
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n");
    }
}
