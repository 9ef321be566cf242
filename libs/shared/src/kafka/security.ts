// SASL/TLS of every Kafka client, from the variables the Helm chart sets when Kafka needs them.
import { readFileSync } from 'node:fs';
import { KafkaConfig, SASLOptions } from 'kafkajs';

export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ca = env.KAFKA_SSL_CA_FILE ? [readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8')] : undefined;
  const ssl = /^(true|1|yes)$/.test(env.KAFKA_SSL ?? '') ? (ca ? { ca } : true) : undefined;
  const mechanism = env.KAFKA_SASL_MECHANISM;
  const sasl = mechanism
    ? ({ mechanism, username: env.KAFKA_SASL_USERNAME ?? '', password: env.KAFKA_SASL_PASSWORD ?? '' } as SASLOptions)
    : undefined;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}
