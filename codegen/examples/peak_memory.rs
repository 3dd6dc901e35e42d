//! Peak heap memory of generation per spec field, on synthetic specs of growing size:
//! the figure should stay flat (linear memory), and small.
//!
//! `cargo run --release -p lfgen --example peak_memory -- 100 1000`
//! (endpoint counts; default 100 and 1000). Counts every allocation through the system
//! allocator, so the figure is the heap the generator holds at once, not RSS.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes live now and at most.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|arg| arg.parse().expect("endpoint counts"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1000]
    } else {
        sizes
    };
    println!("endpoints  fields  peak heap (MiB)  per field (KiB)");
    for endpoints in sizes {
        let dir = tempfile::tempdir().unwrap();
        lfgen::synthetic::write_spec(dir.path(), endpoints).unwrap();
        let fields: usize = lfgen::spec::load_dir(dir.path())
            .unwrap()
            .endpoints
            .iter()
            .flat_map(|e| lfgen::spec::walk::endpoint_shapes(&e.doc))
            .map(|(_, shapes)| shapes.len())
            .sum();
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let generated = lfgen::generate_dir(dir.path()).unwrap();
        let peak = PEAK.load(Ordering::Relaxed) - before;
        drop(generated);
        println!(
            "{endpoints:>9}  {fields:>6}  {:>15.1}  {:>15.1}",
            peak as f64 / (1024.0 * 1024.0),
            peak as f64 / fields as f64 / 1024.0
        );
    }
}
