#!/usr/bin/env bash
# Property-based API testing with schemathesis against the real server (debug build) and its
# own OpenAPI document, logged in as a resident (who is also a grid worker): any 5xx answer fails the run. Logout
# (DELETE /auth/session) is left out: it would end the session the run depends on.
source "$(dirname "$0")/lib.sh"

ST_VERSION=4.32.5
VENV="$ROOT/.tools/venv"
if [ "$("$VENV/bin/st" --version 2>/dev/null || true)" != "st, version $ST_VERSION" ]; then
  note "installing schemathesis $ST_VERSION (PyPI) into .tools/venv"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

DATA=$(mktemp -d)
LOG="$DATA/server.log"
SERVER_BIN=${HEALTHCODE_SERVER_BIN:-$ROOT/target/debug/healthcode-server}
HEALTHCODE_ADDR=127.0.0.1:0 HEALTHCODE_DATA_DIR="$DATA" HEALTHCODE_SMS_OUTBOX="$DATA/sms.jsonl" \
  HEALTHCODE_STATIC_DIR="$DATA/none" RUST_LOG=info "$SERVER_BIN" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  grep -q "listening on http://" "$LOG" && break
  sleep 0.5
done
BASE=$(grep -o "listening on http://[0-9.:]*" "$LOG" | head -n1 | sed 's/listening on //')
[ -n "$BASE" ] || { cat "$LOG"; echo "server did not start"; exit 1; }

# Log in like a user: request a code, read it from the outbox. The account is also a grid
# worker of one community, so the staff routes are fuzzed with a real scope too.
PHONE=13900001111
HEALTHCODE_DATA_DIR="$DATA" RUST_LOG=warn "$SERVER_BIN" admin create --phone "$PHONE" --role grid_worker \
  --division 140802001001
curl -fsS -o /dev/null -X POST "$BASE/api/v1/auth/otp" -H 'content-type: application/json' -d "{\"phone\":\"$PHONE\"}"
CODE=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][-1]["code"])' "$DATA/sms.jsonl")
COOKIE=$(curl -fsS -D - -o /dev/null -X POST "$BASE/api/v1/auth/session" -H 'content-type: application/json' \
  -d "{\"phone\":\"$PHONE\",\"code\":\"$CODE\"}" | grep -i '^set-cookie:' | sed 's/^[^:]*: //; s/;.*//')

echo "logged in: ${COOKIE%%=*}=…"
"$VENV/bin/st" run "$BASE/api/v1/openapi.json" --url "$BASE/api/v1" \
  --exclude-method DELETE --checks not_a_server_error --max-examples "${FUZZ_EXAMPLES:-40}" \
  -H "Cookie: $COOKIE" --seed 20261127
echo "schemathesis: no server errors"
