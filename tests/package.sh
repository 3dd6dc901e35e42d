#!/usr/bin/env bash
# The published crates as a registry would serve them: `cargo package` builds each of
# lf-formats, lfgen and linksfield alone from its .crate (the workspace's own crates
# resolved from the others' packages); then a consumer crate that depends on the packaged
# linksfield builds and runs the quickstart against the embedded mock. Run by the README's
# test command.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/consumer.sh

# `cargo package` unpacks the workspace's packages into
# $CARGO_HOME/registry/src/-<hash of the target directory>/ to verify them, and a later run
# of the same version reuses that copy as it stands (cargo 1.95 re-extracts only a missing
# one): today's sources would not be the ones verified. Remove those copies first.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/{lf-formats,lfgen,linksfield}-[0-9]*

# Cargo treats those unpacked packages as immutable registry sources: it never looks at
# their files again, so an earlier run's build of the same version would be reused as
# fresh. Forget every build of the three crates (the workspace's own rebuild in seconds).
target=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
rm -rf "$target"/debug/.fingerprint/{lf-formats,lfgen,linksfield}-*

cargo package --workspace --exclude workspace-tests --allow-dirty

packages="$target/package"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' generated-client/Cargo.toml | head -1)
consumer="$packages/consumer"
rm -rf "$consumer"
write_consumer "$consumer" "$packages" "$version"
cp "$packages/linksfield-$version/Cargo.lock" "$consumer/Cargo.lock"
CARGO_TARGET_DIR="$target" timeout 900 cargo run --quiet --manifest-path "$consumer/Cargo.toml" |
    tee "$consumer/quickstart.log" | tail -1
grep -q "listed order" "$consumer/quickstart.log"
