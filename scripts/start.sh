#!/usr/bin/env bash
# `npm start`: runs the whole pipeline locally (delivered by the "npm start" issue).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "charts-vibe: the local pipeline runner is not built yet. 'npm test' runs the test suite."
