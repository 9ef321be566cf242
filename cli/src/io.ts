// What a command reads and writes: streams, environment and a cancel signal, passed in so
// tests can run commands in-process and read what they printed.
export interface OutputStream {
  write(text: string): unknown;
  /** Set on a terminal: progress is redrawn in place instead of printed line by line. */
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: long-running commands (`jobs --watch`, `start`) stop cleanly. */
  signal?: AbortSignal;
}

/** A failure the user can act on: printed as one line, exit code non-zero. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A command line that does not parse: the command's usage follows the message; exit code 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message, 2);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
