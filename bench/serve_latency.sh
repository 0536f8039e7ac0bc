#!/usr/bin/env bash
# Latency of `redakt serve`: write one edition file → the new text served over HTTP.
#   bench/serve_latency.sh [OPERATORSxPOLICIESxEDITIONS ...]   (default 1000x3x5)
# EDITS=N sets the edits per size (default 25); REDAKT=path measures that binary.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
edits=${EDITS:-25}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000x3x5)

for size in "${sizes[@]}"; do
  [[ $size =~ ^[1-9][0-9]*x[1-9][0-9]*x[1-9][0-9]*$ ]] ||
    { echo "serve_latency.sh: size '$size' is not OPERATORSxPOLICIESxEDITIONS, e.g. 1000x3x5" >&2; exit 2; }
done
[[ $edits =~ ^[1-9][0-9]*$ ]] || { echo "serve_latency.sh: EDITS must be a positive integer" >&2; exit 2; }

# tmpfs keeps the slow disk out of the numbers (and inotify works there as anywhere).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  scratch=$(mktemp -d /dev/shm/redakt-latency.XXXXXX)
else
  scratch=$(mktemp -d)
  echo "serve_latency.sh: no writable /dev/shm, using $scratch on disk: expect noisier timings" >&2
fi
trap 'rm -rf "$scratch"' EXIT

echo "building release binaries..." >&2
(cd "$repo" && cargo build --release --quiet && cargo build --release --quiet --example serve_latency)
target=$(cd "$repo" && realpath "${CARGO_TARGET_DIR:-target}")
bin=${REDAKT:+$(realpath "$REDAKT")}
bin=${bin:-$target/release/redakt}

for size in "${sizes[@]}"; do
  IFS=x read -r ops pols eds <<<"$size"
  site=$scratch/site-$size
  echo "$size: generating $((ops * pols * eds)) editions..." >&2
  python3 "$bench_dir/gen.py" "$site" --operators "$ops" --policies "$pols" --editions "$eds"
  echo "== $size ($((ops * pols * eds)) editions), $edits edits" >&2
  "$target/release/examples/serve_latency" --redakt "$bin" --root "$site" --edits "$edits" | sed "s/^/$size: /"
  rm -rf "$site"
done
