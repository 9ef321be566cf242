#!/usr/bin/env bash
# Measures the matcher on the labelled evaluation set (tests/fixtures/matching/evaluation-set.json).
#   bash bench/match-eval/run.sh              figures for the tuning and the held-out split
#   bash bench/match-eval/run.sh --check      exits 1 when the held-out split misses its targets
#   bash bench/match-eval/run.sh --build-set  rebuilds the set first (bench/match-eval/build-set.ts)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rm -rf bench/match-eval/dist
bash scripts/with-node24.sh tsc -p bench/match-eval/tsconfig.json
if [ "${1:-}" = "--build-set" ]; then
  shift
  bash scripts/with-node24.sh node bench/match-eval/dist/bench/match-eval/build-set.js
fi
exec bash scripts/with-node24.sh node bench/match-eval/dist/bench/match-eval/run.js "$@"
