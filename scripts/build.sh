#!/usr/bin/env bash
# Builds the web app (release, into dist/) and the server (release).
source "$(dirname "$0")/lib.sh"

step "Web app: trunk build --release (tools from PATH, no downloads)"
trunk build --release --offline
note "dist/: $(du -sh dist | cut -f1)"

step "Server: cargo build --release -p healthcode-server"
cargo build --release -p healthcode-server
