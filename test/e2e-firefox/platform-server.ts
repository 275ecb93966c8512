/**
 * The fake platform (test/fake-platform) over HTTPS on 127.0.0.1, for Firefox: its background
 * (an event page) fetches outside what WebDriver BiDi can intercept, so the vendor hosts resolve
 * to this server instead (test/support/firefox.ts: `network.dns.localDomains`, port 443 forced
 * to this one). The certificate in ./tls is self-signed for rest.loopline.test and accepted for
 * the test session only (`acceptInsecureCerts`); it guards nothing.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import path from 'node:path';
import type { FakePlatform } from '../fake-platform';

const TLS = path.join(import.meta.dirname, 'tls');

export interface PlatformServer {
  port: number;
  close(): Promise<void>;
}

export function servePlatform(platform: FakePlatform): Promise<PlatformServer> {
  const server: Server = createServer(
    { key: readFileSync(path.join(TLS, 'key.pem')), cert: readFileSync(path.join(TLS, 'cert.pem')) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '');
        const controller = new AbortController();
        res.on('close', () => controller.abort());
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(req.headers))
          if (typeof value === 'string') headers[key] = value;
        platform
          .handle({
            method: req.method ?? 'GET',
            url: `https://${host}${req.url ?? '/'}`,
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
    },
  );
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : 0,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
