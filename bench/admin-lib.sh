# Sourced by the admin benchmarks (bench/admin-list, bench/moderation), after they set here, root, work and pids:
# start PORT DATA runs a Release server with a bootstrap administrator, cookie ORIGIN signs in as them, measure runs
# wrk with that cookie and appends a line to $work/raw, walk ORIGIN COOKIE PATH N follows "Next"/"Older" links N times.
dll="$root/src/Broadsheet/bin/Release/net10.0/Broadsheet.dll"
email="bench-admin@bench.example"; password="a long benchmark passphrase"

# start PORT DATA: a Release server on 127.0.0.1:PORT with a bootstrap administrator (belongs to this shell).
start() {
  local port="$1" data="$2"
  env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Broadsheet__DataDirectory="$data" \
    Broadsheet__SeedDemoContent=false Broadsheet__RateLimits__Enabled=false \
    Broadsheet__BootstrapAdmin__Email="$email" Broadsheet__BootstrapAdmin__Password="$password" \
    dotnet "$dll" --urls "http://127.0.0.1:$port" --contentRoot "$root/src/Broadsheet" >"$work/$port.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/admin/login"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/$port.log" >&2; exit 1; }
    sleep 0.05
  done
}

# cookie ORIGIN: signs in through the login form and prints the Cookie header a browser would send.
cookie() {
  local origin="$1" jar; jar="$(mktemp -p "$work")"
  local token; token="$(curl -fs -c "$jar" "$origin/admin/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed -n 1p | sed 's/.*value="//; s/"$//')"
  [ -n "$token" ] || token="$(curl -fs -b "$jar" -c "$jar" "$origin/admin/login" | grep -o '__RequestVerificationToken[^>]*value="[^"]*"' | sed -n 1p | sed 's/.*value="//; s/"$//')"
  curl -fs -o /dev/null -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "email=$email" --data-urlencode "password=$password" "$origin/admin/login"
  awk '!/^#/ && NF >= 7 {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7} /^#HttpOnly_/ {sub("#HttpOnly_", ""); printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$jar"
}

# measure LABEL ORIGIN PATH COOKIE: one wrk run; appends "label req/s p50 p99 non2xx" to $work/raw.
measure() {
  local out; out=$(wrk -t2 -c"$connections" -d"$duration"s --latency -H "Cookie: $4" "$2$3")
  local bad; bad=$(echo "$out" | awk '/Non-2xx or 3xx/ {print $NF}')
  echo "$1 $(echo "$out" | awk '/^Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="50%" {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}') ${bad:-0}" >>"$work/raw"
}

# walk ORIGIN COOKIE PATH N: the page N-1 "rel=next" links after PATH (or the last one there is).
walk() {
  local origin="$1" cookie="$2" path="$3" steps="$4" base="${3%%\?*}" last=""
  for _ in $(seq 1 "$steps"); do
    local next; next="$(curl -fs -H "Cookie: $cookie" "$origin$path" | grep -o 'rel="next" href="[^"]*"' | tail -1 | cut -d'"' -f4 | sed 's/&amp;/\&/g')"
    [ -n "$next" ] || break
    case "$next" in /*) path="$next" ;; *) path="$base$next" ;; esac
    last="$path"
  done
  echo "${last:-$3}"
}
