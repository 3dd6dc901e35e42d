//! Replay protection: a [`ReplayStore`] remembers the deliveries a [`Receiver`] accepted,
//! so the same delivery is handled once.
//!
//! A delivery is remembered under two keys: its `x-lf-delivery` id (when the header is
//! present) and its signed content (the `x-lf-md5` signature of its body). Both are
//! needed: the signature covers only the body, so anyone who captured a delivery could
//! resend it under a fresh `x-lf-delivery` id; and a platform retry may or may not reuse
//! the id (its meaning is not documented). A key is remembered for the receiver's
//! [`Receiver::replay_window`]: the time a delivery's timestamp stays acceptable.
//!
//! [`Receiver`]: super::Receiver
//! [`Receiver::replay_window`]: super::Receiver::replay_window

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

/// What a [`ReplayStore`] answers for a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remembered {
    /// None of the keys was remembered; now all are.
    New,
    /// One of the keys is remembered and not expired: the delivery was seen before.
    Replay,
    /// The store cannot remember more keys now; nothing was recorded.
    Full,
}

/// Remembers accepted deliveries. Implement it over a shared database to protect
/// several processes; [`MemoryReplayStore`] protects one.
pub trait ReplayStore: Send + Sync {
    /// Atomically: if any of `keys` is remembered and expires after `now`, answers
    /// [`Remembered::Replay`] and changes nothing; otherwise remembers every key until
    /// `expires` and answers [`Remembered::New`] (or [`Remembered::Full`], recording
    /// nothing).
    fn remember(&self, keys: &[&str], now: SystemTime, expires: SystemTime) -> Remembered;
}

/// The default capacity of a [`MemoryReplayStore`], in keys (a delivery takes one or
/// two): 65,536 keys hold 32,768 deliveries per replay window, about 90 a second with
/// the default 6-minute window.
pub const DEFAULT_REPLAY_CAPACITY: usize = 65_536;

/// An in-memory [`ReplayStore`] holding at most a fixed number of keys.
///
/// Expired keys are dropped first. When it is still full it **refuses** the delivery
/// ([`Remembered::Full`]) rather than evicting a live key: evicting would silently
/// accept a replay exactly when someone floods the receiver, while refusing is visible,
/// lasts at most one replay window, and the platform can deliver again. Only deliveries
/// that passed every other check are recorded, so filling it takes the secret (or a
/// kind accepted unsigned).
pub struct MemoryReplayStore {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    expires: HashMap<String, SystemTime>,
    /// The same keys, ordered by expiry, so every expired key is found from the front
    /// whatever order the keys were remembered in (receivers sharing a store may have
    /// different windows).
    by_expiry: BTreeSet<(SystemTime, String)>,
}

impl MemoryReplayStore {
    /// A store of [`DEFAULT_REPLAY_CAPACITY`] keys.
    pub fn new() -> Self {
        Self::with_capacity(DEFAULT_REPLAY_CAPACITY)
    }

    /// A store of at most `capacity` keys.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            capacity,
            state: Mutex::new(State::default()),
        }
    }

    /// The number of keys remembered (expired ones included until they are dropped).
    pub fn len(&self) -> usize {
        self.lock().expires.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is consistent after every statement, so a panic elsewhere while
        // holding the lock leaves nothing half-done.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for MemoryReplayStore {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MemoryReplayStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryReplayStore")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

impl ReplayStore for MemoryReplayStore {
    fn remember(&self, keys: &[&str], now: SystemTime, expires: SystemTime) -> Remembered {
        let mut state = self.lock();
        state.drop_expired(now);
        let live = |key: &&str| state.expires.get(*key).is_some_and(|until| *until > now);
        if keys.iter().any(live) {
            return Remembered::Replay;
        }
        let new = keys
            .iter()
            .filter(|key| !state.expires.contains_key(**key))
            .count();
        if state.expires.len() + new > self.capacity {
            return Remembered::Full;
        }
        for key in keys {
            state.insert(key, expires);
        }
        Remembered::New
    }
}

impl State {
    /// Remembers `key` until `until`, replacing any earlier record of it.
    fn insert(&mut self, key: &str, until: SystemTime) {
        if let Some(old) = self.expires.insert(key.to_string(), until) {
            self.by_expiry.remove(&(old, key.to_string()));
        }
        self.by_expiry.insert((until, key.to_string()));
    }

    fn drop_expired(&mut self, now: SystemTime) {
        while let Some(first) = self.by_expiry.first() {
            if first.0 > now {
                break;
            }
            if let Some((_, key)) = self.by_expiry.pop_first() {
                self.expires.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn a_key_is_a_replay_until_it_expires() {
        let store = MemoryReplayStore::with_capacity(4);
        assert_eq!(store.remember(&["a", "x"], at(0), at(10)), Remembered::New);
        assert_eq!(store.remember(&["a"], at(5), at(15)), Remembered::Replay);
        // Either key is enough.
        assert_eq!(
            store.remember(&["b", "x"], at(5), at(15)),
            Remembered::Replay
        );
        assert_eq!(store.remember(&["a"], at(10), at(20)), Remembered::New);
    }

    #[test]
    fn a_full_store_refuses_and_records_nothing_until_keys_expire() {
        let store = MemoryReplayStore::with_capacity(2);
        assert_eq!(store.remember(&["a"], at(0), at(10)), Remembered::New);
        assert_eq!(store.remember(&["b"], at(1), at(11)), Remembered::New);
        assert_eq!(store.remember(&["c"], at(2), at(12)), Remembered::Full);
        // The live keys were kept, and the refused one was not recorded.
        assert_eq!(store.remember(&["a"], at(3), at(13)), Remembered::Replay);
        assert_eq!(store.len(), 2);
        // Once "a" expires there is room.
        assert_eq!(store.remember(&["c"], at(10), at(20)), Remembered::New);
        assert_eq!(store.remember(&["b"], at(10), at(20)), Remembered::Replay);
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn a_key_remembered_again_is_not_dropped_by_its_old_expiry() {
        let store = MemoryReplayStore::with_capacity(8);
        // "long" expires after "a", so "a"'s first record is not dropped at once.
        store.remember(&["long"], at(0), at(25));
        store.remember(&["a"], at(0), at(10));
        assert_eq!(store.remember(&["a"], at(20), at(40)), Remembered::New);
        // Dropping "long" reaches "a"'s first record; the second must survive it.
        store.remember(&["z"], at(26), at(46));
        assert_eq!(store.remember(&["a"], at(27), at(47)), Remembered::Replay);
    }

    #[test]
    fn keys_that_expired_out_of_insertion_order_make_room() {
        // "a" expires before "long", which was remembered first: the store is full only
        // of "long" and an expired key.
        let store = MemoryReplayStore::with_capacity(2);
        assert_eq!(store.remember(&["long"], at(0), at(100)), Remembered::New);
        assert_eq!(store.remember(&["a"], at(0), at(10)), Remembered::New);
        assert_eq!(store.remember(&["b"], at(20), at(30)), Remembered::New);
    }
}
