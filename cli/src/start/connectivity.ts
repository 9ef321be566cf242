// Can this machine reach the outside world the pipeline talks to? A DNS lookup and a TCP
// connection to port 443, each host in parallel, with a short timeout: enough to tell a
// machine without internet (or without these hosts) from one with it.
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';

export const OUTSIDE_HOSTS = ['www.beatport.com', 'music.youtube.com'] as const;

export interface Reachability {
  host: string;
  reachable: boolean;
  /** Why not: the DNS or connection error, or a timeout. */
  problem?: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function probeHost(host: string, port = 443, timeoutMs = 2_500): Promise<Reachability> {
  try {
    const { address } = await withTimeout(lookup(host), timeoutMs, `DNS lookup of ${host}`);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host: address, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', (error) => {
          socket.destroy();
          reject(error);
        });
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error('connection timed out')));
      }),
      timeoutMs,
      `connecting to ${host}:${port}`,
    );
    return { host, reachable: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { host, reachable: false, problem: code ? `${code}` : (error as Error).message };
  }
}

export function probeOutside(hosts: readonly string[] = OUTSIDE_HOSTS, timeoutMs?: number): Promise<Reachability[]> {
  return Promise.all(hosts.map((host) => probeHost(host, 443, timeoutMs)));
}
