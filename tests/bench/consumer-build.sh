#!/usr/bin/env bash
# What `linksfield` costs a consumer to build, reproducibly (BENCHMARKS.md, "Consumer build"):
#  1. `cargo package` linksfield and lf-formats (no verification) and unpack the .crate
#     files: what a registry would serve;
#  2. a fresh consumer crate depending on the unpacked `linksfield` (features = ["mock"])
#     by path, with `lf-formats` patched to its unpacked copy (as
#     `cargo package --workspace` resolves it); its `main` is the packaged quickstart;
#  3. the floor: a crate with only linksfield's runtime dependencies, the same versions and
#     features, and an empty `main` (no build script, no generated code);
#  4. a clean debug build of each, in its own empty target directory, one after the other:
#     wall time and CPU time (user + system, all processes); then the consumer runs the
#     quickstart against the embedded mock.
# Needs the crates in cargo's cache (any earlier build of the workspace); deletes its
# folder when done unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/consumer.sh
workspace=$PWD
work="${CONSUMER_BUILD_DIR:-$workspace/target/consumer-build}"
rm -rf "$work"
mkdir -p "$work"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT

# 1. The packages, unpacked.
CARGO_TARGET_DIR="$work/package-target" cargo package --quiet --allow-dirty --no-verify \
    -p lf-formats -p linksfield
mkdir -p "$work/crates"
for crate in "$work"/package-target/package/*.crate; do
    tar xzf "$crate" -C "$work/crates"
done
crates="$work/crates"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' generated-client/Cargo.toml | head -1)

# 2. The consumer.
write_consumer "$work/consumer" "$crates" "$version"

# 3. The floor: linksfield's [dependencies] as the packaged manifest states them, with the
#    optional ones the `mock` feature enables (and that feature's extra tokio features).
mkdir -p "$work/floor/src"
echo 'fn main() {}' >"$work/floor/src/main.rs"
python3 - "$crates/linksfield-$version/Cargo.toml" "$crates/lf-formats-$version" \
    >"$work/floor/Cargo.toml" <<'PY'
import json, sys, tomllib
manifest = tomllib.load(open(sys.argv[1], "rb"))
mock = manifest["features"]["mock"]
enabled = {f[4:] for f in mock if f.startswith("dep:")}
extra = {}
for f in mock:
    if "/" in f:
        dep, feature = f.split("/")
        extra.setdefault(dep, []).append(feature)
print('[package]\nname = "floor"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n')
print("[dependencies]")
for name, spec in manifest["dependencies"].items():
    spec = {"version": spec} if isinstance(spec, str) else dict(spec)
    if spec.pop("optional", False) and name not in enabled:
        continue
    if name == "lf-formats":
        spec = {"path": sys.argv[2]}
    spec["features"] = sorted(set(spec.get("features", []) + extra.get(name, [])))
    fields = ", ".join(f"{key} = {json.dumps(value)}" for key, value in spec.items())
    print(f"{name} = {{ {fields} }}")
print("\n[workspace]")
PY

# The same versions for both: the packaged crate's lock file.
cp "$crates/linksfield-$version/Cargo.lock" "$work/consumer/Cargo.lock"
cp "$crates/linksfield-$version/Cargo.lock" "$work/floor/Cargo.lock"

# 4. Clean builds. /usr/bin/time reports the children's user and system time.
measure() { # name: builds $work/name from nothing; prints "wall cpu"
    local dir="$work/$1"
    (cd "$dir" && cargo fetch --quiet)
    /usr/bin/time -f '%e %U %S' -o "$dir/time" \
        env CARGO_TARGET_DIR="$dir/target" cargo build --quiet --manifest-path "$dir/Cargo.toml"
    awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' "$dir/time"
}
read -r floor_wall floor_cpu < <(measure floor)
read -r consumer_wall consumer_cpu < <(measure consumer)
"$work/consumer/target/debug/consumer" >"$work/quickstart.log"
grep -q "listed order" "$work/quickstart.log"
# linksfield ships its generated code: it should have no build script and no
# build-dependencies (0 here).
build_deps=$(cd "$work/consumer" && cargo tree -e normal,build --target all -p linksfield |
    sed -n '/^\[build-dependencies\]/,/^\[/p' | { grep -o '[a-z0-9_-]* v[0-9][^ ]*' || true; } |
    sort -u | wc -l)

cat <<REPORT
machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(rustc --version)
floor (linksfield's runtime dependencies only): ${floor_wall} s wall, ${floor_cpu} s CPU
consumer of the packaged linksfield:            ${consumer_wall} s wall, ${consumer_cpu} s CPU
ratio to the floor: $(echo "scale=2; $consumer_wall / $floor_wall" | bc) wall, $(echo "scale=2; $consumer_cpu / $floor_cpu" | bc) CPU
crates in linksfield's build-dependency tree: ${build_deps}
quickstart: $(tail -1 "$work/quickstart.log")
REPORT
