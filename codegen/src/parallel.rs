//! Spreading independent work over the machine's cores, with results in input order so
//! that output never depends on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, computed by one worker per core; workers claim items
/// one at a time, so list the largest first for an even load.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut results = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else {
                            break results;
                        };
                        results.push((index, f(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            // A worker only panics if `f` does: surface that panic as it is.
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Computes `f(i)` for every `i` in `order` (a permutation of `0..order.len()`, the order
/// the work is claimed in: largest first), one worker per core, and hands each result to
/// `sink` in index order as soon as it and all before it are done, so that the results
/// are never all held at once. Stops at the first error of `sink`.
pub fn for_each_in_order<R: Send, E>(
    order: &[usize],
    f: impl Fn(usize) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(order.len());
    if workers <= 1 {
        let mut results: Vec<Option<R>> = (0..order.len()).map(|_| None).collect();
        for &index in order {
            results[index] = Some(f(index));
        }
        return results.into_iter().flatten().try_for_each(sink);
    }
    let next = AtomicUsize::new(0);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (send, receive) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let send = send.clone();
                let (next, stop, f) = (&next, &stop, &f);
                scope.spawn(move || loop {
                    let claimed = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&index) = order.get(claimed) else {
                        break;
                    };
                    if stop.load(Ordering::Relaxed) || send.send((index, f(index))).is_err() {
                        break;
                    }
                })
            })
            .collect();
        drop(send);
        // Results that arrived before the ones in front of them.
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        let mut outcome = Ok(());
        for (index, result) in receive.iter() {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&due) {
                due += 1;
                if outcome.is_ok() {
                    outcome = sink(result);
                }
            }
            if outcome.is_err() {
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        drop(receive);
        for handle in handles {
            // A worker only panics if `f` does: surface that panic as it is.
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = super::map(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |n| *n).is_empty());
    }

    #[test]
    fn results_are_handed_over_in_index_order_whatever_the_claim_order() {
        let order: Vec<usize> = (0..500).rev().collect();
        let mut seen = Vec::new();
        let done: Result<(), ()> = super::for_each_in_order(
            &order,
            |i| i * 2,
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert_eq!(done, Ok(()));
        assert_eq!(seen, (0..500).map(|i| i * 2).collect::<Vec<_>>());
        let mut count = 0;
        let stopped = super::for_each_in_order(
            &order,
            |i| i,
            |r| {
                count += 1;
                if r == 10 {
                    Err(r)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!((stopped, count), (Err(10), 11));
    }
}
