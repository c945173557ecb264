#!/usr/bin/env bash
# The Debian package, proved as a user would meet it (issue 19):
#
#   build it (packaging/build-deb.sh); desktop-file-validate, appstreamcli
#   validate and lintian on what it holds; install it with dpkg -i (and
#   apt-get -f install for its dependencies); `casebook --version`, `man
#   casebook` and the bash completion; the desktop entry's Exec line started
#   under Xvfb opens the first-run window (a screenshot is saved), and every
#   library the window loads belongs to a package casebook depends on or
#   recommends; `dpkg -r casebook` removes the program and leaves a vault
#   made by the installed program untouched.
#
#   packaging/test-deb.sh [--profile NAME]    (passed to build-deb.sh)
#
# Installs and removes a system package: run as root (CI) or with sudo.
# The screenshot goes to target/deb/installed-first-run.png.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8

fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
step() { echo "test-deb: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
for tool in desktop-file-validate appstreamcli lintian Xvfb xdotool import man; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (.ci/run installs it)"
done
dpkg -s casebook >/dev/null 2>&1 && fail "casebook is installed already; remove it first (dpkg -r casebook)"

deb=$(packaging/build-deb.sh "$@" | tail -n1)
[ -f "$deb" ] || fail "build-deb.sh made no package"
out=$(dirname "$deb")
step "built $deb ($(du -h "$deb" | cut -f1))"

root=$(mktemp -d /tmp/casebook-test-deb.XXXXXX)
xvfb_pid=""; app_pid=""
cleanup() {
    local status=$?
    set +e
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    dpkg -s casebook >/dev/null 2>&1 && as_root dpkg -r casebook >/dev/null 2>&1
    rm -rf "$root"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# What the package holds, checked before it is installed.
dpkg-deb -x "$deb" "$root/contents"
desktop-file-validate "$root/contents/usr/share/applications/casebook.desktop" ||
    fail "desktop-file-validate"
appstreamcli validate --no-net \
    "$root/contents/usr/share/metainfo/io.github.casebook.Casebook.metainfo.xml" >&2 ||
    fail "appstreamcli validate"
# Errors fail; warnings are printed (docs/packaging.md lists those left and why).
lintian --fail-on error --tag-display-limit 0 "$deb" >"$root/lintian.txt" 2>&1 || {
    cat "$root/lintian.txt" >&2; fail "lintian reports errors"; }
step "lintian: $(grep -c '^E:' "$root/lintian.txt" || true) errors, $(grep -c '^W:' "$root/lintian.txt" || true) warnings"
sed 's/^/    /' "$root/lintian.txt" >&2

step "installing"
as_root dpkg -i "$deb" >/dev/null 2>"$root/dpkg.log" || {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >/dev/null ||
        { cat "$root/dpkg.log" >&2; fail "the package's dependencies could not be installed"; }
}
dpkg -s casebook | grep -q '^Status: install ok installed' || fail "casebook is not installed"
[ "$(command -v casebook)" = /usr/bin/casebook ] || fail "casebook is not /usr/bin/casebook"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
said=$(casebook --version)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo "unknown")
[[ "$said" == "casebook $version (commit $commit)" ]] ||
    fail "casebook --version says '$said', not 'casebook $version (commit $commit)'"
step "casebook --version: $said"

MANPAGER=cat MANWIDTH=80 man casebook >"$root/man.txt" 2>/dev/null || fail "man casebook"
grep -q 'casebook' "$root/man.txt" && grep -q 'destroy' "$root/man.txt" ||
    fail "man casebook does not list the commands"
MANPAGER=cat man casebook-export >/dev/null 2>&1 || fail "man casebook-export"
completion=$(bash -c 'source /usr/share/bash-completion/completions/casebook && complete -p casebook')
[[ "$completion" == *casebook* ]] || fail "the bash completion does not complete casebook"
step "man casebook, man casebook-export and the bash completion work"

# A user's vault, made by the installed program in the platform data folder
# (HOME of the test): it must outlive the package's removal.
mkdir -p "$root/home" "$root/tmp"
export HOME=$root/home TMPDIR=$root/tmp XDG_DATA_HOME=$root/home/data \
    XDG_CONFIG_HOME=$root/home/config XDG_CACHE_HOME=$root/home/cache
unset CASEBOOK_VAULT
printf '%s\n' 'correct horse battery staple 2026' >"$root/pass"

# The desktop entry's Exec line, as the menu starts it, on a fresh HOME:
# the first-run screen.
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/casebook.desktop)
[ -n "$exec_line" ] || fail "the installed desktop entry has no Exec line"
# shellcheck source=tests/window/xvfb.sh
source tests/window/xvfb.sh
start_xvfb "$root"
# shellcheck disable=SC2086 # the Exec line is split into words as the menu does
env LANG=en_GB.UTF-8 $exec_line >"$root/app.log" 2>&1 &
app_pid=$!
win=""
deadline=$((SECONDS + 60))
until win=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n1) && [ -n "$win" ]; do
    kill -0 "$app_pid" 2>/dev/null || { cat "$root/app.log" >&2; fail "the window exited"; }
    [ "$SECONDS" -lt "$deadline" ] || fail "no window within 60 s"
    sleep 0.2
