//! Replay protection: a [`ReplayStore`] remembers the deliveries a [`Receiver`]'s
//! handler processed, so the same delivery is handled once.
//!
//! A delivery is known by two keys: its `x-lf-delivery` id (when the header is present)
//! and its signed content (the `x-lf-md5` signature of its body). Both are needed: the
//! signature covers only the body, so anyone who captured a delivery could resend it
//! under a fresh `x-lf-delivery` id; and a platform retry may or may not reuse the id
//! (its meaning is not documented).
//!
//! Recording takes two steps, so a delivery is never lost to a failed handler:
//! 1. parsing **claims** the keys ([`ReplayStore::claim`]): a duplicate arriving while
//!    the handler runs is [`Claimed::InProgress`];
//! 2. the handler reports success ([`Delivery::processed`]) and the keys are
//!    **remembered** as processed ([`ReplayStore::processed`]); a duplicate is then
//!    [`Claimed::Replay`]. A claim dropped unprocessed (the handler failed or panicked)
//!    is **released** ([`ReplayStore::release`]), so the platform's retry is processed.
//!
//! Claims and processed keys last the receiver's [`Receiver::replay_window`] (the time a
//! delivery's timestamp stays acceptable), counted from when they were made; a handler
//! that takes longer than the window may see a duplicate claimed again.
//!
//! [`Receiver`]: super::Receiver
//! [`Receiver::replay_window`]: super::Receiver::replay_window
//! [`Delivery::processed`]: super::Delivery::processed

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::NotifyError;

/// What a [`ReplayStore`] answers when a delivery is claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claimed {
    /// None of the keys was held; now all are, as in progress.
    New,
    /// A key is held by a delivery being processed now (claimed, not yet processed or
    /// released); nothing changed.
    InProgress,
    /// A key is remembered as processed and not expired: the delivery was handled
    /// before; nothing changed.
    Replay,
    /// The store cannot hold more keys now; nothing changed.
    Full,
}

/// Remembers which deliveries are being processed and which were. Implement it over a
/// shared database to protect several processes; [`MemoryReplayStore`] protects one.
pub trait ReplayStore: Send + Sync {
    /// Atomically: if any of `keys` is held and expires after `now`, answers
    /// [`Claimed::Replay`] (when one of them was processed) or [`Claimed::InProgress`]
    /// and changes nothing; otherwise holds every key as in progress until `until` and
    /// answers [`Claimed::New`] (or [`Claimed::Full`], holding nothing).
    fn claim(&self, keys: &[&str], now: SystemTime, until: SystemTime) -> Claimed;

    /// The delivery claimed under `keys` was processed: remember them as processed
    /// until `until`.
    fn processed(&self, keys: &[&str], until: SystemTime);

    /// The claim made under `keys` with `claimed_until` was abandoned: forget those
    /// keys still held in progress by that claim (a key claimed again since, after the
    /// claim expired, has a later expiry and is kept).
    fn release(&self, keys: &[&str], claimed_until: SystemTime);
}

/// The default capacity of a [`MemoryReplayStore`], in keys (a delivery takes one or
/// two): 65,536 keys hold 32,768 deliveries per replay window, about 90 a second with
/// the default 6-minute window.
pub const DEFAULT_REPLAY_CAPACITY: usize = 65_536;

/// An in-memory [`ReplayStore`] holding at most a fixed number of keys.
///
/// Expired keys are dropped first. When it is still full it **refuses** the delivery
/// ([`Claimed::Full`]) rather than evicting a live key: evicting would silently
/// accept a replay exactly when someone floods the receiver, while refusing is visible,
/// lasts at most one replay window, and the platform can deliver again. Only deliveries
/// that passed every other check are claimed, so filling it takes the secret (or a
/// kind accepted unsigned).
pub struct MemoryReplayStore {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    entries: HashMap<String, Entry>,
    /// The same keys, ordered by expiry, so every expired key is found from the front
    /// whatever order the keys were claimed in (receivers sharing a store may have
    /// different windows).
    by_expiry: BTreeSet<(SystemTime, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    until: SystemTime,
    processed: bool,
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
        self.lock().entries.len()
    }

