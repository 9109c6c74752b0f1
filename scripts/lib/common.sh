# Shared helpers for the scripts in this folder. Source it; do not run it.
# Every "ensure_*" function is idempotent and silent when there is nothing to do.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Pinned tools live outside the clone, so a second clone on the same machine reuses them.
TOOLS_DIR="${PORTAL_TOOLS_DIR:-$HOME/.cache/portal-tools}"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
SITE_DIR="$REPO_ROOT/target/site"
BINARYEN_VERSION="123.0.0"
OPENAPI_VALIDATOR_VERSION="0.9.0"
export PATH="$TOOLS_DIR/bin:$TOOLS_DIR/node_modules/.bin:$TOOLS_DIR/venv/bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version pinned in Cargo.toml: the CLI must be exactly the same.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$REPO_ROOT/Cargo.toml"
}

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown >&2
  fi
}

# rustfmt and clippy, which the test command runs.
ensure_rust_lint_tools() {
  local installed
  installed="$(rustup component list --installed 2>/dev/null)"
  if ! grep -q '^rustfmt' <<<"$installed" || ! grep -q '^clippy' <<<"$installed"; then
    say "adding the rustfmt and clippy components"
    rustup component add rustfmt clippy >&2
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "Cargo.toml does not pin wasm-bindgen exactly (wasm-bindgen = \"=x.y.z\")"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (one-off, a few minutes)"
    cargo install --quiet --locked --root "$TOOLS_DIR" wasm-bindgen-cli --version "$want" >&2
  fi
}

ensure_wasm_opt() {
  if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
    say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
    mkdir -p "$TOOLS_DIR"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "binaryen@$BINARYEN_VERSION" >&2
  fi
}

# apt_install PACKAGE...: installs Debian packages (refreshing the package lists if needed).
apt_install() {
  say "installing $* (Debian packages)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$@" >/dev/null; } \
    || die "could not install $* with apt-get"
}

# The real services the scale-out and fault tests start on loopback ports of their own: nginx
# (the balancer, running deploy/nginx.conf), openssl (its throw-away certificate), redis-server
# and PostgreSQL's server programs (initdb, pg_ctl). Debian starts services it installs; the
# tests start their own copies, so installing nginx must not start one on port 80.
ensure_test_services() {
  local missing=()
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v redis-server >/dev/null || missing+=(redis-server)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    apt_install "${missing[@]}"
    $sudo rm -f /usr/sbin/policy-rc.d
  else
    apt_install "${missing[@]}"
  fi
}

# Debian's Chromium, for the end-to-end tests (Playwright never downloads a browser here).
ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# Node.js and npm: wasm-opt, the brotli precompression and the end-to-end tests run on them.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
}

# npm packages of a folder, installed from its lockfile when it changed.
ensure_node_modules() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in ${dir#"$REPO_ROOT"/}"
    npm ci --silent --no-audit --no-fund --prefix "$dir" >&2
  fi
}

# The OpenAPI 3.1 validator the test suite runs over /openapi.json (PyPI, in a private venv).
ensure_openapi_validator() {
  if [ "$(openapi-spec-validator --version 2>/dev/null | awk '{print $NF}')" != "$OPENAPI_VALIDATOR_VERSION" ]; then
    say "installing openapi-spec-validator $OPENAPI_VALIDATOR_VERSION (PyPI)"
    # Debian's python3 creates venvs only with python3-venv (ensurepip) installed.
    python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
    python3 -m venv "$TOOLS_DIR/venv" >&2
    "$TOOLS_DIR/venv/bin/pip" install --quiet --disable-pip-version-check "openapi-spec-validator==$OPENAPI_VALIDATOR_VERSION" >&2
  fi
}

ensure_build_tools() {
  ensure_node
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_opt
}
