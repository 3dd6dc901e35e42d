#!/usr/bin/env bash
# Regenerates the generated code checked in beside the hand-written runtime, from the
# workspace root: the client from spec/, and the unit tests' fixture code from
# generated-client/tests/fixture-spec. Run it after every spec edit, then review the diff
# of the spec and of the generated code together. tests/generated_fresh.rs fails until
# both files are what their spec generates.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet -p lfgen -- generate spec --out generated-client/src/generated.rs
cargo run --quiet -p lfgen -- generate generated-client/tests/fixture-spec \
    --out generated-client/tests/fixture/generated.rs
