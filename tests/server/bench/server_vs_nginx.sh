#!/usr/bin/env bash
# wrk on kiosk-content's feed endpoint (conditional 304 polls and full 200 feeds) beside
# nginx serving the same site exported as a static file, all on 127.0.0.1.
# Usage: tests/server/bench/server_vs_nginx.sh [path/to/kiosk-content]
# Env: DURATION (default 10s), CONNECTIONS (default 8), THREADS (wrk threads, default 2).
set -euo pipefail
binary=${1:-build/content/server/kiosk-content}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-8}
wrk_threads=${THREADS:-2}
command -v wrk >/dev/null || { echo "needs wrk (scripts/setup --tests)"; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "needs nginx-light"; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
server_pid=""; nginx_started=0
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ $nginx_started -eq 1 ] && "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# [SECTION] kiosk-content with the demo building and one paired screen
cat > "$work/bench.toml" <<TOML
[server]
threads = 16
TOML
"$binary" --config "$work/bench.toml" --demo --data "$work/data" --listen 127.0.0.1:0 > "$work/server.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/server.log" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1)
password=$(grep -o 'one-time password: [^ ]*' "$work/server.log" | cut -d' ' -f3)
site=$("$binary" --data "$work/data" sites | head -1 | cut -f1)

pair='{"code":"123456789","secret":"bench-kiosk-secret-0001"}'
curl -s --noproxy '*' -H 'Content-Type: application/json' -d "$pair" "$base/api/v1/pair" >/dev/null
csrf=$(curl -s --noproxy '*' -c "$work/jar" -H 'Content-Type: application/json' \
  -d "{\"name\":\"admin\",\"password\":\"$password\"}" "$base/api/admin/login" | json "['csrf']")
curl -s --noproxy '*' -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d "{\"code\":\"123456789\",\"site_id\":\"$site\",\"role\":\"reception\",\"name\":\"bench\"}" "$base/api/admin/screens/adopt" >/dev/null
token=$(curl -s --noproxy '*' -H 'Content-Type: application/json' -d "$pair" "$base/api/v1/pair" | json "['token']")
etag=$(curl -s --noproxy '*' -o "$work/feed.json" -D - -H "Authorization: Bearer $token" "$base/api/v1/feed" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
bytes=$(wc -c < "$work/feed.json")

# [SECTION] nginx serving the static export
"$binary" --data "$work/data" export --site "$site" --out "$work/www/$site" >/dev/null
chmod -R a+rX "$work/www" && chmod a+x "$work" # nginx workers run as nobody
mkdir -p "$work/nginx/logs"
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; root $work/www; etag on; default_type application/json; }
}
NGINX
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf"
nginx_started=1
nginx_url="http://127.0.0.1:$nginx_port/$site/feed.json"
nginx_etag=$(curl -s --noproxy '*' -o /dev/null -D - "$nginx_url" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

# [SECTION] measure
run() { # name, url, headers...
  local name=$1 url=$2; shift 2
  local args=(); for h in "$@"; do args+=(-H "$h"); done
  local out; out=$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "${args[@]}" "$url")
  local rps p99; rps=$(awk '/Requests\/sec/{print $2}' <<<"$out"); p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  local non2xx; non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out"); printf '%-34s %10s req/s   p99 %8s   non-2xx/3xx %s\n' "$name" "$rps" "$p99" "${non2xx:-0}"
  echo "$rps" > "$work/rps-$name"
}
echo "feed: $bytes bytes; wrk -t$wrk_threads -c$connections -d$duration; $(nproc) cores"
run kiosk-content-304 "$base/api/v1/feed" "Authorization: Bearer $token" "If-None-Match: $etag"
run nginx-304 "$nginx_url" "If-None-Match: $nginx_etag"
run kiosk-content-200 "$base/api/v1/feed" "Authorization: Bearer $token"
run nginx-200 "$nginx_url"
for kind in 304 200; do
  python3 -c "print(f'ratio kiosk-content/nginx ($kind): {float(open(\"$work/rps-kiosk-content-$kind\").read())/float(open(\"$work/rps-nginx-$kind\").read()):.2f}')"
done
