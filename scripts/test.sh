#!/usr/bin/env bash
# `make test`: every check and test, stopping at the first failure.
source "$(dirname "$0")/lib.sh"
started=$SECONDS

"$ROOT/scripts/setup-build.sh"
"$ROOT/scripts/setup-test.sh"

step "Format: cargo fmt --check"
cargo fmt --all -- --check

step "Lint (host): cargo clippy -D warnings"
# With the test clock too, so its code is linted.
cargo clippy --workspace --all-targets --features healthcode-server/test-clock --locked -- -D warnings

step "Lint (wasm32): cargo clippy -D warnings"
cargo clippy --target wasm32-unknown-unknown -p healthcode-web -p healthcode-core --all-targets --locked -- -D warnings

step "Unit and integration tests (host): cargo test"
cargo test --workspace --locked

step "Server tests against PostgreSQL: the same cargo test, each test on a new database"
start_test_postgres
cargo test -p healthcode-server --locked

step "Fault injection: 1,000 declaration PUTs, the server killed (SIGKILL) and restarted 5 times"
python3 "$ROOT/scripts/load/fault.py" "$ROOT/target/debug/healthcode-server"

step "API fuzzing: schemathesis against the OpenAPI document, no 5xx allowed"
"$ROOT/scripts/api-fuzz.sh"

step "Browser unit tests (wasm32, headless Chromium via chromedriver)"
# wasm-bindgen-test-runner reads webdriver.json for the browser's flags (root needs --no-sandbox).
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown -p healthcode-web -p healthcode-core --locked

step "Release build of the web app and the staff console"
build_web

step "Security headers on one answer of every route and on 4xx/5xx answers (scripts/header-check.py)"
python3 "$ROOT/scripts/header-check.py" "$ROOT/target/debug/healthcode-server"

step "The server with the test clock (cargo feature test-clock), for the browser tests that move time"
cargo build -p healthcode-server --features test-clock --locked

step "End-to-end tests (Playwright + Chromium against the real server)"
rm -rf test-output && mkdir -p test-output
HEALTHCODE_SERVER_BIN="$ROOT/target/debug/healthcode-server" \
  node --test --test-concurrency=1 tests/e2e/

step "End-to-end on PostgreSQL: the declaration, code, scanner, staff console and appeal desk specs, each server on a new database"
E2E_POSTGRES=1 HEALTHCODE_SERVER_BIN="$ROOT/target/debug/healthcode-server" \
  node --test --test-concurrency=1 tests/e2e/declare.test.mjs tests/e2e/code.test.mjs tests/e2e/scan.test.mjs tests/e2e/staff.test.mjs tests/e2e/desk.test.mjs

note "disk used by the build (target/): $(du -sh target | cut -f1); free: $(df -h . | awk 'NR==2 {print $4}')"
step "All checks passed in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
