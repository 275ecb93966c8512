/**
 * The fake platform over real HTTP on 127.0.0.1, for benchmarks that want real sockets.
 * The vendor host is the first path segment: `http://127.0.0.1:PORT/api.hubapi.com/crm/v3/…`.
 * Listens on the loopback address only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FakePlatform } from './platform';

export interface FakeHttpServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Maps a vendor URL to this server: `https://api.hubapi.com/x` → `http://127.0.0.1:PORT/api.hubapi.com/x`. */
  url(vendorUrl: string): string;
  close(): Promise<void>;
}

/**
 * A request listener that answers as the fake platform would, for the vendor URL `vendorUrlOf`
 * reads off each request (how a server maps its requests to vendor hosts is its own).
 */
export function answerWith(
  platform: FakePlatform,
  vendorUrlOf: (req: IncomingMessage) => string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const controller = new AbortController();
      res.on('close', () => controller.abort());
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers[key] = value;
      platform
        .handle({
          method: req.method ?? 'GET',
          url: vendorUrlOf(req),
          headers,
          body: chunks.length ? Buffer.concat(chunks).toString('utf8') : null,
          signal: controller.signal,
        })
        .then((fake) => {
          if (fake.networkError) return void req.socket.destroy();
          res.writeHead(fake.status, {
            ...fake.headers,
            'content-length': String(Buffer.byteLength(fake.body)),
          });
          if (fake.truncateAt !== undefined) {
            res.write(Buffer.from(fake.body).subarray(0, fake.truncateAt));
            return void res.destroy();
          }
          res.end(fake.body);
        })
        .catch(() => res.destroy());
    });
  };
}

export function serveHttp(platform: FakePlatform, port = 0): Promise<FakeHttpServer> {
  const server: Server = createServer(
    answerWith(platform, (req) => {
      const [, host = '', ...rest] = (req.url ?? '/').split('/');
      return `https://${host}/${rest.join('/')}`;
    }),
  );
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
      resolve({
        origin,
        url: (vendorUrl) => {
          const parsed = new URL(vendorUrl);
          return `${origin}/${parsed.host}${parsed.pathname}${parsed.search}`;
        },
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
