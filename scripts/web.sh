#!/usr/bin/env bash
# scripts/web.sh - builds the merchant dashboard (src/PointsExchange.Web) into
# src/PointsExchange.Web/dist, the folder the server serves (option PointsExchange:WebRoot).
#
# Usage: bash scripts/web.sh [--force]
#
#   1. install  npm ci (from package-lock.json, no install scripts), when node_modules does not match it
#   2. generate buf generate: the TypeScript client from proto/ into src/gen (git-ignored)
#   3. build    tsc --noEmit (the type check), then vite build into dist (git-ignored)
#
# Each step runs only when its inputs changed since it last succeeded (hashes kept in
# node_modules/.px-web/), so a second run does nothing and takes well under a second. --force runs
# every step. Needs Node.js >= 20.19 with npm, and the npm registry for the first install.
# Messages go to stderr prefixed "web.sh:"; a failing step prints its tool's output and exits 1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/src/PointsExchange.Web"
stamps="$web/node_modules/.px-web"
bin="$web/node_modules/.bin"
force=0

log() { printf 'web.sh: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

case "${1:-}" in
  "") ;;
  --force) force=1 ;;
  -h | --help)
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 0
    ;;
  *) die "unknown argument '$1' (usage: bash scripts/web.sh [--force])" ;;
esac

command -v node >/dev/null || die "node is not installed (Node.js >= 20.19 with npm is needed)"
command -v npm >/dev/null || die "npm is not installed (it comes with Node.js)"
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' ||
  die "Node.js $(node --version) is too old: vite 8 needs >= 20.19"

# Two callers at once (start.sh and test.sh, say) would install into the same node_modules.
mkdir -p "$root/.data"
exec 9>"$root/.data/web.lock"
flock -w 300 9 || die "timed out waiting for $root/.data/web.lock (another web.sh running?)"

# One hash over the names and contents of the given files and folders (relative to the web folder).
hash_of() {
  (cd "$web" && find "$@" -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

# True when step $1 last succeeded on inputs with hash $2 (and --force was not given).
up_to_date() { [[ $force -eq 0 && -f $stamps/$1 && $(<"$stamps/$1") == "$2" ]]; }
done_with() {
  mkdir -p "$stamps"
  printf '%s\n' "$2" >"$stamps/$1"
}

# Runs a tool with its output kept in a log, shown only if the tool fails.
run() {
  local what=$1 out
  shift
  out=$(mktemp)
  if ! (cd "$web" && "$@") >"$out" 2>&1; then
    grep -v 'Unknown user config' "$out" | tail -n 40 >&2
    rm -f -- "$out"
    die "$what failed"
  fi
  rm -f -- "$out"
}

seconds_since() { echo "$((SECONDS - $1)) s"; }

# 1. node packages
install_hash=$(hash_of package.json package-lock.json)
if up_to_date install "$install_hash" && [[ -x $bin/vite && -x $bin/buf && -x $bin/tsc ]]; then
  log "node packages: up to date"
else
  start=$SECONDS
  # --ignore-scripts: no package needs its install script (buf finds its binary without it).
  run "npm ci" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  done_with install "$install_hash"
  log "node packages: installed with npm ci ($(seconds_since "$start"))"
fi

# 2. the client, from the contract
generate_hash=$(hash_of ../../proto buf.gen.yaml node_modules/@bufbuild/protoc-gen-es/package.json node_modules/@bufbuild/buf/package.json)
if up_to_date generate "$generate_hash" && [[ -d $web/src/gen ]]; then
  log "client: up to date with proto/"
else
  run "buf generate" "$bin/buf" generate
  done_with generate "$generate_hash"
  log "client: generated src/gen from proto/ ($(find "$web/src/gen" -name '*.ts' | wc -l) files)"
fi

# 3. type check and bundle
build_hash=$(hash_of src index.html tsconfig.json vite.config.ts package-lock.json)
if up_to_date build "$build_hash" && [[ -f $web/dist/index.html ]]; then
  log "dashboard: up to date in src/PointsExchange.Web/dist"
else
  start=$SECONDS
  run "type check (tsc --noEmit)" "$bin/tsc" --noEmit -p tsconfig.json
  run "vite build" "$bin/vite" build --logLevel warn
  done_with build "$build_hash"
  log "dashboard: type-checked and built into src/PointsExchange.Web/dist ($(find "$web/dist" -type f | wc -l) files, $(seconds_since "$start"))"
fi
