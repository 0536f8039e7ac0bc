#!/usr/bin/env bash
# Benchmark `redakt build` on synthetic portals: bench/run.sh [OPSxPOLICIESxEDITIONS ...]
# RUNS=N sets the timed runs per size (default 5; one untimed warm-up comes first).
# REDAKT=path benchmarks that binary instead of building this checkout (to compare builds).
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
runs=${RUNS:-5}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000x3x5)

for size in "${sizes[@]}"; do
  [[ $size =~ ^[1-9][0-9]*x[1-9][0-9]*x[1-9][0-9]*$ ]] ||
    { echo "run.sh: size '$size' is not OPERATORSxPOLICIESxEDITIONS, e.g. 1000x3x5" >&2; exit 2; }
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: RUNS must be a positive integer" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

# The disk here is slow and noisy; tmpfs keeps I/O out of the numbers.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  scratch=$(mktemp -d /dev/shm/redakt-bench.XXXXXX)
else
  scratch=$(mktemp -d)
  echo "run.sh: no writable /dev/shm, using $scratch on disk: expect noisier timings" >&2
fi
trap 'rm -rf "$scratch"' EXIT

if [ -n "${REDAKT:-}" ]; then
  bin=$(realpath "$REDAKT")
else
  echo "building release binary..." >&2
  (cd "$repo" && cargo build --release --quiet)
  bin=$(cd "$repo" && realpath "${CARGO_TARGET_DIR:-target}")/release/redakt
fi

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rows=()
for size in "${sizes[@]}"; do
  IFS=x read -r ops pols eds <<<"$size"
  editions=$((ops * pols * eds))
  site=$scratch/site-$size
  out=$scratch/out-$size
  times=$scratch/times-$size

  echo "$size: generating $editions editions..." >&2
  python3 "$bench_dir/gen.py" "$site" --operators "$ops" --policies "$pols" --editions "$eds"

  : >"$times"
  # The warm-up also writes editions.lock, so every timed run does the same work.
  for run in $(seq 0 "$runs"); do
    # A fresh output folder each time: replacing an old tree is not what we measure.
    rm -rf "$out"
    if ! /usr/bin/time -f '%e %U %S %M' -o "$scratch/time" \
        "$bin" --root "$site" build --date 2026-11-22 --output "$out" >"$scratch/log" 2>&1; then
      echo "run.sh: redakt build failed on $size:" >&2
      tail -n 30 "$scratch/log" >&2
      exit 1
    fi
    if [ "$run" -gt 0 ]; then
      tail -n 1 "$scratch/time" >>"$times"
      echo "$size: run $run/$runs: $(tail -n 1 "$scratch/time" | awk '{ printf "%.2f s wall", $1 }')" >&2
    fi
  done

  [ -d "$out" ] || { echo "run.sh: redakt build exited 0 but wrote nothing to $out" >&2; exit 1; }
  wall=$(awk '{ print $1 }' "$times" | median)
  cpu=$(awk '{ print $2 + $3 }' "$times" | median)
  rss=$(awk '{ print $4 }' "$times" | median)
  out_bytes=$(du -sb "$out" | cut -f1)
  out_files=$(find "$out" -type f | wc -l)
  rows+=("$(awk -v s="$size" -v e="$editions" -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$out_bytes" -v f="$out_files" \
    'BEGIN { printf "%-12s %9d %8.2f %8.2f %9.1f %10.0f %9.1f %8d", s, e, w, c, r / 1024, (w > 0 ? e / w : 0), b / 1048576, f }')")
  rm -rf "$site" "$out"
done

printf '%-12s %9s %8s %8s %9s %10s %9s %8s\n' size editions wall_s cpu_s rss_MiB editions/s out_MiB files
printf '%s\n' "${rows[@]}"
