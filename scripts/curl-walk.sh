#!/usr/bin/env bash
# A new user's walk through the API with curl, against a running server (e.g. `make run`):
# request a login code, read it from the server's console log, log in, declare the seed's
# traveller (盐湖区 resident arrived from 襄阳), get the code, verify its token, and see a
# token with one character changed refused.
#
#   scripts/curl-walk.sh http://127.0.0.1:8080 /path/to/server.log
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
LOG=${2:?give the server log file, where "[sms] 139****1111 code NNNNNN" appears}
PHONE=${PHONE:-13900001111}
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT
say() { printf '\n== %s\n' "$*"; }

say "POST /auth/otp"
curl -fsS -X POST "$BASE/api/v1/auth/otp" -H 'content-type: application/json' -d "{\"phone\":\"$PHONE\"}"
sleep 1
CODE=$(grep -o "\[sms\] ${PHONE:0:3}\*\*\*\*${PHONE:7:4} code [0-9]\{6\}" "$LOG" | tail -n1 | awk '{print $4}')
echo; echo "code from the console: $CODE"

say "POST /auth/session"
curl -fsS -c "$JAR" -X POST "$BASE/api/v1/auth/session" -H 'content-type: application/json' \
  -d "{\"phone\":\"$PHONE\",\"code\":\"$CODE\"}"

say "GET /me"
ME=$(curl -fsS -b "$JAR" "$BASE/api/v1/me"); echo "$ME"
PERSON=$(echo "$ME" | python3 -c 'import json,sys; print(json.load(sys.stdin)["persons"][0]["id"])')

say "pick a community of 盐湖区 (140802) from the division API"
TOWN=$(curl -fsS "$BASE/api/v1/divisions?parent=140802" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["code"])')
VILLAGE=$(curl -fsS "$BASE/api/v1/divisions?parent=$TOWN" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["code"])')
curl -fsS "$BASE/api/v1/divisions/$VILLAGE" | python3 -c 'import json,sys; print(" / ".join(d["name"] for d in json.load(sys.stdin)["path"]))'

TODAY=$(date -u +%F); ARRIVED=$(date -u -d '2 days ago' +%F); LEFT=$(date -u -d '3 days ago' +%F); FROM=$(date -u -d '14 days ago' +%F)
say "PUT /persons/$PERSON/declaration"
curl -fsS -b "$JAR" -X PUT "$BASE/api/v1/persons/$PERSON/declaration" \
  -H 'content-type: application/json' -H "Idempotency-Key: walk-$(date +%s)" -d @- <<JSON
{"name":"李华","sex":"female","nationality":"CHN","document_type":"resident_id",
 "document_number":"11010519491231002X","phone":"$PHONE",
 "residence_division":"$VILLAGE","residence_address":"解放路 8 号 3 单元 501",
 "from_outside_province":true,"origin_division":"420602","origin_country":null,"arrival_date":"$ARRIVED",
 "itinerary":[{"division":"420602","country":null,"from":"$FROM","to":"$LEFT"}],
 "planned_departure":null,"temperature_c":36.5,"symptoms":[],"contact_history":"none",
 "isolation_start":null,"on_duty_worker":false,"commitment":true}
JSON

say "GET /persons/$PERSON/code"
CODEJSON=$(curl -fsS -b "$JAR" "$BASE/api/v1/persons/$PERSON/code"); echo "$CODEJSON"
TOKEN=$(echo "$CODEJSON" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

say "POST /verify (the token as issued)"
curl -fsS -X POST "$BASE/api/v1/verify" -H 'content-type: application/json' -d "{\"token\":\"$TOKEN\"}"

say "POST /verify (one character changed)"
MID=$(( ${#TOKEN} / 2 )); CH=${TOKEN:$MID:1}; NEW=A; [ "$CH" = A ] && NEW=B
BAD="${TOKEN:0:$MID}$NEW${TOKEN:$((MID + 1))}"
curl -fsS -X POST "$BASE/api/v1/verify" -H 'content-type: application/json' -d "{\"token\":\"$BAD\"}"
echo
