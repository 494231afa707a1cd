# Sourced by scripts that need a running demo site: start_demo_site PORT [ENV=VALUE …] starts a Release build of
# Broadsheet with demo content in a temporary data directory on 127.0.0.1:PORT, waits for /healthz and sets
# DEMO_ORIGIN and DEMO_WORK. stop_demo_site stops it (by PID) and removes the data.
start_demo_site() {
  local port="$1"; shift
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  DEMO_ORIGIN="http://127.0.0.1:$port"
  DEMO_WORK="$(mktemp -d)"
  dotnet build "$root/src/Broadsheet" -c Release -nologo -v quiet >/dev/null
  env Broadsheet__DataDirectory="$DEMO_WORK/data" "$@" \
    dotnet "$root/src/Broadsheet/bin/Release/net10.0/Broadsheet.dll" --urls "$DEMO_ORIGIN" --contentRoot "$root/src/Broadsheet" \
    >"$DEMO_WORK/site.log" 2>&1 &
  DEMO_PID=$!
  for _ in $(seq 1 60); do curl -fs "$DEMO_ORIGIN/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done
  cat "$DEMO_WORK/site.log" >&2
  return 1
}

stop_demo_site() {
  [ -n "${DEMO_PID:-}" ] && kill "$DEMO_PID" 2>/dev/null && wait "$DEMO_PID" 2>/dev/null
  [ -n "${DEMO_WORK:-}" ] && rm -rf "$DEMO_WORK"
  DEMO_PID=""
}
