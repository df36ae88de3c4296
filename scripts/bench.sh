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
  duration=20s; warmup=5s; stream_rates="2000 5000 10000 20000"; unary_rates="1000 5000"
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
dotnet "$server_bin/PointsExchange.Server.dll" --contentRoot "$server_bin" \
  --PointsExchange:GrpcPort=6180 --PointsExchange:HttpPort=6181 --PointsExchange:SiloPort=21180 --PointsExchange:GatewayPort=40180 \
  --PointsExchange:DataDirectory="$data" --ConnectionStrings:Ledger="$bench_db" --Logging:LogLevel:Default=Warning \
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

# The first run creates the load's accounts, currencies and pairs; the others reuse them (its state.json).
first=""
load() {
  local name="$1"; shift
  local reuse=()
  [ -n "$first" ] && reuse=(--reuse "$out/load-$first")
  bash scripts/px-load --server http://127.0.0.1:6180 --admin-key-file "$data/admin.key" --pg "$bench_db" \
    --duration "$duration" --warmup "$warmup" --out "$out/load-$name" "${reuse[@]}" "$@" \
    || say "px-load $name exited with $? (errors or a failed check: its report says which); going on"
  [ -n "$first" ] || first="$name"
}
for rate in $stream_rates; do load "stream-$rate" --transport stream --rate "$rate"; done
load stream-max --transport stream --closed 512
for rate in $unary_rates; do load "unary-$rate" --transport unary --rate "$rate"; done
load unary-max --transport unary --closed 256

say "4/4 the limits beneath: an empty gRPC call to the same server, then pgbench on the same cluster"
dotnet "$bench" layers grpc-empty http://127.0.0.1:6180
stop_server
trap - EXIT
dotnet "$bench" layers pgbench

echo
dotnet "$bench" layers table "$PX_BENCH_RESULTS" | tee "$out/table.txt"
say "results in $out"
