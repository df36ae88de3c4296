#!/usr/bin/env bash
# scripts/pg.sh - a private PostgreSQL cluster for PointsExchange development and tests.
#
# Usage: bash scripts/pg.sh start|stop|status|psql [args...]|url|reset|tune
#
#   start   install Debian's postgresql package if needed, create the cluster on first use,
#           start it and wait until it accepts connections (no-op if already running)
#   stop    fast shutdown (no-op if not running)
#   status  print state, port, data folder and connection string; exit 0 running, 3 stopped
#   psql    run psql as superuser against the private database; extra args are passed through
#           (e.g. `bash scripts/pg.sh psql -c 'select 1'`, `... psql -d postgres`)
#   url     print the Npgsql connection string on stdout (the C# code reads PX_PG or this default)
#   reset   stop and delete the data folder (the next start creates a clean cluster)
#   tune    only the machine's setting that start applies (kernel writeback, see tune_writeback)
#
# Environment:
#   PX_PG_DATA      data folder             (default <repo>/.data/pg, git-ignored)
#   PX_PG_PORT      TCP port on 127.0.0.1   (default 55432)
#   PX_PG_PASSWORD  superuser password      (default postgres; re-applied on every start)
#   PX_PG_DB        application database    (default pointsexchange; created on start if missing)
#   PX_PG_WRITEBACK dirty page cache, in bytes, at which the kernel starts writing it back
#                   (default 4194304; "off" leaves the kernel's setting alone; see tune_writeback)
#
# Messages go to stderr prefixed "pg.sh:"; only `url`, `status` and psql's own output use stdout.
# The server listens on 127.0.0.1 only; its Unix socket and its log (server.log) live in the data
# folder. Local (socket) connections are trusted, TCP connections need the password (SCRAM).
# State-changing commands (start, stop, reset) hold a lock so that parallel callers serialise.

set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
DEFAULT_DATA=$(realpath -m -- "$REPO_ROOT/.data/pg")

# PX_PG_DATA counts as "set explicitly" only when non-empty; a relative value is taken from the cwd.
if [[ -n ${PX_PG_DATA:-} ]]; then
  DATA_EXPLICIT=1
  PG_DATA=$(realpath -m -- "$PX_PG_DATA")
else
  DATA_EXPLICIT=0
  PG_DATA=$DEFAULT_DATA
fi
PG_PARENT=$(dirname -- "$PG_DATA")
PG_PORT=${PX_PG_PORT:-55432}
PG_PASSWORD=${PX_PG_PASSWORD:-postgres}
PG_DB=${PX_PG_DB:-pointsexchange}
PG_WRITEBACK=${PX_PG_WRITEBACK:-4194304}
PG_HOST=127.0.0.1
PG_SUPERUSER=postgres

PG_LOG=$PG_DATA/server.log
PG_SOCKET_DIR=$PG_DATA             # keeps the socket out of /var/run/postgresql
PG_CONF_INCLUDE=pointsexchange.conf # our settings, rewritten on every start
LOCK_FILE=$PG_PARENT/.$(basename -- "$PG_DATA").lock

START_TIMEOUT=60 # seconds to wait for the server to accept connections

BINDIR= # set by find_bindir / ensure_binaries

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  cat >&2 <<'EOF'
usage: bash scripts/pg.sh start|stop|status|psql [args...]|url|reset|tune

  start   install PostgreSQL if needed, create the cluster on first use, start it
  stop    fast shutdown
  status  print state and connection string (exit 0 running, 3 stopped)
  psql    psql as superuser on the project database; extra args are passed to psql
  url     print the Npgsql connection string
  reset   stop and delete the data folder

environment: PX_PG_DATA (default <repo>/.data/pg), PX_PG_PORT (55432),
             PX_PG_PASSWORD (postgres), PX_PG_DB (pointsexchange),
             PX_PG_WRITEBACK (4194304 bytes, or off)
EOF
}

is_root() { [[ $EUID -eq 0 ]]; }

