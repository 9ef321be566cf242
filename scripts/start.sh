#!/usr/bin/env bash
# `npm start [-- options]`: runs the whole pipeline locally. Installs the npm packages when
# node_modules is missing, builds every project, then hands over to the runner
# (cli/src/start/runner.ts), which starts PostgreSQL, Kafka, the four services (and the
# fakes with --offline), runs one chart through them and stops what it started.
#   npm start -- --offline --chart genre:psy-trance     (npm start -- --help lists the options)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
mkdir -p .cache

if [ ! -d node_modules ]; then
  echo "charts-vibe: installing npm packages (npm ci)…"
  bash scripts/with-node24.sh npm ci --no-audit --no-fund
fi

echo "charts-vibe: building (nx run-many -t build; log in .cache/build.log)…"
if ! bash scripts/with-node24.sh nx run-many -t build --outputStyle=static >.cache/build.log 2>&1; then
  tail -n 40 .cache/build.log >&2
  echo "charts-vibe: the build failed (full log: .cache/build.log)" >&2
  exit 1
fi

exec bash scripts/with-node24.sh node cli/dist/main.js start "$@"
