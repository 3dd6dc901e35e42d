//! A loopback TLS "server" that reads ClientHellos and hangs up: what a client offers.

use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustls::server::{Acceptor, ClientHello};

/// How long the server waits for its connections.
const LIFETIME: Duration = Duration::from_secs(20);

/// Reads up to `max` ClientHellos on a loopback port and records what `record` takes
/// of each; answers none of them.
pub fn hello_server<T: Send + 'static>(
    max: usize,
    record: fn(&ClientHello<'_>) -> T,
) -> (u16, Arc<Mutex<Vec<T>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let hellos = Arc::new(Mutex::new(Vec::new()));
    let log = hellos.clone();
    std::thread::spawn(move || {
        let started = Instant::now();
        let mut accepted = 0;
        while accepted < max && started.elapsed() < LIFETIME {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    accepted += 1;
                    stream.set_nonblocking(false).unwrap();
                    stream
                        .set_read_timeout(Some(Duration::from_secs(5)))
                        .unwrap();
                    if let Some(hello) = read_hello(&mut stream, record) {
                        log.lock().unwrap().push(hello);
                    }
                }
                Err(_) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    });
    (port, hellos)
}

fn read_hello<T>(stream: &mut TcpStream, record: fn(&ClientHello<'_>) -> T) -> Option<T> {
    let mut acceptor = Acceptor::default();
    for _ in 0..64 {
        match acceptor.read_tls(stream) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        match acceptor.accept() {
            Ok(Some(accepted)) => return Some(record(&accepted.client_hello())),
            Ok(None) => continue,
            Err(_) => return None,
        }
    }
    None
}
