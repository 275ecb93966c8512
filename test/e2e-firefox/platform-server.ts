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
import { answerWith } from '../fake-platform/serve-http';

const TLS = path.join(import.meta.dirname, 'tls');

export interface PlatformServer {
  port: number;
  close(): Promise<void>;
}

export function servePlatform(platform: FakePlatform): Promise<PlatformServer> {
  const server: Server = createServer(
    { key: readFileSync(path.join(TLS, 'key.pem')), cert: readFileSync(path.join(TLS, 'cert.pem')) },
    // The vendor host is the request's own Host header (the vendor hosts resolve to this server).
    answerWith(
      platform,
      (req) => `https://${(req.headers.host ?? '').replace(/:\d+$/, '')}${req.url ?? '/'}`,
    ),
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
