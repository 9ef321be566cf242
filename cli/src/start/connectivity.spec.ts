import { AddressInfo, createServer, Server } from 'node:net';
import { probeHost } from './connectivity';

describe('probeHost', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('finds a host that resolves and accepts a connection reachable', async () => {
    expect(await probeHost('localhost', port)).toEqual({ host: 'localhost', reachable: true });
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await probeHost('127.0.0.1', closedPort)).toEqual({ host: '127.0.0.1', reachable: false, problem: 'ECONNREFUSED' });
  });

  it('reports a name that does not resolve', async () => {
    const result = await probeHost('charts-vibe.invalid', 443, 2_000);
    expect(result.reachable).toBe(false);
    expect(result.problem).toMatch(/ENOTFOUND|EAI_AGAIN|timed out/);
  });
});
