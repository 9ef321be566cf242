// An HTTP proxy in front of a fake that holds chosen requests for a while before passing
// them on (a slow YouTube Data API), so a kill can land in the middle of a playlist. A held
// request is passed on even when its client died meanwhile: it was already on its way.
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export class SlowProxy {
  private server?: Server;

  constructor(
    private readonly target: string,
    private readonly delayMsOf: (method: string, path: string) => number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const delay = this.delayMsOf(req.method ?? 'GET', new URL(req.url ?? '/', 'http://proxy').pathname);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const target = new URL(req.url ?? '/', this.target);
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.on('error', () => undefined);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    upstream.end(Buffer.concat(chunks));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