# Run a server-side program as the postgres user when we are root (initdb and postgres refuse
# root), otherwise as the current user. The cwd is moved to / because the caller's cwd may not be
# readable by postgres, and fd 9 (our lock) is closed so the daemonised postmaster does not
# inherit it and keep the lock forever.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@" 9>&-)
  else
    (cd / && "$@" 9>&-)
  fi
}

# Give a file we (maybe root) created to the user that runs the server.
give_to_pg() {
  if is_root; then chown postgres:postgres -- "$@"; fi
}

# Checks done on every invocation: values that end up in server options or file names.
validate_settings() {
  if ! [[ $PG_PORT =~ ^[1-9][0-9]{0,4}$ ]] || ((PG_PORT > 65535)); then
    die "PX_PG_PORT must be a port number (1-65535), got '$PG_PORT'"
  fi
  if [[ $PG_WRITEBACK != off ]] && ! [[ $PG_WRITEBACK =~ ^[1-9][0-9]{0,11}$ ]]; then
    die "PX_PG_WRITEBACK must be a number of bytes or off, got '$PG_WRITEBACK'"
  fi
  # pg_ctl hands -o to a shell and unix_socket_directories is a comma list: keep paths plain.
  [[ $PG_DATA =~ ^[A-Za-z0-9._/+@:=-]+$ ]] ||
    die "data folder path '$PG_DATA' may only contain letters, digits and ._/+@:=-"
  [[ $PG_DATA != / ]] || die "refusing to use / as data folder"
  # A Unix socket path is limited to 107 bytes.
  local socket="$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT"
  ((${#socket} <= 107)) || die "socket path '$socket' is too long; set a shorter PX_PG_DATA"
}

# Npgsql connection string. A password with ; or quotes must be quoted (doubling inner quotes).
connection_string() {
  local pw=$PG_PASSWORD
  if [[ $pw == *[\;\'\"]* || $pw =~ ^[[:space:]] || $pw =~ [[:space:]]$ ]]; then
    pw="\"${pw//\"/\"\"}\""
  fi
  printf 'Host=%s;Port=%s;Username=%s;Password=%s;Database=%s\n' \
    "$PG_HOST" "$PG_PORT" "$PG_SUPERUSER" "$pw" "$PG_DB"
}

# ---------------------------------------------------------------------------------------------
# Binaries
# ---------------------------------------------------------------------------------------------

# Sets BINDIR to the binaries matching an existing cluster's major version, or else the newest
# installed /usr/lib/postgresql/*/bin. Returns 1 if there are none.
find_bindir() {
  local version newest
  if [[ -r $PG_DATA/PG_VERSION ]]; then
    version=$(<"$PG_DATA/PG_VERSION")
    if [[ -x /usr/lib/postgresql/$version/bin/postgres ]]; then
      BINDIR=/usr/lib/postgresql/$version/bin
      return 0
    fi
  fi
  newest=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  [[ -x $newest ]] || return 1
  BINDIR=$(dirname -- "$newest")
}

install_postgres() {
  is_root || die "PostgreSQL is not installed; as root run: apt-get install -y postgresql"
  local apt_log
  apt_log=$(mktemp)
  log "installing Debian's postgresql package (apt-get, takes about 15-60 s)..."
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; } \
    >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    rm -f -- "$apt_log"
    die "apt-get install postgresql failed"
  fi
  rm -f -- "$apt_log"
  log "postgresql installed"
}

ensure_binaries() {
  if ! find_bindir; then
    install_postgres
    find_bindir || die "no /usr/lib/postgresql/*/bin/initdb after installing postgresql"
  fi
  if [[ -r $PG_DATA/PG_VERSION && $BINDIR != /usr/lib/postgresql/$(<"$PG_DATA/PG_VERSION")/bin ]]; then
    die "cluster in $PG_DATA is PostgreSQL $(<"$PG_DATA/PG_VERSION") but only $BINDIR is installed (reset it?)"
  fi
  if is_root; then
    id -u postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (reinstall postgresql?)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Process state
# ---------------------------------------------------------------------------------------------

# True if process PID is alive and not a zombie. After a stop or kill -9 the postmaster can stay
# <defunct> (PID 1 here does not reap), and kill -0 still succeeds on zombies, so read the state.
pid_alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  # Format: "pid (comm) state ..."; comm may hold spaces, so cut after the last ')'.
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# True if PID is a live postgres process whose cwd is our data folder (the postmaster and its
# children chdir there), so a recycled pid of another program does not count.
is_our_postgres() {
  local pid=$1 comm cwd
  pid_alive "$pid" || return 1
  { read -r comm <"/proc/$pid/comm"; } 2>/dev/null || return 1
  [[ $comm == postgres || $comm == postmaster ]] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || cwd=
  [[ -z $cwd || $cwd == "$PG_DATA" ]]
}

# Prints the pid from postmaster.pid if it is a live postmaster of this cluster, else returns 1.
running_pid() {
  local pid
  [[ -f $PG_DATA/postmaster.pid ]] || return 1
  pid=$(head -n 1 -- "$PG_DATA/postmaster.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  is_our_postgres "$pid" || return 1
  printf '%s\n' "$pid"
}

# The port a running server really listens on (line 4 of postmaster.pid).
running_port() {
  sed -n 4p -- "$PG_DATA/postmaster.pid" 2>/dev/null || true
}

# Called when no live postmaster owns the data folder, before starting one. A postmaster.pid left
# by kill -9 or a machine restart is removed, and so are the socket and its lock file in our
# private socket folder: the new postmaster would take the old pid in them, still "alive" as a
# zombie, for "another postmaster running". Then wait for orphaned children still attached to the
# old shared memory, which would make the new postmaster refuse to start.
clear_stale_files() {
  if [[ -f $PG_DATA/postmaster.pid ]]; then
    log "removing stale postmaster.pid (pid $(head -n 1 -- "$PG_DATA/postmaster.pid") is not a running postgres)"
    rm -f -- "$PG_DATA/postmaster.pid"
  fi
  rm -f -- "$PG_SOCKET_DIR"/.s.PGSQL.*
  local deadline=$((SECONDS + 15)) orphans pid_dir
  while :; do
    orphans=()
    for pid_dir in /proc/[0-9]*; do
      if is_our_postgres "${pid_dir#/proc/}"; then orphans+=("${pid_dir#/proc/}"); fi
    done
    if ((${#orphans[@]} == 0)); then return 0; fi
    ((SECONDS < deadline)) || die "orphaned postgres processes still use $PG_DATA: ${orphans[*]}"
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# Cluster creation and configuration
# ---------------------------------------------------------------------------------------------

# When root, the postgres user must be able to traverse every directory above the data folder.
# Debian's /work-like paths are usually 755; if one inside the repo is not (e.g. created under
# umask 077), we add o+x (search only, no listing) to just that directory - normally <repo> and
# <repo>/.data. Directories outside the repo are never changed: we stop with advice instead.
ensure_traversable() {
  is_root || return 0
  local dirs=() d=$PG_PARENT i
  while [[ $d != / ]]; do
    dirs+=("$d")
    d=$(dirname -- "$d")
  done
  # Check from / downwards: a directory is only reachable if all above it are.
  for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
    d=${dirs[i]}
    runuser -u postgres -- test -x "$d" && continue
    if [[ $d == "$REPO_ROOT" || $d == "$REPO_ROOT"/* ]]; then
      log "chmod o+x $d (the postgres user must traverse it to reach $PG_DATA)"
      chmod o+x -- "$d"
    else
      die "user postgres cannot traverse $d; run 'chmod o+x $d' or set PX_PG_DATA elsewhere"
    fi
  done
}

init_cluster() {
  log "creating a new cluster in $PG_DATA (PostgreSQL $(basename -- "$(dirname -- "$BINDIR")"))"
  if [[ -e $PG_DATA ]] && [[ -n $(ls -A -- "$PG_DATA") ]]; then
    die "$PG_DATA exists, is not empty and holds no cluster; remove it or run: bash scripts/pg.sh reset"
  fi
  mkdir -p -- "$PG_DATA"
  give_to_pg "$PG_DATA"
  chmod 700 -- "$PG_DATA"

  # initdb reads the password from a file the server user can read: not from <(...) (permission
  # denied as postgres), and not inside the data folder (initdb wants it empty).
  local pwfile out
  pwfile=$(mktemp "$PG_PARENT/.pg-pwfile.XXXXXX")
  # shellcheck disable=SC2064 # expand now: pwfile is local
  trap "rm -f -- '$pwfile'" EXIT
  printf '%s\n' "$PG_PASSWORD" >"$pwfile"
  give_to_pg "$pwfile"

  # --data-checksums: a ledger should detect silent disk corruption (small CPU cost).
  if ! out=$(as_pg "$BINDIR/initdb" -D "$PG_DATA" --username="$PG_SUPERUSER" --pwfile="$pwfile" \
    --locale=C.UTF-8 --encoding=UTF8 --auth-local=trust --auth-host=scram-sha-256 \
    --data-checksums 2>&1); then
    printf '%s\n' "$out" >&2
    rm -rf -- "${PG_DATA:?}"/* "${PG_DATA:?}"/.[!.]* 2>/dev/null || true
    die "initdb failed"
  fi
  rm -f -- "$pwfile"
  trap - EXIT
}

# Our settings live in their own file, included from postgresql.conf and rewritten on every
# start, so edits here reach existing clusters at their next (re)start.
write_config() {
  local conf=$PG_DATA/postgresql.conf include=$PG_DATA/$PG_CONF_INCLUDE
  if ! grep -qxF "include_if_exists = '$PG_CONF_INCLUDE'" "$conf"; then
    printf '\n# PointsExchange settings, written by scripts/pg.sh\ninclude_if_exists = %s\n' \
      "'$PG_CONF_INCLUDE'" >>"$conf"
  fi
  cat >"$include" <<'EOF'
# Written by scripts/pg.sh on every start: edit the script, not this file.
# listen_addresses, port and unix_socket_directories are passed on the command line by pg.sh.

# Durability is a project invariant: a commit is acknowledged only once its WAL is on disk.
# Throughput comes from group commit in the application (many commands per transaction).
fsync = on
synchronous_commit = on
full_page_writes = on

# Several silos and test hosts each keep an Npgsql pool (default max 100 per connection string).
max_connections = 200

# Memory: modest for a shared development machine.
shared_buffers = 256MB
effective_cache_size = 1GB
work_mem = 8MB
maintenance_work_mem = 128MB

# Write-heavy ledger: a larger WAL buffer absorbs bursts of batched inserts, and spreading
# checkpoints out (bigger max_wal_size, longer timeout) cuts full-page-image WAL and I/O spikes.
# The price is a longer crash recovery (seconds to a minute here), not lost commits.
wal_buffers = 16MB
max_wal_size = 2GB
min_wal_size = 256MB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9

# Timestamps in UTC for the database and the log.
timezone = 'UTC'
log_timezone = 'UTC'

# Log (server.log in the data folder): checkpoints, lock waits and statements slower than 1 s.
log_checkpoints = on
log_lock_waits = on
log_min_duration_statement = 1000
EOF
  give_to_pg "$include"
  chmod 600 -- "$include"
}

# psql as the superuser through the Unix socket (trusted); the caller's PG* variables are
# overridden so they cannot point us at another server.
pg_psql() {
  local db=$1
  shift
  PGHOST=$PG_SOCKET_DIR PGPORT=$PG_PORT PGUSER=$PG_SUPERUSER PGDATABASE=$db \
    "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

# Wait until the server accepts TCP connections on 127.0.0.1 (what the application uses).
wait_ready() {
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$BINDIR/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 2; do
    if ((SECONDS >= deadline)); then
      log "server did not accept connections within $START_TIMEOUT s; last log lines:"
      tail -n 30 -- "$PG_LOG" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

# Apply PX_PG_PASSWORD (so `url` is always true), create the database if missing, and check that
# the connection string really works over TCP with the password.
prepare_database() {
  pg_psql postgres -v pw="$PG_PASSWORD" -v db="$PG_DB" <<'SQL'
ALTER ROLE postgres PASSWORD :'pw';
SELECT format('CREATE DATABASE %I', :'db')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  PGPASSWORD=$PG_PASSWORD "$BINDIR/psql" -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_SUPERUSER" \
    -d "$PG_DB" -tAc 'select 1' >/dev/null ||
    die "cannot log in over TCP with the connection string from 'url'"
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

LOCKED=0
take_lock() {
  ((LOCKED == 0)) || return 0
  LOCKED=1
  mkdir -p -- "$PG_PARENT"
  exec 9>"$LOCK_FILE"
  flock -w 300 9 || die "timed out waiting for lock $LOCK_FILE (another pg.sh running?)"
}

# The kernel's background writeback of dirty page cache. PostgreSQL extends its growing tables by
# writing pages into the page cache and writes evicted buffers there too; none of that is synced
# at once. With Debian's default (start at 10 % of memory, or when a page is 30 s old) this
# machine gathered about 100 MB and wrote it in one burst every 30 s or so, and every commit's
# WAL flush waited behind the burst: the slow seconds of a load test (docs/performance.md,
# section 16). Writing back from 4 MB on keeps the disk's queue short. The setting is the
# machine's, not the cluster's: it is changed only where we may write it (root), only when the
# kernel would start later, and the old value is logged so that it can be put back.
# PX_PG_VM_DIR (default /proc/sys/vm) lets the tests point this at a folder of their own.
tune_writeback() {
  [[ $PG_WRITEBACK != off ]] || return 0
  local vm=${PX_PG_VM_DIR:-/proc/sys/vm} current ratio
  current=$(cat "$vm/dirty_background_bytes" 2>/dev/null) || return 0
  if ((current != 0 && current <= PG_WRITEBACK)); then
    return 0
  fi
  ratio=$(cat "$vm/dirty_background_ratio")
  local was="vm.dirty_background_ratio $ratio %" restore="sysctl -w vm.dirty_background_ratio=$ratio"
  if ((current != 0)); then
    was="vm.dirty_background_bytes $current" restore="sysctl -w vm.dirty_background_bytes=$current"
  fi
  if ! (echo "$PG_WRITEBACK" >"$vm/dirty_background_bytes") 2>/dev/null; then
    log "note: the kernel starts writing dirty pages back late ($was), which stalls commits now and then;" \
      "as root, 'sysctl -w vm.dirty_background_bytes=$PG_WRITEBACK' smooths it (PX_PG_WRITEBACK=off hides this note)"
    return 0
  fi
  log "kernel writeback: vm.dirty_background_bytes set to $PG_WRITEBACK (was $was; to put it back: $restore)"
}

cmd_start() {
  ensure_binaries
  take_lock
  tune_writeback

  local pid
  if pid=$(running_pid); then
    local port
    port=$(running_port)
    log "already running (pid $pid, port ${port:-?}, data $PG_DATA)"
    if [[ -n $port && $port != "$PG_PORT" ]]; then
      log "warning: it listens on port $port, not $PG_PORT; stop and start it to change the port"
      return 0
    fi
    wait_ready # in case another caller has only just started it
    return 0
  fi
  clear_stale_files

  ensure_traversable
  [[ -f $PG_DATA/PG_VERSION ]] || init_cluster
  write_config

  # Keep one previous log instead of growing the log forever.
  if [[ -f $PG_LOG ]] && (($(stat -c %s -- "$PG_LOG") > 10 * 1024 * 1024)); then
    mv -f -- "$PG_LOG" "$PG_LOG.1"
  fi

  log "starting PostgreSQL on $PG_HOST:$PG_PORT (data $PG_DATA, log $PG_LOG)"
  # No pipe after pg_ctl: it would hide pg_ctl's exit code. Its chatter goes to stderr.
  if ! as_pg "$BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$START_TIMEOUT" \
    -o "-p $PG_PORT -c listen_addresses=$PG_HOST -c unix_socket_directories=$PG_SOCKET_DIR" \
    start >&2; then
    log "pg_ctl start failed; last log lines:"
    tail -n 30 -- "$PG_LOG" >&2 || true
    exit 1
  fi
  wait_ready
  prepare_database
  log "running (pid $(running_pid || echo '?'), database $PG_DB); connection string: bash scripts/pg.sh url"
}

cmd_stop() {
  take_lock
  if ! running_pid >/dev/null; then
    [[ ! -f $PG_DATA/postmaster.pid ]] || clear_stale_files
    log "not running"
    return 0
  fi
  find_bindir || die "PostgreSQL binaries not found"
  log "stopping PostgreSQL (data $PG_DATA)"
  as_pg "$BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w -t "$START_TIMEOUT" stop >&2 ||
    die "pg_ctl stop failed (see $PG_LOG)"
}

cmd_status() {
  local pid port=$PG_PORT state
  if pid=$(running_pid); then
    port=$(running_port)
    port=${port:-$PG_PORT}
    state="running (pid $pid)"
    if find_bindir && ! "$BINDIR/pg_isready" -q -h "$PG_HOST" -p "$port" -t 2; then
      state="running (pid $pid), not accepting connections yet"
    fi
  elif [[ -f $PG_DATA/postmaster.pid ]]; then
    state="stopped (stale postmaster.pid)"
  elif [[ -f $PG_DATA/PG_VERSION ]]; then
    state="stopped"
  else
    state="stopped (no cluster yet)"
  fi
  printf 'status: %s\nport:   %s\ndata:   %s\nurl:    %s\n' \
    "$state" "$port" "$PG_DATA" "$(PG_PORT=$port connection_string)"
  if [[ -z ${pid:-} ]]; then exit 3; fi
}

cmd_psql() {
  find_bindir || die "PostgreSQL is not installed; run: bash scripts/pg.sh start"
  running_pid >/dev/null || die "not running; run: bash scripts/pg.sh start"
  # Runs as the invoking user (root can reach the postgres-owned socket folder), so file
  # arguments such as -f ./schema.sql are read with the caller's rights and cwd. Extra args come
  # last: -d/-c/-f etc. override or add to these defaults.
  PGHOST=$PG_SOCKET_DIR PGPORT=$PG_PORT PGUSER=$PG_SUPERUSER PGDATABASE=$PG_DB \
    exec "$BINDIR/psql" "$@"
}

cmd_reset() {
  # Without an explicit PX_PG_DATA, only ever delete below <repo>/.data. With one, only delete
  # something that looks like a cluster (or is absent / empty).
  if [[ $PG_DATA != "$REPO_ROOT/.data/"?* ]]; then
    ((DATA_EXPLICIT)) || die "refusing to delete $PG_DATA: outside $REPO_ROOT/.data"
    if [[ -e $PG_DATA && ! -f $PG_DATA/PG_VERSION && -n $(ls -A -- "$PG_DATA" 2>/dev/null) ]]; then
      die "refusing to delete $PG_DATA: it does not look like a PostgreSQL data folder"
    fi
    case $PG_DATA in
      "$REPO_ROOT" | "$HOME" | /) die "refusing to delete $PG_DATA" ;;
    esac
  fi
  take_lock # held across stop and delete
  cmd_stop
  if [[ -e $PG_DATA ]]; then
    rm -rf -- "$PG_DATA"
    log "deleted $PG_DATA"
  else
    log "nothing to delete at $PG_DATA"
  fi
}

main() {
  if (($# == 0)); then
    usage
    exit 2
  fi
  local command=$1
  shift
  validate_settings
  # Commands other than psql take no arguments.
  if [[ $command != psql ]] && (($# > 0)); then
    log "warning: ignored extra arguments: $*"
  fi
  case $command in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    psql) cmd_psql "$@" ;;
    tune) tune_writeback ;;
    url) connection_string ;;
    reset) cmd_reset ;;
    -h | --help | help)
      usage
      exit 0
      ;;
    *)
      log "unknown command '$command'"
      usage
      exit 2
      ;;
  esac
}

# Run main unless sourced (sourcing lets a test call single functions).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
