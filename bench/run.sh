#!/usr/bin/env bash
# Benchmark `redakt build` against Hugo on the same synthetic portals, on tmpfs:
#   bench/run.sh [OPERATORSxPOLICIESxEDITIONS ...]          (default 1000x3x5)
# RUNS=N        timed runs per size and tool (default 5; an untimed warm-up of each first)
# REDAKT=path   benchmark that binary instead of building this checkout
# HUGO=auto     install Hugo from Debian if missing; if that fails, measure Redakt alone
# HUGO=1        the same, but fail when Hugo cannot be had; HUGO=0 measures Redakt alone
# SERVE=1       then run bench/serve_latency.sh on the same sizes (EDITS=N passes through)
# See bench/README.md for what is measured and what the columns mean.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
runs=${RUNS:-5}
want_hugo=${HUGO:-auto}
serve=${SERVE:-0}
date=2026-11-22 # a fixed "today": every generated edition is published by then

# usage [STATUS]: print the usage to stderr (stdout for --help) and exit.
usage() {
  local status=${1:-2}
  {
    echo "usage: bench/run.sh [OPERATORSxPOLICIESxEDITIONS ...]   e.g. bench/run.sh 100x3x5 1000x3x5"
    echo "       environment: RUNS=5 REDAKT=path HUGO=auto|1|0 SERVE=0|1 (see bench/README.md)"
  } >&$((status ? 2 : 1))
  exit "$status"
}
fail() { echo "run.sh: $*" >&2; exit 1; }

case "${1:-}" in -h | --help) usage 0 ;; esac
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000x3x5)
for size in "${sizes[@]}"; do
  [[ $size =~ ^[1-9][0-9]*x[1-9][0-9]*x[1-9][0-9]*$ ]] ||
    { echo "run.sh: size '$size' is not OPERATORSxPOLICIESxEDITIONS, e.g. 1000x3x5" >&2; usage; }
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: RUNS must be a positive integer, not '$runs'" >&2; usage; }
[[ $want_hugo =~ ^(auto|0|1)$ ]] || { echo "run.sh: HUGO must be auto, 1 or 0, not '$want_hugo'" >&2; usage; }
[[ $serve =~ ^[01]$ ]] || { echo "run.sh: SERVE must be 0 or 1, not '$serve'" >&2; usage; }
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "run.sh: needs python3 (3.11 or newer) for bench/gen.py" >&2; exit 2; }
if [ -n "${REDAKT:-}" ]; then
  [ -f "$REDAKT" ] && [ -x "$REDAKT" ] || { echo "run.sh: REDAKT=$REDAKT is not an executable file" >&2; usage; }
fi

# The disk here is slow and noisy; tmpfs keeps I/O out of the numbers.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  scratch=$(mktemp -d /dev/shm/redakt-bench.XXXXXX)
else
  scratch=$(mktemp -d)
  echo "run.sh: no writable /dev/shm, using $scratch on disk: expect noisier timings" >&2
fi
trap 'rm -rf "$scratch"' EXIT

# Hugo: Debian's package (0.111 on bookworm), installed when missing.
hugo_note=""
install_hugo() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { hugo_note="not installed, and installing it needs root or sudo"; return 1; }
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null || { hugo_note="not installed, and there is no apt-get"; return 1; }
  echo "installing Hugo: apt-get install hugo..." >&2
  if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends hugo; } \
    >"$scratch/apt.log" 2>&1; then
    tail -n 5 "$scratch/apt.log" >&2
    hugo_note="apt-get install hugo failed (output above)"
    return 1
  fi
}
use_hugo=0
if [ "$want_hugo" != 0 ]; then
  if command -v hugo >/dev/null || install_hugo; then
    use_hugo=1
  elif [ "$want_hugo" = 1 ]; then
    fail "Hugo is unavailable: $hugo_note"
  else
    echo "run.sh: Hugo is unavailable ($hugo_note); measuring Redakt alone" >&2
  fi
else
  hugo_note="HUGO=0"
fi

if [ -n "${REDAKT:-}" ]; then
  bin=$(realpath "$REDAKT")
else
  echo "building release binary..." >&2
  (cd "$repo" && cargo build --release --quiet)
  bin=$(cd "$repo" && realpath "${CARGO_TARGET_DIR:-target}")/release/redakt
fi

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Edition pages, /<op>/<policy>/<version>/index.html, the one page kind both tools write.
edition_pages() {
  (cd "$1" && find . -regextype posix-extended -regex '\./[^/]+/[^/]+/[0-9]+(\.[0-9]+)*/index\.html' | wc -l)
}

# timed TOOL RUN OUT COMMAND...: run COMMAND into a fresh OUT under GNU time; RUN 0 is the
# warm-up, the others append "wall user sys maxrss_KiB" to $scratch/times-TOOL.
timed() {
  local tool=$1 run=$2 out=$3
  shift 3
  rm -rf "$out"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$scratch/time" "$@" >"$scratch/log" 2>&1; then
    echo "run.sh: $tool failed on $size:" >&2
    tail -n 30 "$scratch/log" >&2
    exit 1
  fi
  [ -d "$out" ] || fail "$tool exited 0 on $size but wrote nothing to $out"
  if [ "$run" -gt 0 ]; then
    tail -n 1 "$scratch/time" >>"$scratch/times-$tool"
    echo "$size: run $run/$runs: $tool $(tail -n 1 "$scratch/time" | awk '{ printf "%.2f s wall", $1 }')" >&2
  fi
}

