// Preloaded (`node --require`) into every process `npm start` runs: when the runner goes away
// for any reason — Ctrl-C, a crash, kill -9 — its IPC channel closes and this process stops
// itself with SIGTERM, so the services shut down cleanly instead of living on as orphans.
// The services' own code is untouched: this file is not part of their image.
if (process.channel) {
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
