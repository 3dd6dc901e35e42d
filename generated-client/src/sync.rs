//! Locking shared state that stays usable when a previous holder panicked.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex` even if a previous holder panicked. For state that is consistent after
/// every statement (the mock's, the replay store's), so a panic elsewhere while holding
/// the lock leaves nothing half-done.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
