#!/usr/bin/env bash
# Desktop figures: launch → window mapped (5 runs), and resident memory after
# unlocking and idle. Runs the release build under Xvfb with tiny-skia.
#
#   benches/gui.sh VAULT_DIR PASSPHRASE
#
# Fill a vault first, e.g.:
#   casebook --vault /tmp/big init --role mission --mission-code LT-LON \
#            --mission-name "Embassy in London" --officer "J. Jonaitis" --passphrase-file pass.txt
#   casebook --vault /tmp/big --passphrase-file pass.txt generate --count 100000
set -euo pipefail
vault=${1:?vault folder}; passphrase=${2:?passphrase}
binary=$(dirname "$0")/../target/release/casebook
[ -x "$binary" ] || cargo build --release
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || apt-get install -y -qq xvfb xdotool >/dev/null

Xvfb :77 -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1
export DISPLAY=:77 ICED_BACKEND=tiny-skia
window() { xdotool search --onlyvisible --name '^Casebook' 2>/dev/null | head -1; }

for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    "$binary" --vault "$vault" >/dev/null 2>&1 & app=$!
    until [ -n "$(window)" ]; do sleep 0.01; done
    end=$(date +%s.%N)
    echo "launch → window mapped: $(echo "$end - $start" | bc) s"
    kill $app; wait $app 2>/dev/null || true
done

"$binary" --vault "$vault" >/dev/null 2>&1 & app=$!
until [ -n "$(window)" ]; do sleep 0.05; done
sleep 1
xdotool windowactivate --sync "$(window)" 2>/dev/null || true
xdotool windowfocus --sync "$(window)"
xdotool type --delay 20 "$passphrase"; xdotool key Return
sleep 6
echo "after unlock ($(xdotool getwindowname "$(window)")): $(grep VmRSS /proc/$app/status)"
sleep 10
echo "idle 10 s later: $(grep VmRSS /proc/$app/status)"
kill $app; wait $app 2>/dev/null || true
