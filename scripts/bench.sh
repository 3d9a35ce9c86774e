#!/usr/bin/env bash
# `make bench`: figures, not assertions. Prints the district import time, GET …/code and
# PUT …/declaration throughput on loopback (wrk, 10 s each), the overload run (3x capacity,
# open loop: shed counts, Retry-After, accepted p99, recovery time), the checkpoint scanner's
# decode and verify time per camera frame, the staff console's queries on a county of 200,000
# generated residents (always SQLite), the server's peak memory,
# and the size of the web app's and the staff console's wasm and JS (raw / gzip / brotli).
# BENCH_POSTGRES=1 runs it all on PostgreSQL (a throwaway local cluster, fsync on) instead of
# SQLite.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup-build.sh" >/dev/null
apt_ensure wrk >/dev/null
VENV="$ROOT/.tools/venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import brotli' 2>/dev/null || "$VENV/bin/pip" install --quiet --disable-pip-version-check brotli==1.1.0

step "Release builds"
build_web >/dev/null 2>&1
cargo build --release -p healthcode-server --bin healthcode-server --example overload --example completion 2>&1 | tail -n1

if [ "${BENCH_POSTGRES:-0}" = 1 ]; then
  step "PostgreSQL"
  apt_ensure postgresql >/dev/null
  PG_FSYNC=on start_test_postgres
  DATABASE_URL=$(new_test_database hc_bench)
  export DATABASE_URL
fi

# wrk's latency lines, and how many answers were 2xx: its Requests/sec counts the 503s of load
# shedding too (at 32 connections most code reads are over the in-flight slots).
wrk_summary() {
  awk '/Latency|99%|Non-2xx|Requests\/sec/ { print }
       / requests in / { total = $1; secs = $4 + 0 }
       /Non-2xx/ { shed = $NF }
       END { if (secs > 0) printf "2xx answers/sec: %.0f (%d of %d answers)\n", (total - shed) / secs, total - shed, total }'
}

DATA=$(mktemp -d)
LOG="$DATA/server.log"
HEALTHCODE_ADDR=127.0.0.1:0 HEALTHCODE_DATA_DIR="$DATA" HEALTHCODE_SMS_OUTBOX="$DATA/sms.jsonl" \
  RUST_LOG=info "$ROOT/target/release/healthcode-server" >"$LOG" 2>&1 &
PID=$!
at_exit 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"'
for _ in $(seq 1 120); do grep -q "listening on http://" "$LOG" && break; sleep 0.5; done
BASE=$(grep -o "listening on http://[0-9.:]*" "$LOG" | head -n1 | sed 's/listening on //')

step "District import (first start, fresh database)"
grep -o "divisions: imported .*" "$LOG"

PHONE=13900001111
curl -fsS -o /dev/null -X POST "$BASE/api/v1/auth/otp" -H 'content-type: application/json' -d "{\"phone\":\"$PHONE\"}"
CODE=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][-1]["code"])' "$DATA/sms.jsonl")
COOKIE=$(curl -fsS -D - -o /dev/null -X POST "$BASE/api/v1/auth/session" -H 'content-type: application/json' \
  -d "{\"phone\":\"$PHONE\",\"code\":\"$CODE\"}" | grep -i '^set-cookie:' | sed 's/^[^:]*: //; s/;.*//')
PERSON=$(curl -fsS -H "Cookie: $COOKIE" "$BASE/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["persons"][0]["id"])')
VILLAGE=$(curl -fsS "$BASE/api/v1/divisions?parent=140802001" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["code"])')
BODY=$(python3 - "$VILLAGE" <<'PY'
import datetime, json, sys
d = lambda n: (datetime.date.today() - datetime.timedelta(days=n)).isoformat()
print(json.dumps({"name": "李华", "sex": "female", "nationality": "CHN", "document_type": "resident_id",
  "document_number": "11010519491231002X", "phone": "13900001111", "residence_division": sys.argv[1],
  "residence_address": "解放路 8 号", "from_outside_province": True, "origin_division": "420602",
  "origin_country": None, "arrival_date": d(2), "itinerary": [{"division": "420602", "country": None,
  "from": d(14), "to": d(3)}], "planned_departure": None, "temperature_c": 36.5, "symptoms": [],
  "contact_history": "none", "isolation_start": None, "on_duty_worker": False, "commitment": True},
  ensure_ascii=False))
PY
)
curl -fsS -o /dev/null -X PUT "$BASE/api/v1/persons/$PERSON/declaration" -H "Cookie: $COOKIE" \
  -H 'content-type: application/json' -H 'Idempotency-Key: bench-setup-1' --data-binary "$BODY"

step "GET /persons/{id}/code: wrk -t2 -c32 -d10s (signs two tokens per request)"
wrk -t2 -c32 -d10s --latency -H "Cookie: $COOKIE" "$BASE/api/v1/persons/$PERSON/code" | wrk_summary

step "PUT /persons/{id}/declaration: wrk -t2 -c16 -d10s (each a new version, reviewed)"
LUA="$DATA/put.lua"
python3 - "$BODY" "$COOKIE" >"$LUA" <<'PY'
import json, sys
# wrk.format's headers replace wrk.headers, so every header is set per request.
print("wrk.method = 'PUT'")
print("wrk.body = " + json.dumps(sys.argv[1], ensure_ascii=False))
print("local cookie = " + json.dumps(sys.argv[2]))
print("local counter = 0")
print("function setup(thread) thread:set('tid', tostring(math.random(1, 1e9))) end")
print("function request() counter = counter + 1; return wrk.format(nil, nil, {"
      "['Content-Type'] = 'application/json', ['Cookie'] = cookie, "
      "['Idempotency-Key'] = 'bench-' .. tid .. '-' .. counter}) end")
PY
wrk -t2 -c16 -d10s --latency -s "$LUA" "$BASE/api/v1/persons/$PERSON/declaration" | wrk_summary

step "Overload: 3x the measured capacity of GET …/code, open loop (crates/server/examples/overload.rs)"
"$ROOT/target/release/examples/overload" "$BASE/api/v1/persons/$PERSON/code" "$COOKIE" 10

step "Checkpoint scan: fake camera, decode + verify in the wasm per frame (scripts/bench-scan.mjs)"
HEALTHCODE_SERVER_BIN="$ROOT/target/release/healthcode-server" node "$ROOT/scripts/bench-scan.mjs"

step "Staff console queries: a county of 200,000 generated residents (crates/server/examples/completion.rs)"
"$ROOT/target/release/examples/completion" 200000

step "Server peak memory"
grep -E 'VmHWM|VmRSS' "/proc/$PID/status"

step "Web app size (dist/)"
"$VENV/bin/python" - <<'PY'
import brotli, glob, gzip
# dist/staff/ is the staff console's own bundle: residents never load it.
for f in sorted(glob.glob("dist/*.wasm") + glob.glob("dist/*.js") + glob.glob("dist/*.css") + glob.glob("dist/staff/*.wasm") + glob.glob("dist/staff/*.js")):
    b = open(f, "rb").read()
    print(f"{f}: raw {len(b):,} B, gzip {len(gzip.compress(b, 9)):,} B, brotli {len(brotli.compress(b, quality=11)):,} B")
PY
