#!/usr/bin/env bash
# tests/package: see CMakeLists.txt here. Usage: package_test.sh units|debs|install
# Exit 0 pass, 1 fail, 77 skipped.
set -euo pipefail
what=$1
src=${COI_SOURCE_DIR:?}
build=${COI_BUILD_DIR:?}
work=$(mktemp -d /tmp/coi-package-XXXXXX)
chmod 755 "$work"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Both .debs from this build, into $work/debs.
make_debs() {
  (cd "$build" && cpack -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
  mkdir -p "$work/debs"
  mv "$work"/cpack/come-on-in-*.deb "$work/debs/"
  kiosk_deb=$(ls "$work"/debs/come-on-in-kiosk_*.deb)
  content_deb=$(ls "$work"/debs/come-on-in-content_*.deb)
}

units() {
  command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (scripts/setup --tests installs systemd)"
  # The units name /usr/bin/kiosk and /usr/bin/kiosk-content; point them at this build's.
  mkdir -p "$work/units"
  for unit in kiosk.service kiosk-content.service; do
    sed -e "s#/usr/bin/kiosk-content #${COI_KIOSK_CONTENT:?} #g" -e "s#/usr/bin/kiosk #${COI_KIOSK:?} #g" \
      "$src/config/systemd/$unit" > "$work/units/$unit"
  done
  grep -q "$COI_KIOSK " "$work/units/kiosk.service" || fail "ExecStart not rewritten"
  systemd-analyze verify --man=no "$work/units/kiosk.service" "$work/units/kiosk-content.service" 2>&1 | tee "$work/verify.log"
  [ ! -s "$work/verify.log" ] || fail "systemd-analyze verify printed warnings"
  grep -qx "Restart=always" "$src/config/systemd/kiosk.service" || fail "kiosk.service must restart always"
  grep -qx "WatchdogSec=30" "$src/config/systemd/kiosk.service" || fail "kiosk.service needs its watchdog"
  for key in ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes ReadWritePaths=/var/lib/kiosk-content; do
    grep -qx "$key" "$src/config/systemd/kiosk-content.service" || fail "kiosk-content.service lacks $key"
  done
  echo "units: ok"
}

# Every shared library a binary needs comes from a package its .deb depends on.
check_depends() {
  local deb=$1 binary=$2 depends needed lib file pkg
  depends=$(dpkg-deb -f "$deb" Depends)
  needed=$(objdump -p "$binary" | awk '/NEEDED/ {print $2}')
  for lib in $needed; do
    file=$(ldconfig -p | awk -v l="$lib" '$1 == l && !found {print $NF; found = 1}')
    [ -n "$file" ] || fail "$lib: not found on this machine"
    pkg=$(dpkg -S "$(readlink -f "$file")" 2>/dev/null || dpkg -S "$file" 2>/dev/null || dpkg -S "${file/#\/usr/}" 2>/dev/null) || fail "$lib ($file): no package owns it"
    pkg=${pkg%%:*}
    [[ ", $depends," == *", $pkg "* || ", $depends," == *", $pkg,"* ]] || fail "$(basename "$deb"): needs $lib from $pkg, which Depends does not list"
  done
}

debs() {
  [ "${COI_SANITIZE:-0}" != 1 ] || { echo "skipped: a sanitizer build is not packaged"; exit 77; }
  make_debs
  [ "$(dpkg-deb -f "$kiosk_deb" Package)" = come-on-in-kiosk ] || fail "kiosk package name"
  [ "$(dpkg-deb -f "$content_deb" Package)" = come-on-in-content ] || fail "content package name"
  dpkg-deb -c "$kiosk_deb" > "$work/kiosk.list"
  dpkg-deb -c "$content_deb" > "$work/content.list"
  for f in ./usr/bin/kiosk ./usr/lib/systemd/system/kiosk.service ./etc/come-on-in/kiosk.toml \
           ./usr/share/doc/come-on-in-kiosk/examples/kiosk.example.toml; do
    grep -q " $f\$" "$work/kiosk.list" || fail "come-on-in-kiosk lacks $f"
  done
  for f in ./usr/bin/kiosk-content ./usr/lib/systemd/system/kiosk-content.service ./etc/kiosk-content.toml \
           ./usr/share/kiosk-content/web/index.html ./usr/share/doc/come-on-in-content/examples/kiosk-content.example.toml; do
    grep -q " $f\$" "$work/content.list" || fail "come-on-in-content lacks $f"
  done
  ! grep -q "kiosk-content" <(awk '{print $6}' "$work/kiosk.list") || fail "the kiosk package carries content files"
  dpkg-deb -e "$kiosk_deb" "$work/kctl"
  grep -qx /etc/come-on-in/kiosk.toml "$work/kctl/conffiles" || fail "kiosk.toml is not a conffile"
  grep -q "adduser --system" "$work/kctl/postinst" || fail "no system user in postinst"
  dpkg-deb -x "$kiosk_deb" "$work/kroot"
  dpkg-deb -x "$content_deb" "$work/croot"
  check_depends "$kiosk_deb" "$work/kroot/usr/bin/kiosk"
  check_depends "$content_deb" "$work/croot/usr/bin/kiosk-content"
  # The configs the packages ship pass their own checks.
  "$COI_KIOSK" --check-config "$work/kroot/etc/come-on-in/kiosk.toml"
  "$COI_KIOSK_CONTENT" --config "$work/croot/etc/kiosk-content.toml" --check-config
  echo "debs: ok ($(du -h "$kiosk_deb" | cut -f1) kiosk, $(du -h "$content_deb" | cut -f1) content)"
}

install() {
  [ "${COI_SANITIZE:-0}" != 1 ] || { echo "skipped: a sanitizer build is not packaged"; exit 77; }
  [ "$(id -u)" = 0 ] || { echo "skipped: installing packages needs root"; exit 77; }
  [ -n "${CI:-}" ] || [ "${COI_LONG_TESTS:-0}" = 1 ] || { echo "skipped: changes this machine; runs in CI or with scripts/test --long"; exit 77; }
  make_debs
  export DEBIAN_FRONTEND=noninteractive
  trap 'apt-get purge -y -q come-on-in-kiosk come-on-in-content >/dev/null 2>&1 || true; cleanup' EXIT
  apt-get install -y -q --no-install-recommends "$kiosk_deb" "$content_deb" > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
  getent passwd come-on-in-kiosk >/dev/null || fail "no come-on-in-kiosk user"
  getent passwd come-on-in-content >/dev/null || fail "no come-on-in-content user"
  id -nG come-on-in-kiosk | grep -qw video || fail "come-on-in-kiosk is not in the video group"
  [ "$(stat -c %U:%a /var/lib/come-on-in)" = come-on-in-kiosk:700 ] || fail "/var/lib/come-on-in owner or mode"
  [ "$(stat -c %U:%a /var/lib/kiosk-content)" = come-on-in-content:700 ] || fail "/var/lib/kiosk-content owner or mode"
  systemd-analyze verify --man=no /usr/lib/systemd/system/kiosk.service /usr/lib/systemd/system/kiosk-content.service 2>&1 | tee "$work/verify.log"
  [ ! -s "$work/verify.log" ] || fail "systemd-analyze verify on the installed units"
  /usr/bin/kiosk --check-config /etc/come-on-in/kiosk.toml
  /usr/bin/kiosk-content --config /etc/kiosk-content.toml --check-config

  # The installed kiosk, as its own user, draws a page without a display.
  local data=$work/kiosk-data
  mkdir -p "$data" && chown come-on-in-kiosk "$data"
  runuser -u come-on-in-kiosk -- env SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
    /usr/bin/kiosk --config /etc/come-on-in/kiosk.toml --data "$data" --screenshot "$data/shot.png" --size 800x480 --at 2026-11-25T11:05 \
    > "$work/kiosk.log" 2>&1 || { cat "$work/kiosk.log"; fail "installed kiosk --screenshot"; }
  [ "$(head -c 8 "$data/shot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
  [ "$(stat -c %s "$data/shot.png")" -gt 10000 ] || fail "the screenshot is suspiciously small"

  # The installed content service, as its unit's user, with its data in /var/lib/kiosk-content.
  runuser -u come-on-in-content -- /usr/bin/kiosk-content --config /etc/kiosk-content.toml --listen 127.0.0.1:0 > "$work/content.log" 2>&1 &
  local pid=$! port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's#.*listening on http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$work/content.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { kill $pid 2>/dev/null; cat "$work/content.log"; fail "kiosk-content did not start"; }
  local status
  status=$(curl -s -o "$work/admin.html" -w '%{http_code}' "http://127.0.0.1:$port/admin/") || true
  kill $pid; wait $pid 2>/dev/null || true
  [ "$status" = 200 ] || fail "GET /admin/ answered $status"
  grep -qi "<html" "$work/admin.html" || fail "/admin/ is not the admin page"
  [ -f /var/lib/kiosk-content/signing.key ] || fail "no signing key in /var/lib/kiosk-content"
  [ "$(stat -c %U /var/lib/kiosk-content/signing.key)" = come-on-in-content ] || fail "signing key owner"
  echo "install: ok"
}

case "$what" in
  units) units ;;
  debs) debs ;;
  install) install ;;
  *) echo "usage: package_test.sh units|debs|install" >&2; exit 2 ;;
esac
