// The processes `npm start` runs: the services and the fakes as child processes of this
// one (the compiled dist/main.js each, the code that runs in Kubernetes), their output in
// a log file each, stopped with SIGTERM (then SIGKILL) so they leave their consumer groups.
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CliError, sleep } from '../io';
import { repoRoot } from '../repo-root';

export type Env = Record<string, string | undefined>;

// The compiled preload, also when this module runs from source (tests).
const PARENT_WATCH = join(repoRoot(), 'cli/dist/start/parent-watch.js');

function cleanEnv(env: Env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) as NodeJS.ProcessEnv;
}

/** The last lines of a log, for an error message. */
export function logTail(logFile: string, lines = 25): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class ManagedProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitState?: { code: number | null; signal: NodeJS.Signals | null };
  private spawnError?: Error;

  private constructor(
    readonly name: string,
    readonly logFile: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitState = { code, signal };
        resolve(this.exitState);
      });
      child.once('error', (error) => {
        this.exitState = { code: -1, signal: null };
        resolve(this.exitState);
        this.spawnError = error;
      });
    });
  }

  /** Runs `node <script> <args>`; stdout goes to the log unless `pipeStdout` (then read it from `child.stdout`). */
  static start(name: string, script: string, args: string[], env: Env, logFile: string, pipeStdout = false): ManagedProcess {
    const log = openSync(logFile, 'w');
    try {
      // The IPC channel is only a lifeline: parent-watch stops the child when it closes.
      const child = spawn(process.execPath, ['--require', PARENT_WATCH, script, ...args], {
        env: cleanEnv(env),
        stdio: ['ignore', pipeStdout ? 'pipe' : log, log, 'ipc'],
      });
      child.channel?.unref();
      return new ManagedProcess(name, logFile, child);
    } finally {
      closeSync(log);
    }
  }

  get running(): boolean {
    return this.exitState === undefined;
  }

  /** Why it is gone, with the end of its log. */
  describeExit(): string {
    const state = this.exitState;
    const how = this.spawnError
      ? `could not start: ${this.spawnError.message}`
      : state?.signal
        ? `was killed by ${state.signal}`
        : `exited with code ${state?.code}`;
    return `${this.name} ${how}; the end of ${this.logFile}:\n${logTail(this.logFile)}`;
  }

  /** SIGTERM, and SIGKILL after `graceMs`; resolves once it is gone. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The first line the process prints on stdout (started with `pipeStdout`). */
  firstLine(timeoutMs: number): Promise<string> {
    const stdout = this.child.stdout;
    if (!stdout) throw new Error(`${this.name}: stdout is not piped`);
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: stdout });
      const timer = setTimeout(() => reject(new CliError(`${this.name} printed nothing within ${timeoutMs / 1000} s`)), timeoutMs);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new CliError(this.describeExit()));
      });
    });
  }
}

/** Runs a one-shot command (the migrations) to its end; throws with its log unless it exits 0. */
export async function runToCompletion(name: string, script: string, args: string[], env: Env, logFile: string): Promise<void> {
  const command = ManagedProcess.start(name, script, args, env, logFile);
  const { code } = await command.exited;
  if (code !== 0) throw new CliError(command.describeExit());
}

/** Polls `url` until it answers 200; fails as soon as the process exits. */
export async function waitUntilReady(managed: ManagedProcess, url: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!managed.running) throw new CliError(managed.describeExit());
    if (signal?.aborted) throw new CliError('interrupted', 130);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new CliError(`${managed.name} was not ready within ${timeoutMs / 1000} s (${url}); the end of ${managed.logFile}:\n${logTail(managed.logFile)}`);
    }
    await sleep(250, signal);
  }
}
