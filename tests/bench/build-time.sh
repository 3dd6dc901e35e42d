#!/usr/bin/env bash
# Build cost of the generated client, reproducibly:
#  1. clean build of generated-client (`linksfield`) with all its dependencies;
#  2. rebuild of the workspace crates alone (dependencies already built);
#  3. after a real edit of one spec file: regenerating the checked-in code
#     (tests/regen.sh, with lfgen already built) and the rebuild, listing what recompiled;
#  4. the size of the generated source in lines.
# Uses its own target directory so it never disturbs (or benefits from) ./target.
set -euo pipefail
cd "$(dirname "$0")/../.."

export CARGO_TARGET_DIR="${BUILD_TIME_TARGET:-$PWD/target/build-time}"
spec_file=spec/endpoints/csss/open_package.yaml
generated=generated-client/src/generated.rs
backup=$(mktemp -d)
cp "$spec_file" "$backup/spec.yaml"
cp "$generated" "$backup/generated.rs"
trap 'cp "$backup/spec.yaml" "$spec_file"; cp "$backup/generated.rs" "$generated"; rm -rf "$backup"' EXIT

seconds() { # runs "$@", prints the wall time in seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

rm -rf "$CARGO_TARGET_DIR"
clean=$(seconds cargo build -p linksfield)

cargo clean -q -p linksfield -p lf-formats
crates_only=$(seconds cargo build -p linksfield)

# A real edit: the description of one field changes, so the generated source changes.
# The maintainer's lfgen is built once; regenerating and rebuilding are timed apart.
cargo build -q -p lfgen
sed -i 's/en: Data plan order ID./en: Data plan order ID (edited)./' "$spec_file"
regenerate=$(seconds bash tests/regen.sh)
git diff --quiet -- "$generated" && { echo "the edit did not change $generated" >&2; exit 1; }
start=$(date +%s.%N)
recompiled=$(cargo build -p linksfield --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
names=set()
for line in sys.stdin:
    m=json.loads(line)
    if m.get("reason")=="compiler-artifact" and not m.get("fresh"):
        names.add(m["target"]["name"])
print(" ".join(sorted(names)))')
end=$(date +%s.%N)
incremental=$(echo "$end - $start" | bc)

lines=$(wc -l < "$generated")

cat <<REPORT
machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(rustc --version)
clean build of linksfield (with dependencies): ${clean} s
rebuild of the workspace crates only:          ${crates_only} s
after one spec edit: regenerate (tests/regen.sh) ${regenerate} s, then rebuild ${incremental} s
  recompiled: ${recompiled}
generated source: ${lines} lines ($generated)
REPORT
