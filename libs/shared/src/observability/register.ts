// The tracing preload, `@charts-vibe/shared/tracing`: the first import of every service's
// main.ts, so the SDK patches kafkajs, pg and http before anything requires them. It
// imports nothing of charts-vibe but tracing.ts, for the same reason.
//
// service.name: OTEL_SERVICE_NAME when set, else the name of the service's package
// (`@charts-vibe/track-search` → `track-search`), found from the entry script.
import { flushTracing, serviceNameOfEntry, startTracing } from './tracing';

startTracing({ serviceName: serviceNameOfEntry(require.main?.filename ?? process.argv[1]) });

export { flushTracing };
