#!/usr/bin/env bash
# scripts/bench.sh - where the time goes: each layer of the exchange measured one after the other on this
# machine and the same PostgreSQL, printed as one table with each layer's ratio to the one beneath.
#
#   1. the matching core alone          (bench: layers core)
#   2. the engine + PostgreSQL commits  (bench: layers engine; no network)
#   3. the full server over gRPC        (px-load, open loop at several rates, then closed loop to saturation;
#                                        StreamOrderEntry and unary)
#   4. the limits beneath it            (bench: layers grpc-empty = an empty gRPC call to the same server;
#                                        layers pgbench = pgbench's durable single-row inserts on the cluster)
#
# After the table: the CPU per request of each full-server run's measured window, for the server process,
# all PostgreSQL processes and px-load (from /proc; refusals count as answered requests).
#
# Usage: bash scripts/bench.sh [--quick]     (--quick: shorter runs and fewer rates, for a smoke test)
# Takes about 15 minutes (--quick: about 4). The server runs on its own ports (6180-6181, silo 21180/40180)
# over its own database (px_bench, recreated), so a start.sh server may keep running meanwhile, though it
# then competes for the same two cores. Results: .data/bench/<UTC time>/ (table.txt, the load reports).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf 'bench.sh: %s\n' "$*" >&2; }

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) say "unknown option '$1' (usage: bash scripts/bench.sh [--quick])"; exit 2 ;;
esac

if [ "$quick" -eq 1 ]; then
  duration=8s; warmup=2s; stream_rates="2000 10000"; unary_rates="2000"
else
  # Each run is a new px-load process, which compiles its own code in its first seconds and takes CPU from the
  # server meanwhile: after a 2 s warm-up the first measured seconds at 10,000/s still drained that backlog
  # (p99 700-870 ms per second, then 30-60 ms), so the warm-up is 10 s (docs/performance.md, section 10).
  duration=20s; warmup=10s; stream_rates="2000 5000 10000 20000"; unary_rates="1000 5000"
fi

bash scripts/pg.sh start
PX_PG="$(bash scripts/pg.sh url)"
export PX_PG

say "building (Release)"
for project in bench/PointsExchange.Benchmarks src/PointsExchange.Server bench/PointsExchange.LoadTest; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:ErrorsOnly
done
bench="$root/bench/PointsExchange.Benchmarks/bin/Release/net10.0/PointsExchange.Benchmarks.dll"
server_bin="$root/src/PointsExchange.Server/bin/Release/net10.0"
load_bin="$root/bench/PointsExchange.LoadTest/bin/Release/net10.0"

out="$root/.data/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
export PX_BENCH_RESULTS="$out/layers.txt"
: > "$PX_BENCH_RESULTS"

say "1/4 the matching core alone"
dotnet "$bench" layers core
say "2/4 the engine with PostgreSQL commits, no network"
dotnet "$bench" layers engine

say "3/4 the full server over gRPC (its own database px_bench and data folder)"
bench_db="${PX_PG/Database=pointsexchange/Database=px_bench}"
bash scripts/pg.sh psql -d postgres -q -c 'drop database if exists px_bench' >/dev/null
data="$out/server"
mkdir -p "$data"
for port in 6180 6181 21180 40180; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port is taken (another bench.sh or server?); stop it and run again"; exit 1
  fi
done
dotnet "$server_bin/PointsExchange.Server.dll" --contentRoot "$server_bin" \
  --PointsExchange:GrpcPort=6180 --PointsExchange:HttpPort=6181 --PointsExchange:SiloPort=21180 --PointsExchange:GatewayPort=40180 \
  --PointsExchange:DataDirectory="$data" --ConnectionStrings:Ledger="$bench_db" --Logging:LogLevel:Default=Warning \
  --Logging:LogLevel:PointsExchange.Ledger.PostgresLedger=Information \
  > "$out/server.log" 2>&1 &
server_pid=$!
stop_server() { kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; }
trap stop_server EXIT
for _ in $(seq 1 120); do
  [ -s "$data/admin.key" ] && break
  kill -0 "$server_pid" 2>/dev/null || { say "the server stopped; see $out/server.log"; exit 1; }
  sleep 0.5
done
[ -s "$data/admin.key" ] || { say "the server did not start within a minute; see $out/server.log"; exit 1; }

