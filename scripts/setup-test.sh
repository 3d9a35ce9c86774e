#!/usr/bin/env bash
# Installs what the tests need beyond the build tools: Debian's Chromium and ChromeDriver,
# CJK fonts (so screenshots show Chinese), zbar (an independent QR decoder), poppler
# (PDF to PNG) and PostgreSQL (the server's tests run against it as well as SQLite).
source "$(dirname "$0")/lib.sh"

step "Debian test packages"
apt_ensure chromium chromium-driver fonts-noto-cjk zbar-tools poppler-utils postgresql
note "$(chromium --version 2>/dev/null | head -n1)"
