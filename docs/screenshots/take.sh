#!/usr/bin/env bash
# Regenerates the screenshots in this folder: the example portal (content/ of this
# repository, built as of 2026-11-23) in headless Chromium, at phone (360 px) and desktop
# (1280 px) widths, in Russian and Kazakh. Needs Chromium ($CHROME, chromium or
# chromium-browser) and python3 (its http.server serves the build); pngquant, if installed,
# makes the files about three times smaller. Run from anywhere:
#   docs/screenshots/take.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
browser="${CHROME:-$(command -v chromium || command -v chromium-browser)}"

out="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$out"
}
trap cleanup EXIT
(cd "$repo" && cargo run --quiet -- build --date 2026-11-23 --output "$out/public")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/public" >/dev/null 2>&1 &
server=$!
sleep 1

# name | path in Russian | path in Kazakh | window height on a phone | on a desktop
# (a redline starts below the facts of the two editions, so its pages are taken taller)
pages=(
  "index|/|/kk/|1200|1000"
  "edition|/qadam/privacy/|/kk/qadam/privacy/|1200|1000"
  "changelog|/qadam/privacy/changelog/|/kk/qadam/privacy/changelog/|1200|1000"
  "diff|/qadam/privacy/2.1/diff/|/kk/qadam/privacy/2.1/diff/|2400|1600"
  "search|/?q=персональными+данными|/kk/?q=деректерін|1200|1000"
)
for page in "${pages[@]}"; do
  IFS='|' read -r name ru kk phone desktop <<<"$page"
  for lang in ru kk; do
    path="$ru"
    [ "$lang" = kk ] && path="$kk"
    for size in "phone|360,$phone" "desktop|1280,$desktop"; do
      IFS='|' read -r device window <<<"$size"
      file="$here/$lang-$name-$device.png"
      "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --no-first-run --hide-scrollbars --force-device-scale-factor=1 \
        --virtual-time-budget=10000 --window-size="$window" \
        --screenshot="$file" "http://127.0.0.1:$port$path" >/dev/null 2>&1
      if command -v pngquant >/dev/null; then
        pngquant --force --skip-if-larger --strip --quality 75-95 --output "$file" "$file" || true
      fi
      echo "$file"
    done
  done
done
