// A compiled service (services/<name>/dist/main.js) run as a child process, the way a pod
// runs it: its own HTTP port, its output in a log file, killed with SIGKILL when a test says so.
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export type ServiceName = 'scraper' | 'chart-processor' | 'track-search' | 'playlist';

const repoRoot = path.resolve(__dirname, '../../..');

export function serviceMain(name: ServiceName): string {
  return path.join(repoRoot, 'services', name, 'dist/main.js');
}

/** Fails early with the fix when the services were not built (npm test builds them first). */
export function assertBuilt(...names: ServiceName[]): void {
  for (const name of names) {
    if (!existsSync(serviceMain(name))) throw new Error(`${serviceMain(name)} is missing: build first (npx nx run-many -t build)`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class ServiceProcess {
  private child?: ChildProcess;
  private exitedAt?: Promise<void>;
  /** Every process this instance has started, by pid. */
  readonly pids: number[] = [];

  private constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  /** Starts the service on a free port; `env` is added to this process's environment (topic prefix included). */
  static async start(name: ServiceName, env: NodeJS.ProcessEnv, logFile: string): Promise<ServiceProcess> {
    const service = new ServiceProcess(name, await freePort(), env, logFile);
    service.spawn();
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  private spawn(): void {
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [serviceMain(this.name)], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, HTTP_PORT: String(this.port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    if (child.pid) this.pids.push(child.pid);
    this.exitedAt = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** The status of GET /health/ready, or null when nothing answers. */
  async readiness(): Promise<number | null> {
    try {
      const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(4_000) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null;
    }
  }

  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.logTail()}`);
      if ((await this.readiness()) === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.logTail()}`);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  async kill(): Promise<void> {
    if (this.running) this.child!.kill('SIGKILL');
    await this.exitedAt;
  }

  /** A new process of the same service, same port and environment (a pod restarted in place). */
  async restart(): Promise<void> {
    await this.kill();
    this.spawn();
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.exitedAt;
    clearTimeout(timer);
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
