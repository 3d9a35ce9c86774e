# Shared helpers for the project scripts. Source it; it moves to the repository root.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Tools installed by these scripts: cargo binaries, and wasm-opt from the npm package binaryen.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ -t 1 ]; then
  step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
  step() { printf '\n==> %s\n' "$*"; }
fi
note() { printf '    %s\n' "$*"; }

# The exact wasm-bindgen version the app links against: the CLI must match it.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# apt-get install for the Debian packages not yet installed (update once, only when needed).
apt_ensure() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    note "already installed: $*"
    return
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  note "installing ${missing[*]} (Debian packages)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Commands run when the calling script exits, the last registered first.
EXIT_HOOKS=()
at_exit() {
  EXIT_HOOKS=("$1" "${EXIT_HOOKS[@]}")
  trap 'for hook in "${EXIT_HOOKS[@]}"; do eval "$hook"; done' EXIT
}

# Starts a throwaway PostgreSQL cluster (trust auth, C collation; fsync off unless PG_FSYNC=on)
# on a free loopback port, stopped and deleted when the calling script exits, and exports
# HEALTHCODE_TEST_POSTGRES (postgres://postgres@127.0.0.1:PORT, no database).
start_test_postgres() {
  local bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  PG_DIR=$(mktemp -d /tmp/healthcode-pg-XXXXXX)
  local as=()
  # initdb refuses to run as root: the cluster belongs to Debian's postgres user then.
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --locale=C -E UTF8 >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=200" start >/dev/null
  PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop)
  at_exit '"${PG_STOP[@]}" >/dev/null 2>&1; rm -rf "$PG_DIR"'
  export HEALTHCODE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port"
  note "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

# Creates database $1 in the cluster of start_test_postgres; prints its URL.
new_test_database() {
  psql "$HEALTHCODE_TEST_POSTGRES/postgres" -qc "CREATE DATABASE $1" >/dev/null
  echo "$HEALTHCODE_TEST_POSTGRES/$1"
}

# Both browser bundles, release: the resident app into dist/ (Trunk empties dist/ first), then
# the staff console into dist/staff/ (its own index and wasm, served under /staff/).
build_web() {
  trunk build --release --offline "$@"
  trunk build --release --offline --config staff/Trunk.toml "$@"
}
