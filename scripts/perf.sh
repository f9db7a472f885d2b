#!/usr/bin/env bash
# Reproduces the figures of docs/performance.md on this machine.
#
#   scripts/perf.sh sqlite DIR            # DIR holds a register loaded with `koto demo --clients 100000`
#   scripts/perf.sh postgres DIR URL      # the same on PostgreSQL (URL = KOTO_DATABASE_URL)
#
# For each scenario (card, overview, timeline, search, create, due) and concurrency (1, 16) it runs
# kotoload against a `koto serve` on loopback (server CPU per operation read
# from /proc) and then kotobaseline, the same reads and writes as plain SQL.
# Results are JSON files in DIR/perf-<engine>/.
set -euo pipefail
engine=$1; dir=$2; url=${3:-}
# SCENARIOS="due card" limits a run to those scenarios.
scenarios=${SCENARIOS:-card overview timeline search create due}
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
go build -o "$bin/koto" ./cmd/koto
go build -o "$bin/kotoload" ./cmd/kotoload
go build -o "$bin/kotobaseline" ./cmd/kotobaseline
out="$dir/perf-$engine"; mkdir -p "$out"
export KOTO_DATABASE_URL="$url"
# On PostgreSQL both tools also measure the database server's CPU (every
# process named postgres), so the cost of a request can be compared whole.
db=(); [ -n "$url" ] && db=(--db-process postgres)
"$bin/koto" serve --data-dir "$dir" --addr 127.0.0.1:18090 > "$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 3
# A supervisor reads every client of the organisation (no need-to-know
# reason needed) and a demo caseworker creates. The due list is read by a
# caseworker with 300 clients of their own, as in a municipality: perf.sh
# makes one (perf.ohjaaja.N) and the supervisor assigns 300 Kemi clients.
sup=$("$bin/koto" token create --username demo.esihenkilo.kemi --data-dir "$dir" | tail -1)
cw=$("$bin/koto" token create --username demo.ohjaaja.kemi --data-dir "$dir" | tail -1)
duser=perf.ohjaaja.$(date +%s)
head -c 24 /dev/urandom | base64 | "$bin/koto" user add --org 240 --username "$duser" --role caseworker \
  --password-stdin --must-change=false --data-dir "$dir" > /dev/null
due=$("$bin/koto" token create --username "$duser" --data-dir "$dir" | tail -1)
api() { curl -sf -H "Authorization: Bearer $1" "${@:3}" "http://127.0.0.1:18090/api/v1$2"; }
duid=$(api "$due" /me | jq -r .userId)
for page in 1 2; do
  for id in $(api "$sup" "/clients?pageSize=150&page=$page" | jq -r '.items[].id'); do
    api "$sup" "/clients/$id/assignments/$duid" -X PUT > /dev/null
  done
done
for sc in $scenarios; do
  tok=$sup; [ "$sc" = create ] && tok=$cw; [ "$sc" = due ] && tok=$due
  for c in 1 16; do
    KOTO_TOKEN=$tok "$bin/kotoload" --url http://127.0.0.1:18090 --scenario $sc --concurrency $c \
      --duration 15s --warmup 10s --pid $pid "${db[@]}" --json > "$out/koto-$sc-$c.json"
  done
done
kill $pid; wait $pid 2>/dev/null || true
for sc in $scenarios; do
  for c in 1 16; do
    if [ -n "$url" ]; then src=(--database-url "$url" --key-file "$dir/keys.json"); else src=(--data-dir "$dir"); fi
    "$bin/kotobaseline" "${src[@]}" "${db[@]}" --due-user "$duser" --scenario $sc --concurrency $c --duration 15s --warmup 10s --json > "$out/base-$sc-$c.json"
  done
done
echo "results in $out"
