#!/usr/bin/env bash
# Exchange figures: export and import time and peak memory (RSS) for N
# generated cases, with the release build and calibrated key derivation.
#
#   benches/exchange.sh 10000 100000
#
# For each N: a mission vault with N synthetic cases exports everything; a
# commission vault imports the file (all new), then imports a second full
# export of the same cases (all unchanged). Prints one line per step.
set -euo pipefail
# `generate` makes synthetic cases, which are never exported nor counted
# (issue 15, docs/threat-model.md), so this script no longer has cases to
# send. The same rows (export, import of new and of unchanged cases, memory
# growth) are in the suite: cargo bench --bench suite --features bench-baseline
echo "benches/exchange.sh: generated cases are synthetic and never exported;" \
    "use 'cargo bench --bench suite --features bench-baseline'" >&2
exit 2
binary=$(dirname "$0")/../target/release/casebook
[ -x "$binary" ] || cargo build --release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "amber river lantern quietly" > "$work/pass"

measure() { # label, then the command
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>"$work/err" || { cat "$work/err"; exit 1; }
    read -r seconds kib < "$work/time"
    printf '%-34s %8.2f s   peak RSS %6.1f MB\n' "$label" "$seconds" "$(echo "$kib / 1024" | bc -l)"
}

for n in "${@:-10000 100000}"; do
    rm -rf "$work/mission" "$work/commission" "$work"/*.age
    c=(--vault "$work/commission" --passphrase-file "$work/pass")
    m=(--vault "$work/mission" --passphrase-file "$work/pass")
    "$binary" "${c[@]}" init --role commission --officer "A. Analyst" >/dev/null 2>&1
    "$binary" "${c[@]}" commission-key --out "$work/commission.pub" >/dev/null
    "$binary" "${m[@]}" init --role mission --mission-code LT-LON --mission-name "Embassy in London" \
        --officer "J. Jonaitis" --commission-key "$work/commission.pub" >/dev/null 2>&1
    "$binary" "${m[@]}" generate --count "$n" >/dev/null
    echo "== $n cases"
    measure "export (all, encrypt + sign)" "$binary" "${m[@]}" export --out "$work/1.age" --all
    ls -l "$work/1.age" | awk '{printf "%-34s %8.1f MB\n", "export file size", $5 / 1048576}'
    measure "verify (writes nothing)" "$binary" "${c[@]}" verify "$work/1.age"
    measure "import, all new" "$binary" "${c[@]}" import --approve-new-mission "$work/1.age"
    "$binary" "${m[@]}" export --out "$work/2.age" --all >/dev/null
    measure "import, all unchanged" "$binary" "${c[@]}" import "$work/2.age"
    if command -v age >/dev/null; then
        "$binary" "${c[@]}" identity-backup --out "$work/id.age" --backup-passphrase-file "$work/pass" >/dev/null 2>&1 || true
    fi
done
echo "(each figure includes opening the vault: about 0.5-1 s of key derivation)"