    /// Whether no delivery id is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        crate::sync::lock(&self.state)
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
    fn claim(&self, keys: &[&str], now: SystemTime, until: SystemTime) -> Claimed {
        let mut state = self.lock();
        state.drop_expired(now);
        // Every entry left expires after `now`.
        let held: Vec<Entry> = keys
            .iter()
            .filter_map(|key| state.entries.get(*key).copied())
            .collect();
        if held.iter().any(|entry| entry.processed) {
            return Claimed::Replay;
        }
        if !held.is_empty() {
            return Claimed::InProgress;
        }
        if state.entries.len() + keys.len() > self.capacity {
            return Claimed::Full;
        }
        for key in keys {
            state.insert(key, until, false);
        }
        Claimed::New
    }

    fn processed(&self, keys: &[&str], until: SystemTime) {
        let mut state = self.lock();
        for key in keys {
            // A claim that expired meanwhile may have been dropped: record it again
            // while there is room (never beyond the capacity).
            if state.entries.contains_key(*key) || state.entries.len() < self.capacity {
                state.insert(key, until, true);
            }
        }
    }

    fn release(&self, keys: &[&str], claimed_until: SystemTime) {
        let mut state = self.lock();
        let ours = Entry {
            until: claimed_until,
            processed: false,
        };
        for key in keys {
            if state.entries.get(*key) == Some(&ours) {
                state.remove(key);
            }
        }
    }
}

impl State {
    /// Holds `key` until `until`, replacing any earlier record of it.
    fn insert(&mut self, key: &str, until: SystemTime, processed: bool) {
        let entry = Entry { until, processed };
        if let Some(old) = self.entries.insert(key.to_string(), entry) {
            self.by_expiry.remove(&(old.until, key.to_string()));
        }
        self.by_expiry.insert((until, key.to_string()));
    }

    fn remove(&mut self, key: &str) {
        if let Some(old) = self.entries.remove(key) {
            self.by_expiry.remove(&(old.until, key.to_string()));
        }
    }

    fn drop_expired(&mut self, now: SystemTime) {
        while let Some(first) = self.by_expiry.first() {
            if first.0 > now {
                break;
            }
            if let Some((_, key)) = self.by_expiry.pop_first() {
                self.entries.remove(&key);
            }
        }
    }
}

/// A delivery's keys, held in a [`ReplayStore`] until the handler reports it processed
/// ([`Claim::processed`]); dropped unprocessed, it releases them so a retry is processed.
/// Without replay protection it holds nothing.
#[must_use = "call `processed()` once the handler has acted on the delivery; dropping the claim forgets it"]
pub struct Claim(Option<Held>);

struct Held {
    store: Arc<dyn ReplayStore>,
    keys: Vec<String>,
    claimed_until: SystemTime,
    window: Duration,
}

impl Claim {
    pub(super) fn none() -> Self {
        Self(None)
    }

    /// Claims `keys` in `store` for `window` from now.
    pub(super) fn new(
        store: &Arc<dyn ReplayStore>,
        keys: Vec<String>,
        window: Duration,
    ) -> Result<Self, NotifyError> {
        let now = SystemTime::now();
        let claimed_until = later_by(now, window);
        let borrowed: Vec<&str> = keys.iter().map(String::as_str).collect();
        match store.claim(&borrowed, now, claimed_until) {
            Claimed::New => Ok(Self(Some(Held {
                store: store.clone(),
                keys,
                claimed_until,
                window,
            }))),
            Claimed::InProgress => Err(NotifyError::InProgress),
            Claimed::Replay => Err(NotifyError::Replayed),
            Claimed::Full => Err(NotifyError::ReplayStoreFull),
        }
    }

    /// Records the delivery as processed: the same delivery is [`Claimed::Replay`] for
    /// the replay window from now.
    pub fn processed(mut self) {
        if let Some(held) = self.0.take() {
            let until = later_by(SystemTime::now(), held.window);
            held.store.processed(&held.borrowed_keys(), until);
        }
    }
}

impl Held {
    fn borrowed_keys(&self) -> Vec<&str> {
        self.keys.iter().map(String::as_str).collect()
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some(held) = self.0.take() {
            held.store
                .release(&held.borrowed_keys(), held.claimed_until);
        }
    }
}

impl fmt::Debug for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claim")
            .field("held", &self.0.is_some())
            .finish()
    }
}

