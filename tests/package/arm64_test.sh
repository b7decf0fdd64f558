#!/usr/bin/env bash
# tests/package: package_arm64 (see CMakeLists.txt here). The arm64 packages, cross-built on
# this amd64 machine by `scripts/build-deb --arch arm64`: their fields, files and Depends, and
# the arm64 kiosk's headless screenshot under qemu-user, compared with this build's own kiosk
# drawing the same page at the same moment.
# Exit 0 pass, 1 fail, 77 skipped (with the reason).
set -euo pipefail
src=${COI_SOURCE_DIR:?}
build=${COI_BUILD_DIR:?}
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "skipped: $*"; exit 77; }

[ "${COI_SANITIZE:-0}" != 1 ] || skip "a sanitizer build is not packaged"
[ "$(dpkg --print-architecture)" = amd64 ] || skip "the arm64 cross-build runs on amd64 machines only"
[ "${COI_LONG_TESTS:-0}" = 1 ] ||
  skip "cross-builds the kiosk and kiosk-content for arm64 from scratch (about 15 minutes on 2 cores) and may install the cross toolchain; runs with scripts/test --long"

work=$(mktemp -d /tmp/coi-arm64-XXXXXX)
trap 'rm -rf "$work"' EXIT
triplet=aarch64-linux-gnu

# 1. The packages, from the same script a release uses. The cross build directory lives in
#    this build's tree, so a second run only rebuilds what changed.
deb_build=${COI_ARM64_BUILD_DIR:-$build/arm64-deb}
if command -v ccache >/dev/null; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
started=$SECONDS
COI_DEB_BUILD_DIR=$deb_build COI_DEB_OUT_DIR=$work/debs "$src/scripts/build-deb" --arch arm64 > "$work/build.log" 2>&1 ||
  { tail -n 60 "$work/build.log"; fail "scripts/build-deb --arch arm64"; }
echo "cross build: $((SECONDS - started)) s"
kiosk_deb=$(ls "$work"/debs/come-on-in-kiosk_*_arm64.deb) || fail "no come-on-in-kiosk_*_arm64.deb"
content_deb=$(ls "$work"/debs/come-on-in-content_*_arm64.deb) || fail "no come-on-in-content_*_arm64.deb"

# 2. What the packages say and hold.
for deb in "$kiosk_deb" "$content_deb"; do
  [ "$(dpkg-deb -f "$deb" Architecture)" = arm64 ] || fail "$(basename "$deb"): Architecture is $(dpkg-deb -f "$deb" Architecture)"
done
[ "$(dpkg-deb -f "$kiosk_deb" Package)" = come-on-in-kiosk ] || fail "kiosk package name"
[ "$(dpkg-deb -f "$content_deb" Package)" = come-on-in-content ] || fail "content package name"
# Debian's package names are the same on every architecture: the arm64 packages depend on
# exactly what this (amd64) build's packages depend on.
configured_depends() { sed -n "s/^set(CPACK_DEBIAN_$1_PACKAGE_DEPENDS \"\(.*\)\")\$/\1/p" "$build/CPackConfig.cmake"; }
[ -n "$(configured_depends KIOSK)" ] || fail "no kiosk Depends in $build/CPackConfig.cmake"
[ "$(dpkg-deb -f "$kiosk_deb" Depends)" = "$(configured_depends KIOSK)" ] || fail "the arm64 kiosk's Depends differ from amd64's"
[ "$(dpkg-deb -f "$content_deb" Depends)" = "$(configured_depends CONTENT)" ] || fail "the arm64 content's Depends differ from amd64's"

dpkg-deb -c "$kiosk_deb" > "$work/kiosk.list"
dpkg-deb -c "$content_deb" > "$work/content.list"
for f in ./usr/bin/kiosk ./usr/lib/systemd/system/kiosk.service ./etc/come-on-in/kiosk.toml \
         ./usr/share/doc/come-on-in-kiosk/examples/kiosk.example.toml; do
  grep -q " $f\$" "$work/kiosk.list" || fail "come-on-in-kiosk (arm64) lacks $f"
done
for f in ./usr/bin/kiosk-content ./usr/lib/systemd/system/kiosk-content.service ./etc/kiosk-content.toml \
         ./usr/share/kiosk-content/web/index.html; do
  grep -q " $f\$" "$work/content.list" || fail "come-on-in-content (arm64) lacks $f"
done
dpkg-deb -x "$kiosk_deb" "$work/kroot"
dpkg-deb -x "$content_deb" "$work/croot"

