//! Generation: parse + lint + emit + format, for the real spec and synthetic specs of
//! 10, 100 and 1,000 endpoints; plus the real spec phase by phase, to see what dominates.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// The allocator of the `lfgen` binary, so that the bench measures what it does (the
/// `linksfield` build script keeps the system allocator).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

fn real_spec(c: &mut Criterion) {
    let spec_dir = Path::new(SPEC);
    let mut group = c.benchmark_group("generation/real_spec");
    group.bench_function("total", |b| {
        b.iter(|| lfgen::generate_dir(spec_dir).unwrap())
    });

    let spec = lfgen::spec::load_dir(spec_dir).unwrap();
    let api = lfgen::ir::build(&spec).unwrap();
    let tokens = lfgen::emit::tokens(&api);
    group.bench_function("load", |b| {
        b.iter(|| lfgen::spec::load_dir(spec_dir).unwrap())
    });
    group.bench_function("lint+ir", |b| b.iter(|| lfgen::ir::build(&spec).unwrap()));
    group.bench_function("emit", |b| b.iter(|| lfgen::emit::tokens(&api)));
    group.bench_function("format", |b| {
        b.iter(|| {
            for (_, section) in &tokens {
                lfgen::format::rust(section.clone()).unwrap();
            }
        })
    });
    group.finish();
}

fn synthetic_specs(c: &mut Criterion) {
    let mut group = c.benchmark_group("generation/synthetic");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for endpoints in [10, 100, 1000] {
        let dir = tempfile::tempdir().unwrap();
        lfgen::synthetic::write_spec(dir.path(), endpoints).unwrap();
        group.throughput(Throughput::Elements(endpoints as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(endpoints),
            dir.path(),
            |b, dir| b.iter(|| lfgen::generate_dir(dir).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, real_spec, synthetic_specs);
criterion_main!(benches);