/// `at + by`, or the latest time this platform can represent near it when that overflows
/// (`max_age(Duration::MAX)`): a window too long to represent is "forever", never "now".
pub(super) fn later_by(at: SystemTime, mut by: Duration) -> SystemTime {
    // Halving reaches a representable sum within ~100 steps (`at + 0` always is).
    loop {
        if let Some(later) = at.checked_add(by) {
            return later;
        }
        by /= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    /// Claims `keys` and, when new, records them processed with the same expiry.
    fn remember(store: &MemoryReplayStore, keys: &[&str], now: u64, until: u64) -> Claimed {
        let claimed = store.claim(keys, at(now), at(until));
        if claimed == Claimed::New {
            store.processed(keys, at(until));
        }
        claimed
    }

    #[test]
    fn a_key_is_a_replay_until_it_expires() {
        let store = MemoryReplayStore::with_capacity(4);
        assert_eq!(remember(&store, &["a", "x"], 0, 10), Claimed::New);
        assert_eq!(remember(&store, &["a"], 5, 15), Claimed::Replay);
        // Either key is enough.
        assert_eq!(remember(&store, &["b", "x"], 5, 15), Claimed::Replay);
        assert_eq!(remember(&store, &["a"], 10, 20), Claimed::New);
    }

    #[test]
    fn a_full_store_refuses_and_records_nothing_until_keys_expire() {
        let store = MemoryReplayStore::with_capacity(2);
        assert_eq!(remember(&store, &["a"], 0, 10), Claimed::New);
        assert_eq!(remember(&store, &["b"], 1, 11), Claimed::New);
        assert_eq!(remember(&store, &["c"], 2, 12), Claimed::Full);
        // The live keys were kept, and the refused one was not recorded.
        assert_eq!(remember(&store, &["a"], 3, 13), Claimed::Replay);
        assert_eq!(store.len(), 2);
        // Once "a" expires there is room.
        assert_eq!(remember(&store, &["c"], 10, 20), Claimed::New);
        assert_eq!(remember(&store, &["b"], 10, 20), Claimed::Replay);
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn a_key_remembered_again_is_not_dropped_by_its_old_expiry() {
        let store = MemoryReplayStore::with_capacity(8);
        remember(&store, &["long"], 0, 25);
        remember(&store, &["a"], 0, 10);
        assert_eq!(remember(&store, &["a"], 20, 40), Claimed::New);
        remember(&store, &["z"], 26, 46);
        assert_eq!(remember(&store, &["a"], 27, 47), Claimed::Replay);
    }

    #[test]
    fn keys_that_expired_out_of_insertion_order_make_room() {
        // "a" expires before "long", which was remembered first: the store is full only
        // of "long" and an expired key.
        let store = MemoryReplayStore::with_capacity(2);
        assert_eq!(remember(&store, &["long"], 0, 100), Claimed::New);
        assert_eq!(remember(&store, &["a"], 0, 10), Claimed::New);
        assert_eq!(remember(&store, &["b"], 20, 30), Claimed::New);
    }

    #[test]
    fn a_claim_is_in_progress_until_processed_and_forgotten_when_released() {
        let store = MemoryReplayStore::with_capacity(4);
        assert_eq!(store.claim(&["a", "x"], at(0), at(10)), Claimed::New);
        assert_eq!(store.claim(&["x"], at(1), at(11)), Claimed::InProgress);
        store.release(&["a", "x"], at(10));
        assert!(store.is_empty());
        assert_eq!(store.claim(&["a", "x"], at(2), at(12)), Claimed::New);
        store.processed(&["a", "x"], at(20));
        // Processed keys last until their own expiry, past the claim's.
        assert_eq!(store.claim(&["a"], at(15), at(25)), Claimed::Replay);
        // Releasing after processing changes nothing.
        store.release(&["a", "x"], at(12));
        assert_eq!(store.claim(&["x"], at(16), at(26)), Claimed::Replay);
    }

    #[test]
    fn releasing_an_expired_claim_keeps_the_claim_made_since() {
        let store = MemoryReplayStore::with_capacity(4);
        assert_eq!(store.claim(&["a"], at(0), at(10)), Claimed::New);
        assert_eq!(store.claim(&["a"], at(10), at(20)), Claimed::New);
        store.release(&["a"], at(10));
        assert_eq!(store.claim(&["a"], at(11), at(21)), Claimed::InProgress);
    }

    #[test]
    fn an_unrepresentable_expiry_is_far_in_the_future() {
        let now = SystemTime::now();
        let until = later_by(now, Duration::MAX);
        assert!(until > now + Duration::from_secs(1_000 * 365 * 86_400));
        assert_eq!(later_by(now, Duration::ZERO), now);
    }
}
