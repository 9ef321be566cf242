import { AddressInfo, createServer } from 'node:net';
import { COMMANDS, runCli } from './cli';
import { CliIo } from './io';

function captured(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('charts-vibe', () => {
  it('lists its commands and exits 2 when given none', async () => {
    const run = captured();
    expect(await runCli([], run.io)).toBe(2);
    for (const command of COMMANDS) expect(run.stdout()).toContain(command.name);
  });

  it.each(COMMANDS.map((command) => [command.name]))('prints the usage of "%s" for --help and exits 0', async (name) => {
    const run = captured();
    expect(await runCli([...name.split(' '), '--help'], run.io)).toBe(0);
    expect(run.stdout()).toContain(`usage: charts-vibe ${name}`);
  });

  it('names an unknown command and exits 2', async () => {
    const run = captured();
    expect(await runCli(['playlists'], run.io)).toBe(2);
    expect(run.stderr()).toMatch(/^charts-vibe: unknown command "playlists"/);
  });

  it('names an unknown subcommand with the group usage', async () => {
    const run = captured();
    expect(await runCli(['dlq', 'purge', 'track.requested'], run.io)).toBe(2);
    expect(run.stderr()).toContain('unknown command "purge"');
    expect(run.stderr()).toContain('usage: charts-vibe dlq <list|replay>');
  });

  it('rejects an unknown option with the command usage', async () => {
    const run = captured();
    expect(await runCli(['jobs', '--everything'], run.io)).toBe(2);
    expect(run.stderr()).toContain("Unknown option '--everything'");
    expect(run.stderr()).toContain('usage: charts-vibe jobs');
  });

  it('rejects a bad option value naming the option', async () => {
    const run = captured();
    expect(await runCli(['jobs', '--limit', 'ten'], run.io)).toBe(2);
    expect(run.stderr()).toContain('--limit must be a positive whole number, not "ten"');
  });

  it('asks for a missing argument', async () => {
    const run = captured();
    expect(await runCli(['job'], run.io)).toBe(2);
    expect(run.stderr()).toContain('charts-vibe job: missing argument');
  });

  it('says which service it cannot reach and how to point at it, exit 1', async () => {
    const port = await closedPort();
    const run = captured({ CHART_PROCESSOR_URL: `http://127.0.0.1:${port}` });
    expect(await runCli(['jobs'], run.io)).toBe(1);
    expect(run.stderr()).toContain(`cannot reach chart-processor at http://127.0.0.1:${port}`);
    expect(run.stderr()).toContain('Set CHART_PROCESSOR_URL');
  });

  it('validates its environment like the services do', async () => {
    const run = captured({ CHART_PROCESSOR_URL: 'ftp://example.com' });
    expect(await runCli(['charts'], run.io)).toBe(1);
    expect(run.stderr()).toBe('charts-vibe: invalid configuration: CHART_PROCESSOR_URL must be an http(s) URL\n');
  });

  it('needs KAFKA_BROKERS for the DLQ', async () => {
    const run = captured({});
    expect(await runCli(['dlq', 'list', 'track.requested'], run.io)).toBe(1);
    expect(run.stderr()).toContain('KAFKA_BROKERS is required');
  });

  it('refuses --offline with --online', async () => {
    const run = captured();
    expect(await runCli(['start', '--offline', '--online'], run.io)).toBe(2);
    expect(run.stderr()).toContain('exclude each other');
  });
});
