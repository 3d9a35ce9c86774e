#!/usr/bin/env bash
# `make run`: install what is missing, build everything, start the server on
# http://127.0.0.1:8080 (override with HEALTHCODE_ADDR) with its SQLite database under data/.
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup-build.sh"
"$ROOT/scripts/build.sh"

step "Starting healthcode (Ctrl-C stops it); login codes are printed here (HEALTHCODE_SMS_CONSOLE=1, development only)"
HEALTHCODE_SMS_CONSOLE=1 exec "$ROOT/target/release/healthcode-server"
