#!/usr/bin/env bash
# Starts the exchange in the foreground: the private PostgreSQL (scripts/pg.sh), a Release build, the
# ledger's migrations and the server (gRPC on 127.0.0.1:5080). The first run on an empty ledger seeds
# demo data (merchants, points, pairs, members, resting orders) and writes the keys to .data, readable by
# their owner only. A second run reuses the data. Ctrl-C stops the server cleanly.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf 'start.sh: %s\n' "$*" >&2; }

bash scripts/pg.sh start
PX_PG="$(bash scripts/pg.sh url)"
export PX_PG

say "building (Release)"
dotnet build src/PointsExchange.Server -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build src/PointsExchange.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
bash scripts/web.sh || say "the dashboard could not be built (see above); the exchange starts without it"

data="$root/.data"
mkdir -p "$data"
grpc_port="${PX_GRPC_PORT:-5080}"
http_port="${PX_HTTP_PORT:-5081}"
bin="$root/src/PointsExchange.Server/bin/Release/net10.0"

cat >&2 <<EOT

  PointsExchange on http://127.0.0.1:${grpc_port} (native gRPC)
  dashboard:  http://127.0.0.1:${http_port}/   (market view; merchants sign in with their key)
  admin key:  ${data}/admin.key          demo keys:  ${data}/demo-keys.env   (both mode 0600)

  Try, in another terminal:
    source .data/demo-keys.env
    scripts/px book HOTEL-AIRMILES
    PX_API_KEY=\$PX_ALICE_KEY scripts/px order place HOTEL-AIRMILES buy 2 --price 125
    PX_API_KEY=\$PX_ALICE_KEY scripts/px balances

  Ctrl-C stops the server; queued commands are answered first.

EOT

exec dotnet "$bin/PointsExchange.Server.dll" --contentRoot "$bin" \
  --PointsExchange:DataDirectory="$data" --PointsExchange:SeedDemo=true --PointsExchange:DemoActivity=true \
  --PointsExchange:GrpcPort="$grpc_port" --PointsExchange:HttpPort="$http_port" \
  --PointsExchange:WebRoot="$root/src/PointsExchange.Web/dist"
