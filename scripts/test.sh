#!/usr/bin/env bash
# The one test command, locally and in CI: restore, build (warnings are errors), check formatting,
# run every test project, and end with one summary line of our own:
#   tests: N passed, N failed            (", N skipped" is added only when something was skipped)
# Exits non-zero when anything fails. Nothing is skipped in CI.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/.data/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\n== %s\n' "$*"; }
summary() {
  local line="tests: $1 passed, $2 failed"
  [ "$3" -gt 0 ] && line="$line, $3 skipped"
  echo
  echo "$line"
}

say "PostgreSQL (scripts/pg.sh start: installs and starts the private cluster when needed)"
if ! bash scripts/pg.sh start; then
  echo "test.sh: PostgreSQL could not be started; the ledger tests need it and are never skipped" >&2
  summary 0 1 0
  exit 1
fi
PX_PG="$(bash scripts/pg.sh url)"
export PX_PG

say "dashboard (scripts/web.sh) and the browser of its tests (scripts/browser.sh)"
bash scripts/web.sh || echo "test.sh: the dashboard was not built: its tests will fail" >&2
bash scripts/browser.sh || echo "test.sh: chromium is missing: the dashboard tests will fail" >&2

say "restore"
if ! dotnet restore PointsExchange.sln; then
  echo "test.sh: restore failed" >&2
  summary 0 0 0
  exit 1
fi

say "build (Release, warnings are errors)"
if ! dotnet build PointsExchange.sln -c Release --no-restore -warnaserror -nologo -clp:NoSummary; then
  echo "test.sh: build failed" >&2
  summary 0 0 0
  exit 1
fi

say "format (dotnet format --verify-no-changes)"
format_ok=1
if ! dotnet format PointsExchange.sln --verify-no-changes --no-restore; then
  echo "test.sh: formatting differs: run 'dotnet format PointsExchange.sln' and commit" >&2
  format_ok=0
fi

passed=0 failed=0 skipped=0 broken=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  say "test $name"
  dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 10m \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results"
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "test.sh: $name produced no results (the test host crashed or hung): counted as one failure" >&2
    broken=$((broken + 1))
    continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done

failed=$((failed + broken))
if [ "$failed" -gt 0 ]; then
  echo
  echo "test.sh: what failed (from the .trx files in $results):"
  trx_files=()
  for trx in "$results"/*.trx; do [ -f "$trx" ] && trx_files+=("$trx"); done
  if [ "${#trx_files[@]}" -eq 0 ]; then
    echo "  no .trx file was written"
  elif command -v python3 >/dev/null; then
    python3 scripts/failures.py "${trx_files[@]}"
  else
    grep -l -E 'outcome="(Failed|Error|Timeout|Aborted)"' "${trx_files[@]}" | sed 's/^/  failures in /'
  fi
fi
status=0
[ "$failed" -gt 0 ] && status=1
[ "$format_ok" -eq 1 ] || status=1
[ "$skipped" -gt 0 ] && { echo "test.sh: $skipped tests were skipped; nothing may be skipped" >&2; status=1; }
summary "$passed" "$failed" "$skipped"
exit "$status"