# row TOOL OUT: append TOOL's row of medians to the table; sets $wall to its median wall time.
row() {
  local tool=$1 out=$2 cpu rss out_bytes out_files pages ratio="-"
  wall=$(awk '{ print $1 }' "$scratch/times-$tool" | median)
  cpu=$(awk '{ print $2 + $3 }' "$scratch/times-$tool" | median)
  rss=$(awk '{ print $4 }' "$scratch/times-$tool" | median)
  out_bytes=$(du -sb "$out" | cut -f1)
  out_files=$(find "$out" -type f | wc -l)
  pages=$(edition_pages "$out")
  echo "$size: $tool wrote $pages edition pages for $editions editions ($out_files files)" >&2
  [ "$pages" -eq "$editions" ] || fail "$tool wrote $pages edition pages for $editions editions on $size"
  if [ "$tool" = hugo ]; then
    ratio=$(awk -v h="$wall" -v r="$redakt_wall" 'BEGIN { printf "%.2f", (r > 0 ? h / r : 0) }')
  fi
  awk -v s="$size" -v t="$tool" -v e="$editions" -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$out_bytes" \
    -v f="$out_files" -v p="$pages" -v x="$ratio" -v fmt="$row_format" 'BEGIN {
      printf fmt, s, t, e, w, c, r / 1024, w * 1e6 / e, c * 1e6 / e, r / e, b / 1048576, f, p, x }' \
    >>"$scratch/table"
}
row_format='%-10s %-6s %8d %7.2f %7.2f %8.1f %10.0f %9.0f %7.1f %8.1f %8d %8d %11s\n'
head_format='%-10s %-6s %8s %7s %7s %8s %10s %9s %7s %8s %8s %8s %11s\n'

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$scratch/table"
for size in "${sizes[@]}"; do
  IFS=x read -r ops pols eds <<<"$size"
  editions=$((ops * pols * eds))
  site=$scratch/site-$size hugo_site=$scratch/hugo-$size
  out=$scratch/out-redakt hugo_out=$scratch/out-hugo
  rm -f "$scratch"/times-*

  # Per edition: ~11 KB of Markdown for each tool, Redakt's output (~30 KB with diff pages,
  # feeds, API and search index) and Hugo's (~13 KB); 100 KB leaves room to spare.
  need_kib=$((editions * 100)) free_kib=$(df -Pk "$scratch" | awk 'NR == 2 { print $4 }')
  [ "$free_kib" -ge "$need_kib" ] ||
    fail "$size needs about $((need_kib / 1024)) MiB free in $(dirname "$scratch"), only $((free_kib / 1024)) MiB are"

  echo "$size: generating $editions editions..." >&2
  python3 "$bench_dir/gen.py" "$site" --operators "$ops" --policies "$pols" --editions "$eds"
  if [ "$use_hugo" = 1 ]; then
    echo "$size: writing the Hugo site..." >&2
    python3 "$bench_dir/hugo_site.py" "$site" "$hugo_site" >/dev/null
  fi

  # Alternate the tools run by run, so a burst of load elsewhere hits both alike. The
  # warm-up (run 0) also writes editions.lock, so every timed Redakt run does the same work.
  for run in $(seq 0 "$runs"); do
    # A first build every time: no cached redlines, no record of an earlier output.
    rm -rf "$site/.redakt-cache"
    timed redakt "$run" "$out" "$bin" --root "$site" build --date "$date" --output "$out"
    if [ "$use_hugo" = 1 ]; then
      timed hugo "$run" "$hugo_out" hugo --source "$hugo_site" --destination "$hugo_out" \
        --cacheDir "$scratch/hugo-cache" --quiet
    fi
  done

  row redakt "$out"
  redakt_wall=$wall
  if [ "$use_hugo" = 1 ]; then row hugo "$hugo_out"; fi
  # The next size needs the room (60,000 editions are several GiB on tmpfs).
  rm -rf "$site" "$hugo_site" "$out" "$hugo_out"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "Redakt $("$bin" --version 2>/dev/null | awk '{ print $NF }') ($bin)," \
  "$([ "$use_hugo" = 1 ] && hugo version | awk '{ print "Hugo " $2 }' || echo "Hugo unavailable: $hugo_note")," \
  "medians of $runs run(s), $(nproc) cores, load average $load_before before and $load_after after"
# shellcheck disable=SC2059 # the format is ours
printf "$head_format" size tool editions wall_s cpu_s rss_MiB wall_us/ed cpu_us/ed KiB/ed out_MiB files pages hugo/redakt
cat "$scratch/table"

if [ "$serve" = 1 ]; then
  echo
  "$bench_dir/serve_latency.sh" "${sizes[@]}"
fi
