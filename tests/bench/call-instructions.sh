#!/usr/bin/env bash
# Instructions per orderPackage call, the client's and raw reqwest's, counted by
# callgrind (BENCHMARKS.md §8): counts do not move with the machine's load as rates do.
# Each side runs twice, with 100 and 600 calls after the same warm-up; the difference
# over 500 calls is one call's cost, the in-process mock's share included. Note that
# valgrind hides SHA-NI, so SHA-1 runs in software here and signing counts more than it
# costs natively; the figure without SHA-1 is printed too.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 2; }
binary=$(cargo bench -p linksfield --features mock --bench call_instructions --no-run \
    --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "call_instructions" and m.get("executable"):
        print(m["executable"])')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # side calls -> "total sha1"
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$binary" "$1" "$2" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes --show-percs=no "$out/cg" 2>/dev/null | python3 -c '
import sys
total = sha = 0
for line in sys.stdin:
    parts = line.split()
    if not parts or not parts[0].replace(",", "").isdigit():
        continue
    value = int(parts[0].replace(",", ""))
    if "PROGRAM TOTALS" in line:
        total = value
    elif "sha1::compress::compress " in line + " " and sha == 0:
        sha = value
print(total, sha)'
}
declare -A per_call per_call_without_sha
for side in client raw; do
    read -r total_100 sha_100 < <(count "$side" 100)
    read -r total_600 sha_600 < <(count "$side" 600)
    per_call[$side]=$(( (total_600 - total_100) / 500 ))
    per_call_without_sha[$side]=$(( (total_600 - total_100 - sha_600 + sha_100) / 500 ))
    echo "$side: ${per_call[$side]} instructions per call, ${per_call_without_sha[$side]} without SHA-1"
done
python3 -c "print(f'raw reqwest / client: {${per_call[raw]} / ${per_call[client]}:.3f}, without SHA-1 {${per_call_without_sha[raw]} / ${per_call_without_sha[client]}:.3f}')"