# CPU of each run's measured window, per request answered in it: a sampler reads /proc twice a second
# (clock ticks of the server process, of every postgres process, and of px-load), and the samples nearest
# the window's start and end (from px-load's result.json) are subtracted. Warm-up, drain and the ledger
# checks after the run fall outside the window.
sample_cpu() { # <server pid> <px-load pid>: "unix-seconds server-ticks postgres-ticks px-load-ticks" lines
  while kill -0 "$2" 2>/dev/null; do
    awk -v s="$1" -v l="$2" -v now="$(date +%s.%N)" 'FNR == 1 {
        split(FILENAME, f, "/"); t = $14 + $15
        if (f[3] == s) server += t; else if (f[3] == l) load += t; else if ($2 == "(postgres)") pg += t
      } END { printf "%s %d %d %d\n", now, server, pg, load }' /proc/[0-9]*/stat 2>/dev/null ||
      true   # a process that ended between the glob and the read fails this tick (mawk stops); the next tick counts
    sleep 0.5
  done
}
cpu_of_window() { # <result.json> <samples file> <run name>: one row of the CPU table
  node -e '
    const fs = require("fs");
    const [result, samples, name, hz] = process.argv.slice(1);
    const r = JSON.parse(fs.readFileSync(result, "utf8"));
    const from = Date.parse(r.started_at) / 1000 + r.options.warmup_seconds, to = from + r.measured_seconds;
    const rows = fs.readFileSync(samples, "utf8").trim().split("\n").map(l => l.split(" ").map(Number));
    const near = t => rows.reduce((a, b) => Math.abs(b[0] - t) < Math.abs(a[0] - t) ? b : a);
    const [a, b] = [near(from), near(to)], n = r.counts.answered;
    if (!n || b[0] <= a[0]) process.exit(0);
    const us = i => (b[i] - a[i]) * 1e6 / Number(hz) / n * (to - from) / (b[0] - a[0]);
    const [sv, pg, ld] = [us(1), us(2), us(3)];
    const f = x => x.toFixed(1).padStart(12);
    console.log(name.padEnd(14) + String(n).padStart(10) + f(sv) + f(pg).padStart(16) + f(ld) + f(sv + pg + ld).padStart(10));
  ' "$1" "$2" "$3" "$(getconf CLK_TCK)"
}
cpu_table="$out/cpu.txt"
printf '%-14s %9s %11s %15s %11s %9s\n' run answered "server us" "PostgreSQL us" "px-load us" "total us" > "$cpu_table"

# The first run creates the load's accounts, currencies and pairs; the others reuse them (its state.json).
first=""
load() {
  local name="$1"; shift
  local reuse=()
  [ -n "$first" ] && reuse=(--reuse "$out/load-$first")
  local load_pid sampler_pid status=0
  # px-load's own GC pauses count in its latencies: a 64 MB gen-0 budget keeps them rare (docs/load-testing.md).
  DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}" dotnet "$load_bin/px-load.dll" --server http://127.0.0.1:6180 --admin-key-file "$data/admin.key" --pg "$bench_db" \
    --duration "$duration" --warmup "$warmup" --out "$out/load-$name" "${reuse[@]}" "$@" &
  load_pid=$!
  sample_cpu "$server_pid" "$load_pid" > "$out/cpu-$name.samples" &
  sampler_pid=$!
  wait "$load_pid" || status=$?
  wait "$sampler_pid" || true
  [ "$status" -eq 0 ] || say "px-load $name exited with $status (errors or a failed check: its report says which); going on"
  [ -f "$out/load-$name/result.json" ] && cpu_of_window "$out/load-$name/result.json" "$out/cpu-$name.samples" "$name" >> "$cpu_table"
  [ -n "$first" ] || first="$name"
}
for rate in $stream_rates; do load "stream-$rate" --transport stream --rate "$rate"; done
# 512 in flight no longer saturates the server: in one fresh-database session 512, 1,024 and 2,048 in flight
# answered 16,487, 18,944 and 19,857/s (docs/performance.md, section 10).
load stream-max --transport stream --closed 2048
for rate in $unary_rates; do load "unary-$rate" --transport unary --rate "$rate"; done
load unary-max --transport unary --closed 256

say "4/4 the limits beneath: an empty gRPC call to the same server, then pgbench on the same cluster"
dotnet "$bench" layers grpc-empty http://127.0.0.1:6180
stop_server
trap - EXIT
dotnet "$bench" layers pgbench

echo
# The settling backend's CPU priority changes the numbers (docs/performance.md, section 13): say what it was.
priority="$(grep -o 'Settle[a-z ]* CPU priority: .*' "$out/server.log" | tail -1 || true)"
echo "${priority:-Settlement CPU priority: not reported (see $out/server.log)}" | tee "$out/priority.txt"
# So does the kernel's writeback of dirty pages (section 16; scripts/pg.sh sets it when it may).
echo "Kernel writeback starts at: vm.dirty_background_bytes $(cat /proc/sys/vm/dirty_background_bytes)," \
  "vm.dirty_background_ratio $(cat /proc/sys/vm/dirty_background_ratio) %" | tee -a "$out/priority.txt"
dotnet "$bench" layers table "$PX_BENCH_RESULTS" | tee "$out/table.txt"
echo
echo "CPU per request answered in the measured window of each full-server run (server process, every PostgreSQL process, px-load):"
cat "$cpu_table" | tee -a "$out/table.txt"
say "results in $out"
