#!/usr/bin/env bash
# Runs every test of Broadsheet. On a fresh Debian machine with only the .NET SDK it installs what the tests
# need (apt-get, where missing), starts throwaway services on loopback, runs the suite and stops them again.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Popular]
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the suite needs, installed only where missing. The SQLite tier needs none: SQLite is embedded.
needed_packages=()
missing=()
for pkg in "${needed_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build Broadsheet.slnx -c Release -nologo -v quiet
status=0
dotnet test tests/Broadsheet.Tests/Broadsheet.Tests.csproj -c Release --no-build -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
else
  echo "test.sh: the test run produced no results" >&2
  status=1
fi

if [ -d ../shared/data ]; then
  echo "corpus tier: ../shared/data is present, but this suite has no corpus checks yet."
else
  echo "corpus tier: skipped (../shared/data is not here; the core tests never need it)."
fi
exit $status
