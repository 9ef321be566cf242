// A real single-node Apache Kafka 4.x broker (KRaft, combined broker + controller),
// its jars resolved from Maven Central, started with the machine's Java 17+.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { isAlive, portIsOpen, readPid, stopProcess, waitFor } from './process.mjs';

function pomHash(cfg) {
  return crypto.createHash('sha256').update(fs.readFileSync(cfg.pom)).digest('hex');
}

/** Resolves the broker's jars with Maven once per version of infra/kafka/pom.xml. */
export function ensureKafkaJars(cfg) {
  const marker = path.join(cfg.libsDir, '.pom-sha256');
  const wanted = pomHash(cfg);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return;
  console.error('charts-vibe: resolving Apache Kafka jars from Maven Central (mvn dependency:copy-dependencies)');
  fs.rmSync(cfg.libsDir, { recursive: true, force: true });
  execFileSync(
    'mvn',
    ['-q', '-B', '-f', cfg.pom, 'dependency:copy-dependencies', `-DoutputDirectory=${cfg.libsDir}`, '-DincludeScope=runtime'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  fs.writeFileSync(marker, wanted);
}

function writeServerProperties(cfg) {
  const props = [
    'process.roles=broker,controller',
    'node.id=1',
    `listeners=PLAINTEXT://127.0.0.1:${cfg.port},CONTROLLER://127.0.0.1:${cfg.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${cfg.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `controller.quorum.voters=1@127.0.0.1:${cfg.controllerPort}`,
    `log.dirs=${path.join(cfg.dataDir, 'logs')}`,
    'num.partitions=6',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=24',
    'log.segment.bytes=67108864',
  ];
  const file = path.join(cfg.dataDir, 'server.properties');
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  fs.writeFileSync(file, props.join('\n') + '\n');
  return file;
}

function java(cfg, args) {
  return ['-cp', `${cfg.libsDir}/*`, `-Dlog4j2.configurationFile=${cfg.log4j}`, ...args];
}

function formatStorageOnce(cfg, propsFile) {
  if (fs.existsSync(path.join(cfg.dataDir, 'logs', 'meta.properties'))) return;
  const clusterId = crypto.randomBytes(16).toString('base64url');
  execFileSync('java', java(cfg, ['kafka.tools.StorageTool', 'format', '-c', propsFile, '-t', clusterId, '--ignore-formatted']), {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function kafkaIsReady(cfg) {
  if (!(await portIsOpen(cfg.port))) return false;
  const kafka = new Kafka({ clientId: 'infra-probe', brokers: [cfg.brokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function startKafka(cfg) {
  const running = readPid(cfg.pidFile);
  if (isAlive(running)) {
    await waitFor('Kafka', () => kafkaIsReady(cfg), { timeoutMs: 90_000 });
    return { pid: running, started: false };
  }
  if (await portIsOpen(cfg.port)) {
    throw new Error(`port ${cfg.port} is already in use by another process; set KAFKA_PORT to another port`);
  }
  ensureKafkaJars(cfg);
  const propsFile = writeServerProperties(cfg);
  formatStorageOnce(cfg, propsFile);
  const log = fs.openSync(cfg.logFile, 'a');
  const child = spawn(
    'java',
    ['-Xms256m', '-Xmx1g', '-XX:+UseG1GC', '-Djava.awt.headless=true', ...java(cfg, ['kafka.Kafka', propsFile])],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  fs.writeFileSync(cfg.pidFile, String(child.pid));
  await waitFor('Kafka', async () => {
    if (!isAlive(child.pid)) throw new Error(`broker exited; see ${cfg.logFile}`);
    return kafkaIsReady(cfg);
  }, { timeoutMs: 120_000, intervalMs: 500 });
  return { pid: child.pid, started: true };
}

export async function stopKafka(cfg) {
  await stopProcess(readPid(cfg.pidFile), 30_000);
  fs.rmSync(cfg.pidFile, { force: true });
}
