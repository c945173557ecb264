#!/usr/bin/env bash
# Builds the Debian package: target/deb/casebook_<version>_<arch>.deb.
#
#   packaging/build-deb.sh [--profile NAME]     (default: release)
#
# What goes in, and from where:
#   /usr/bin/casebook                        cargo build --profile NAME, stripped
#   /usr/share/applications/casebook.desktop packaging/casebook.desktop
#   /usr/share/icons/hicolor/…/casebook.*    assets/icons (SVG and 48/128/256 px PNG)
#   /usr/share/metainfo/…metainfo.xml        packaging/ (AppStream)
#   /usr/share/man/man1/casebook*.1.gz       generated from the clap definitions
#   bash, zsh and fish completions           generated from the clap definitions
#   /usr/share/doc/casebook/                 copyright, changelog
# Depends: the libraries the binary links (dpkg-shlibdeps) and those the
# window opens at run time (packaging/dlopen-libraries), each mapped to the
# package that holds it on this machine: computed, not written by hand.
#
# Needs dpkg-dev (dpkg-shlibdeps) and binutils (strip); `.ci/run` installs
# them. Prints the package's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8

profile=release
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) profile=$2; shift 2;;
        *) echo "build-deb: unknown argument $1" >&2; exit 2;;
    esac
done

fail() { echo "build-deb: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps dpkg-architecture strip gzip; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install dpkg-dev binutils)"
done

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || fail "no version in Cargo.toml"
arch=$(dpkg --print-architecture)
target=${CARGO_TARGET_DIR:-target}
out=$target/deb
# Who answers for the package: set where it is published.
maintainer=${CASEBOOK_MAINTAINER:-"Casebook developers <casebook@users.noreply.github.com>"}
homepage=https://github.com/casebook/casebook

echo "build-deb: cargo build --profile $profile" >&2
cargo build --locked --profile "$profile" --bin casebook >&2
dir=$profile
[ "$profile" = dev ] && dir=debug
binary=$target/$dir/casebook

rm -rf "$out/root" "$out/generated"
root=$out/root
mkdir -p "$root/DEBIAN" "$out/generated"
# Every file the package installs is root's and readable by all; the
# user's own files (the vault) are made by the program, mode 0600.
umask 022

install -D -m 0755 "$binary" "$root/usr/bin/casebook"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/casebook"

"$root/usr/bin/casebook" manuals --out "$out/generated"
mkdir -p "$root/usr/share/man/man1"
for page in "$out/generated/man/"*.1; do
    gzip -9n <"$page" >"$root/usr/share/man/man1/$(basename "$page").gz"
done
install -D -m 0644 "$out/generated/completions/casebook.bash" \
    "$root/usr/share/bash-completion/completions/casebook"
install -D -m 0644 "$out/generated/completions/_casebook" \
    "$root/usr/share/zsh/vendor-completions/_casebook"
install -D -m 0644 "$out/generated/completions/casebook.fish" \
    "$root/usr/share/fish/vendor_completions.d/casebook.fish"

install -D -m 0644 packaging/casebook.desktop "$root/usr/share/applications/casebook.desktop"
install -D -m 0644 packaging/io.github.casebook.Casebook.metainfo.xml \
    "$root/usr/share/metainfo/io.github.casebook.Casebook.metainfo.xml"
install -D -m 0644 assets/icons/casebook.svg "$root/usr/share/icons/hicolor/scalable/apps/casebook.svg"
for size in 48 128 256; do
    install -D -m 0644 "assets/icons/casebook-$size.png" \
        "$root/usr/share/icons/hicolor/${size}x${size}/apps/casebook.png"
done

doc=$root/usr/share/doc/casebook
install -d "$doc"
cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: casebook
Source: $homepage

Files: *
Copyright: 2025-2026 The Casebook developers
License: EUPL-1.2
 Licensed under the EUPL, Version 1.2 only (the "Licence"). You may not use
 this work except in compliance with the Licence. You may obtain a copy of
 the Licence at https://joinup.ec.europa.eu/software/page/eupl
 .
 The binary also contains SQLCipher, OpenSSL, zstd and the Rust crates
 listed in Cargo.lock of the source, each under its own licence.
EOF
changelog_date=$(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")
{
    echo "casebook ($version) unstable; urgency=medium"
    echo
    echo "  * Release $version, built from $("$root/usr/bin/casebook" --version)."
    echo
    echo " -- $maintainer  $changelog_date"
} | gzip -9n >"$doc/changelog.gz"

# Depends: what the binary links, as dpkg-shlibdeps finds it (it needs a
# debian/control to read; one is made for it alone).
shlib=$out/shlibdeps
rm -rf "$shlib" && mkdir -p "$shlib/debian"
printf 'Source: casebook\n\nPackage: casebook\nArchitecture: any\n' >"$shlib/debian/control"
linked=$(cd "$shlib" && dpkg-shlibdeps -O "$(realpath "../root/usr/bin/casebook")" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
[ -n "$linked" ] || fail "dpkg-shlibdeps found no dependency"

# The package holding a library on this machine (usr-merged or not).
package_of() {
    local path pkg
    case "$1" in
        */*) path=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/$1; [ -e "$path" ] || path="";;
        *) path=$(ldconfig -p | awk -v so="$1" '$1 == so { print $NF; exit }');;
    esac
    [ -n "$path" ] || fail "$1 (packaging/dlopen-libraries) is not installed here"
    for candidate in "$path" "$(realpath "$path")" "${path#/usr}" "$(realpath "$path" | sed 's|^/usr||')"; do
        pkg=$(dpkg -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1) && [ -n "$pkg" ] && {
            echo "$pkg"; return; }
    done
    fail "no package holds $1 ($path)"
}
depends=$linked
recommends=""
while read -r soname field _; do
    case "$soname" in ''|'#'*) continue;; esac
    pkg=$(package_of "$soname")
    case "$field" in
        Depends) depends="$depends, $pkg";;
        Recommends) recommends="${recommends:+$recommends, }$pkg";;
        *) fail "packaging/dlopen-libraries: unknown field $field";;
    esac
done <packaging/dlopen-libraries

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: casebook
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Recommends: $recommends
Section: misc
Priority: optional
Homepage: $homepage
Description: encrypted case records for consular staff
 Casebook lets the consular staff of a country's missions abroad record
 their contacts with people who may be victims of human trafficking, keep
 those records in an encrypted vault on their laptop, and hand encrypted,
 signed export files to the national commission that coordinates the fight
 against trafficking, which imports and consolidates them.
 .
 Each officer has their own passphrase; statistics hide small counts; a
 vault can be destroyed in seconds when a mission must be evacuated.
EOF

(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

deb=$out/casebook_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
echo "$deb"
