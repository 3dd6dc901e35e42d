//! Accepting and serving connections (#13): HTTP/1.1 through hyper, with a header-read
//! timeout, an idle timeout and a cap on connections served at once, so slow or idle
//! clients (slowloris) cannot keep others out.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::idle::{Activity, Watched};
use super::limits::Limits;

/// How long to wait after a failed `accept` (say, out of file descriptors) before the
/// next, so the loop does not spin.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// Serves `app` on `listener` until the task running it is aborted, which also closes
/// every open connection (they live in this task's `JoinSet`).
pub(crate) async fn serve(listener: TcpListener, app: Router, limits: Limits) {
    // At least one slot, or nothing would ever be served.
    let slots = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(slots));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        // Wait for a free slot before accepting: the clients beyond the cap wait in the
        // listener's backlog rather than hold a descriptor of the mock's.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let activity = Activity::new();
        let io = TokioIo::new(Watched::new(stream, activity.clone()));
        let connection = http.serve_connection(io, TowerToHyperService::new(app.clone()));
        let idle_timeout = limits.idle_timeout;
        connections.spawn(async move {
            // Dropping the connection (when idle too long) closes it.
            tokio::select! {
                _ = connection => {}
                _ = activity.idle_for(idle_timeout) => {}
            }
            drop(slot);
        });
    }
}
