#!/usr/bin/env bash
# Runs every test of Broadsheet. On a fresh Debian machine with only the .NET SDK it installs what the tests
# need (apt-get, where missing), starts throwaway services on loopback, runs the suite and stops them again.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Popular]
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the suite needs, installed only where missing (SQLite itself is embedded):
# python3-aiosmtpd is the real SMTP server the notification tests send to; chromium is the browser that
# Microsoft.Playwright drives in tests/Broadsheet.BrowserTests (never a downloaded one). PostgreSQL, Redis and nginx
# are installed and started by tests/services/start, below.
needed_packages=(python3-aiosmtpd chromium)
missing=()
for pkg in "${needed_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# node and npm: npm ci below installs axe-core and wpapi (the WordPress REST API client the browser tier runs in node).
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

results="$(mktemp -d)"
services="$(mktemp -d /tmp/broadsheet-services.XXXXXX)"
trap 'tests/services/stop "$services" || true; rm -rf "$results"' EXIT

# Throwaway PostgreSQL and Redis on loopback (nginx is started by the cluster tests with their own config).
tests/services/start "$services"
# shellcheck disable=SC1091
source "$services/env"

status=0
total_passed=0
total_failed=0

# run_suite NAME PROJECT [dotnet test arguments…]: runs one test project and adds up its counts.
run_suite() {
  local name="$1" project="$2"; shift 2
  local trx="$results/$name.trx"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" "$@" || status=1
  if [ ! -f "$trx" ]; then
    echo "test.sh: $name produced no results" >&2
    status=1
    return
  fi
  local counters passed failed
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "$name: ${passed:-0} passed, ${failed:-0} failed"
  total_passed=$((total_passed + ${passed:-0}))
  total_failed=$((total_failed + ${failed:-0}))
}

# axe-core, injected into pages by the browser tests, and wpapi, from the npm registry at the versions the lock file pins.
npm ci --prefix tests/Broadsheet.BrowserTests --no-audit --no-fund --loglevel=error

dotnet build Broadsheet.slnx -c Release -nologo -v quiet
# The database matrix: the same integration suite on SQLite files, then on the real PostgreSQL.
run_suite core-sqlite tests/Broadsheet.Tests/Broadsheet.Tests.csproj "$@"
BROADSHEET_TEST_DATABASE=postgres run_suite core-postgres tests/Broadsheet.Tests/Broadsheet.Tests.csproj "$@"
# Two app nodes behind nginx on PostgreSQL and Redis, as deployed (docs/scaling.md).
run_suite cluster tests/Broadsheet.ClusterTests/Broadsheet.ClusterTests.csproj "$@"
run_suite browser tests/Broadsheet.BrowserTests/Broadsheet.BrowserTests.csproj "$@"

# The corpus tier reads real public data from ../shared/data (never committed): naughty strings and XSS payloads.
if [ -d ../shared/data ]; then
  echo "corpus tier: ../shared/data is present; running tests/Broadsheet.CorpusTests."
  dotnet build tests/Broadsheet.CorpusTests/Broadsheet.CorpusTests.csproj -c Release -nologo -v quiet
  BROADSHEET_SHARED_DATA="$(cd ../shared/data && pwd)" run_suite corpus tests/Broadsheet.CorpusTests/Broadsheet.CorpusTests.csproj
else
  echo "corpus tier: not run (../shared/data is not here; the core tests never need it)."
fi

echo
echo "all tests: $total_passed passed, $total_failed failed"
exit $status
