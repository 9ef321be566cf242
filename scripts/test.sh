#!/usr/bin/env bash
# `npm test`: builds every project (the crash tests start compiled services), then runs
# jest over all projects and tests/. Kafka and PostgreSQL come from KAFKA_BROKERS /
# DATABASE_URL when set, else the jest global setup starts them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
nx run-many -t build --outputStyle=static
export NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}"
exec jest "$@"
