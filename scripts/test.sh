#!/usr/bin/env bash
# `npm test`: builds and lints every project (the crash tests start compiled services), then runs
# jest over all projects and tests/. Kafka and PostgreSQL come from KAFKA_BROKERS /
# DATABASE_URL when set, else the jest global setup starts them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
nx run-many -t build lint --outputStyle=static
# kafkajs trips a harmless TimeoutNegativeWarning on Node 24; jest's VM modules are "experimental".
export NODE_OPTIONS="--experimental-vm-modules --disable-warning=TimeoutNegativeWarning --disable-warning=ExperimentalWarning ${NODE_OPTIONS:-}"
exec jest "$@"
