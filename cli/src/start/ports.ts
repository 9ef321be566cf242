// Ports for the services: the usual ones when free (so the CLI's defaults reach a stack
// kept running), any free one otherwise.
import { AddressInfo, createServer } from 'node:net';

function listenOn(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

export async function freePort(): Promise<number> {
  const port = await listenOn(0);
  if (port === null) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}

/** `preferred` when it is free, otherwise any free port. */
export async function portFor(preferred: number | undefined): Promise<number> {
  if (preferred) {
    const port = await listenOn(preferred);
    if (port !== null) return port;
  }
  return freePort();
}
