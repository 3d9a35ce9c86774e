#!/usr/bin/env bash
# Builds the web app (release, into dist/) and the server (release).
source "$(dirname "$0")/lib.sh"

step "Web app and staff console: trunk build --release (tools from PATH, no downloads)"
build_web
note "dist/: $(du -sh dist | cut -f1)"

step "Server: cargo build --release -p healthcode-server"
cargo build --release -p healthcode-server
