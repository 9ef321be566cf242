#!/usr/bin/env node
// The charts-vibe CLI (`npx charts-vibe …`): operator commands and `start`, the runner behind `npm start`.
import 'reflect-metadata';
import { runCli } from './cli';

// kafkajs 2.2.4 sets negative timers on Node 24, which only warns; every other warning still prints.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const interrupt = new AbortController();
process.on('SIGINT', () => {
  // The first Ctrl-C stops the command cleanly (the runner stops what it started); a second one does not wait.
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
process.on('SIGTERM', () => interrupt.abort());
// Output piped into a command that quit (`npm start | head`): stop as on Ctrl-C, so the runner still cleans up.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.stdout.write = () => true;
  interrupt.abort();
});

// Kafka and HTTP clients are closed by then; exit without waiting for idle keep-alive sockets
// (stdout and stderr are written synchronously to files and pipes on Linux, so nothing is lost).
void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: interrupt.signal }).then(
  (code) => process.exit(code),
);
