#!/usr/bin/env bash
# Installs what building the app and server needs, skipping what is already at the right
# version: the wasm32 target, Trunk, wasm-bindgen-cli (= Cargo.lock's wasm-bindgen), and
# wasm-opt (npm package binaryen). Nothing here lets Trunk download tools of its own.
source "$(dirname "$0")/lib.sh"

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  note "already installed"
else
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.21.14
step "Trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  note "already installed"
else
  note "cargo install (about 6 minutes on 2 cores, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

WB_VERSION="$(wasm_bindgen_version)"
step "wasm-bindgen-cli $WB_VERSION (the version in Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WB_VERSION" ]; then
  note "already installed"
else
  note "cargo install (about 3 minutes on 2 cores, once)"
  # No --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

step "Node packages (wasm-opt from binaryen; Playwright and axe-core for tests)"
if ! command -v npm >/dev/null; then
  apt_ensure nodejs npm
fi
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  note "already installed from package-lock.json"
else
  npm ci --no-audit --no-fund --loglevel=error
fi
note "$(wasm-opt --version)"
