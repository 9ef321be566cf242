// Run by preload.spec.ts as `node --require <shared>/dist/observability/register.js preload-child.cjs`:
// a service-like process that loads charts-vibe after the tracing preload, then makes one
// domain span with a Kafka send and a PostgreSQL query inside it, and reports what it saw.
const shared = require('@charts-vibe/shared');
const { trace, ProxyTracerProvider } = require('@opentelemetry/api');
const { isWrapped } = require('@opentelemetry/instrumentation');
const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');

async function main() {
  const topic = process.env.PRELOAD_TOPIC;
  const kafka = new Kafka({ clientId: 'preload-child', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await Promise.all([producer.connect(), db.connect()]);
  const headers = {};
  await shared.withSpan('preload check', { 'charts_vibe.chart.id': 'preload' }, async () => {
    await db.query('SELECT 1 AS one');
    const message = { key: 'k', value: 'v' };
    await producer.send({ topic, acks: -1, messages: [message] });
    for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
  });
  await Promise.all([producer.disconnect(), db.end()]);
  await shared.flushTracing();
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  process.stdout.write(
    JSON.stringify({
      kafkajsPatched: isWrapped(Kafka.prototype.producer),
      pgPatched: isWrapped(Client.prototype.query),
      tracerProvider: delegate.constructor.name,
      headers,
    }) + '\n',
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