# The binaries are arm64, stripped, and every library they need comes from a package that
# Depends names (looked up among the machine's :arm64 multiarch libraries).
check_binary() {
  local deb=$1 binary=$2 depends lib file pkg dir
  [ "$(readelf -h "$binary" | awk -F: '/Machine:/ {gsub(/^ +/, "", $2); print $2}')" = AArch64 ] || fail "$binary is not an AArch64 program"
  ! readelf -S "$binary" | grep -q '\.debug_info' || fail "$binary is not stripped"
  depends=$(dpkg-deb -f "$deb" Depends)
  for lib in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    file=""
    for dir in /usr/lib/$triplet /lib/$triplet /usr/lib /lib; do
      [ -e "$dir/$lib" ] && { file=$dir/$lib; break; }
    done
    [ -n "$file" ] || fail "$(basename "$binary") needs $lib, which no :arm64 package on this machine provides"
    pkg=$(dpkg -S "$file" 2>/dev/null || dpkg -S "${file/#\/usr/}" 2>/dev/null || dpkg -S "$(readlink -f "$file")" 2>/dev/null) ||
      fail "$lib ($file): no package owns it"
    pkg=${pkg%%:*}
    [[ ", $depends," == *", $pkg "* || ", $depends," == *", $pkg,"* ]] || fail "$(basename "$deb"): needs $lib from $pkg, which Depends does not list"
  done
}
check_binary "$kiosk_deb" "$work/kroot/usr/bin/kiosk"
check_binary "$content_deb" "$work/croot/usr/bin/kiosk-content"

# 3. The arm64 kiosk under qemu-user, with the machine's :arm64 libraries (multiarch puts
#    /lib/ld-linux-aarch64.so.1 where the program asks for it), as installed: the packaged config.
qemu=$(command -v qemu-aarch64-static) || fail "qemu-aarch64-static is missing (scripts/setup-cross installs qemu-user-static)"
arm_kiosk=("$qemu" "$work/kroot/usr/bin/kiosk")
"${arm_kiosk[@]}" --check-config "$work/kroot/etc/come-on-in/kiosk.toml" || fail "the arm64 kiosk refuses its packaged config"
shot_args=(--config "$work/kroot/etc/come-on-in/kiosk.toml" --size 1920x1080 --at 2026-11-24T11:05 --page whats-on)
started=$SECONDS
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "${arm_kiosk[@]}" "${shot_args[@]}" --data "$work/arm64-data" \
  --screenshot "$work/arm64.png" > "$work/arm64.log" 2>&1 || { cat "$work/arm64.log"; fail "the arm64 kiosk's --screenshot under qemu"; }
echo "arm64 screenshot under qemu: $((SECONDS - started)) s"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "${COI_KIOSK:?}" "${shot_args[@]}" --data "$work/amd64-data" \
  --screenshot "$work/amd64.png" > "$work/amd64.log" 2>&1 || { cat "$work/amd64.log"; fail "this build's kiosk --screenshot"; }
# Kept for a look: the arm64 page and this build's, side by side in the build tree.
cp "$work/arm64.png" "$build/arm64-screenshot.png"
cp "$work/amd64.png" "$build/arm64-screenshot-amd64.png"

compare=${COI_PNG_COMPARE:?}
read -r _ size _ colours < <("$compare" "$work/arm64.png") || fail "the arm64 screenshot is not a PNG SDL_image can read"
[ "$size" = 1920x1080 ] || fail "the arm64 screenshot is $size, not 1920x1080"
# A drawn page has its background, text in several colours and anti-aliased edges: thousands
# of colours. A blank or one-colour frame has one.
[ "$colours" -ge 100 ] || fail "the arm64 screenshot has only $colours colours: not a drawn page"
read -r _ differing _ pixels _ largest < <("$compare" "$work/arm64.png" "$work/amd64.png" | sed -n 2p)
echo "arm64 vs amd64: $differing of $pixels pixels differ by more than 8 (largest difference $largest); $colours colours"
# The same code, fonts and libraries draw the same page: on this machine the two are identical
# pixel for pixel. Floating-point rounding (GCC fuses multiply-adds on arm64) may one day move
# an anti-aliased edge by a shade; more than 0.1% of the pixels (about 2,000, a short word)
# is a real change, such as a missing glyph or a different layout.
[ $((differing * 1000)) -le "$pixels" ] || fail "the arm64 screenshot differs from amd64's in $differing of $pixels pixels"
echo "arm64: ok ($(du -h "$kiosk_deb" | cut -f1) kiosk, $(du -h "$content_deb" | cut -f1) content)"