done
[ "$(readlink "/proc/$app_pid/exe")" = /usr/bin/casebook ] || fail "the menu did not start /usr/bin/casebook"
# The window's class is what the desktop matches with StartupWMClass.
xdotool search --class '^casebook$' 2>/dev/null | grep -qx "$win" ||
    fail "the window's class is not casebook (the desktop entry's StartupWMClass)"
# Drawing takes a moment after the window is mapped.
sleep 3
import -window "$win" "$out/installed-first-run.png"
step "the menu's command opened the first-run window ($out/installed-first-run.png)"

# Every library the window loaded (GPU drivers included) belongs to a
# package in the closure of what casebook depends on or recommends.
closure() {
    local -A seen=()
    local queue=(casebook) pkg deps dep
    while [ ${#queue[@]} -gt 0 ]; do
        pkg=${queue[0]}; queue=("${queue[@]:1}")
        [ -n "${seen[$pkg]:-}" ] && continue
        seen[$pkg]=1
        deps=$(dpkg-query -W -f='${Pre-Depends}, ${Depends}, ${Recommends}, ${Provides}' "$pkg" 2>/dev/null) || continue
        for dep in $(echo "$deps" | tr ',|' '\n\n' | sed 's/(.*)//; s/:any//; s/^ *//; s/ *$//' | grep -v '^$'); do
            queue+=("$dep")
        done
        # A virtual package a dependency names: the packages providing it.
        for dep in $(dpkg-query -W -f='${Package} ${Provides}\n' 2>/dev/null |
            awk -v p="$pkg" '{ for (i = 2; i <= NF; i++) { sub(/,$/, "", $i); if ($i == p) print $1 } }'); do
            queue+=("$dep")
        done
    done
    printf '%s\n' "${!seen[@]}"
}
closure | sort >"$root/closure"
missing=""
for lib in $(grep -o '/[^ ]*\.so[^ ]*' "/proc/$app_pid/maps" | sort -u); do
    pkg=""
    for candidate in "$lib" "${lib#/usr}" "$(realpath "$lib")" "$(realpath "$lib" | sed 's|^/usr||')"; do
        pkg=$(dpkg -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1) && [ -n "$pkg" ] && break
    done
    [ -n "$pkg" ] || { missing="$missing $lib(no package)"; continue; }
    grep -qx "$pkg" "$root/closure" || missing="$missing $lib($pkg)"
done
[ -z "$missing" ] || fail "the window loaded libraries of packages casebook neither depends on nor recommends:$missing"
step "every library the window loaded comes with casebook's dependencies"
kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
app_pid=""

casebook init --role mission --mission-code LT-LON --mission-name "Embassy in London" \
    --officer "J. Jonaitis" --passphrase-file "$root/pass" >/dev/null
vault=$HOME/data/casebook/vault
[ -d "$vault" ] || fail "the installed casebook made no vault in $vault"
(cd "$vault" && find . -type f -exec sha256sum {} + | sort) >"$root/vault.before"

step "removing"
as_root dpkg -r casebook >/dev/null
[ ! -e /usr/bin/casebook ] || fail "/usr/bin/casebook is still there after dpkg -r"
[ ! -e /usr/share/applications/casebook.desktop ] || fail "the desktop entry is still there"
(cd "$vault" && find . -type f -exec sha256sum {} + | sort) >"$root/vault.after"
cmp -s "$root/vault.before" "$root/vault.after" || fail "dpkg -r changed the user's vault"
[ -s "$root/vault.after" ] || fail "the vault is empty"
step "ok: built, validated, installed, started from the menu entry, removed; the vault kept ($(wc -l <"$root/vault.after") files)"
