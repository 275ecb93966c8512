// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock';
import { createHttpClient, parseBody, statusError, type HttpResponse } from './http';
import { createLimiter } from './limiter';
import { createPlatformFetch } from './platform-fetch';
import { ConnectorError, type FetchLike } from './types';

function client(fetch: FetchLike, clock = createManualClock()) {
  return createHttpClient({ source: 'hubspot', label: 'HubSpot', fetch, clock, timeoutMs: 5_000 });
}

const hang: FetchLike = (_url, init) =>
  new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('createHttpClient.send', () => {
  it('sends JSON with the headers given and returns status and text', async () => {
    let seen: { url: string; init?: RequestInit } | undefined;
    const http = client(async (url, init) => {
      seen = { url, init };
      return new Response('{"ok":true}', { status: 201 });
    });
    const response = await http.send({
      method: 'POST',
      url: 'https://x.test/a',
      json: { a: 1 },
      headers: { 'X-K': 'v' },
      what: 'thing',
    });
    expect(response.status).toBe(201);
    expect(response.text).toBe('{"ok":true}');
    expect(seen?.init?.body).toBe('{"a":1}');
    expect(seen?.init?.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-K': 'v',
      Accept: 'application/json',
    });
  });

  it.each([
    ['GET', false],
    ['POST', true],
  ] as const)(
    'turns a network failure on %s into a network error (ambiguous: %s) naming the host',
    async (method, ambiguous) => {
      const http = client(() => Promise.reject(new TypeError('fetch failed')));
      const error = await failure(
        http.send({ method, url: 'https://api.hubapi.com/x', what: 'HubSpot contact' }),
      );
      expect(error.kind).toBe('network');
      expect(error.ambiguous).toBe(ambiguous);
      expect(error.message).toContain('api.hubapi.com');
      expect(error.retryable).toBe(true);
    },
  );

  it('times out a request that was sent and never answered, as an ambiguous timeout', async () => {
    const clock = createManualClock();
    const http = client(hang, clock);
    const pending = failure(
      http.send({ method: 'POST', url: 'https://api.hubapi.com/notes', what: 'HubSpot note' }),
    );
    await clock.advance(4_999);
    await clock.advance(1);
    const error = await pending;
    expect(error.kind).toBe('timeout');
    expect(error.ambiguous).toBe(true);
    expect(error.message).toMatch(/did not answer within 5 s \(HubSpot note\)/);
  });

  it('passes a caller abort through as an AbortError, not a connector error', async () => {
    const http = client(hang);
    const controller = new AbortController();
    const pending = http.send({
      method: 'GET',
      url: 'https://api.hubapi.com/x',
      what: 'x',
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reports a body shorter than its Content-Length as truncated', async () => {
    const http = client(
      async () => new Response('{"results":[', { status: 200, headers: { 'content-length': '400' } }),
    );
    const error = await failure(
      http.send({ method: 'GET', url: 'https://x.test', what: 'HubSpot contacts' }),
    );
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/truncated \(12 of 400 bytes\)/);
  });

  it('reports a body stream that breaks as cut off', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":'));
        controller.error(new TypeError('terminated'));
      },
    });
    const http = client(async () => new Response(stream, { status: 200 }));
    const error = await failure(
      http.send({ method: 'GET', url: 'https://x.test', what: 'Marketo activities' }),
    );
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/cut off/);
  });

  it('lets the limiter hold requests (a pause after throttling)', async () => {
    const clock = createManualClock();
    const limiter = createLimiter({ maxConcurrent: 2, perWindow: 100, windowMs: 1000, clock });
    let calls = 0;
    const http = createHttpClient({
      source: 'mailchimp',
      label: 'Mailchimp',
      clock,
      limiter,
      fetch: async () => {
        calls++;
        return new Response('{}');
      },
    });
    http.error('rate_limited', 'slow down', { retryAfterMs: 10_000 });
    const pending = http.send({ method: 'GET', url: 'https://x.test', what: 'x' });
    await clock.advance(9_000);
    expect(calls).toBe(0);
    await clock.advance(1_000);
    await pending;
    expect(calls).toBe(1);
  });
});

describe('createHttpClient.send through the platform fetch', () => {
  const through = (fetch: FetchLike, hasHostPermission = async () => true, maxBytes?: number) =>
    createPlatformFetch({ fetch, hasHostPermission, maxBytes });

  it.each(['GET', 'POST'] as const)(
    'turns a refused permission on %s into a final, unambiguous permission error',
    async (method) => {
      const http = client(through(hang, async () => false));
      const error = await failure(
        http.send({ method, url: 'https://api.hubapi.com/x', what: 'HubSpot note' }),
      );
      expect(error).toMatchObject({
        source: 'hubspot',
        kind: 'permission',
        ambiguous: false,
        retryable: false,
      });
      expect(error.message).toMatch(/^HubSpot: Loopline has no permission to reach api\.hubapi\.com/);
    },
  );

  it.each([
    ['GET', false],
    ['POST', true],
  ] as const)(
    'turns an answer past the cap on %s into a final malformed error (ambiguous: %s)',
    async (method, ambiguous) => {
      const http = client(through(async () => new Response('x'.repeat(2000)), undefined, 1000));
      const error = await failure(
        http.send({ method, url: 'https://api.hubapi.com/x', what: 'HubSpot note' }),
      );
      expect(error).toMatchObject({ kind: 'malformed', ambiguous, retryable: false });
      expect(error.message).toBe(
        'HubSpot: api.hubapi.com answered with more than 1000 bytes; Loopline stopped reading.',
      );
    },
  );

  it('still reports a body that breaks as cut off, and a silent platform as a timeout', async () => {
    const broken = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"a":'));
          controller.error(new TypeError('terminated'));
        },
      });
    const cut = await failure(
      client(through(async () => new Response(broken()))).send({
        method: 'GET',
        url: 'https://x.test',
        what: 'x',
      }),
    );
    expect(cut.kind).toBe('malformed');
    expect(cut.message).toMatch(/cut off/);

    const clock = createManualClock();
    const pending = failure(
      client(through(hang), clock).send({ method: 'GET', url: 'https://x.test', what: 'x' }),
    );
    await clock.advance(5_000);
    expect((await pending).kind).toBe('timeout');
  });
});

describe('createHttpClient.send: form bodies and safe POSTs', () => {
  it('sends a form body form-encoded, leaving the URL alone', async () => {
    let seen: { url: string; init?: RequestInit } | undefined;
    const http = client(async (url, init) => {
      seen = { url, init };
      return new Response('{}');
    });
    await http.send({
      method: 'POST',
      url: 'https://x.test/identity/oauth/token',
      form: { grant_type: 'client_credentials', client_secret: 'a b&c' },
      what: 'token',
    });
    expect(seen?.url).toBe('https://x.test/identity/oauth/token');
    expect(seen?.init?.body).toBe('grant_type=client_credentials&client_secret=a+b%26c');
    expect(seen?.init?.headers).toMatchObject({ 'Content-Type': 'application/x-www-form-urlencoded' });
  });

  it('never calls a failed safe POST ambiguous', async () => {
    const clock = createManualClock();
    const http = client(hang, clock);
    const pending = failure(
      http.send({ method: 'POST', url: 'https://x.test/t', what: 'token', safe: true }),
    );
    await clock.advance(5_000);
    const error = await pending;
    expect(error).toMatchObject({ kind: 'timeout', ambiguous: false });
    expect(error.message).not.toMatch(/may have reached/);
    const server = statusError(
      client(hang),
      { method: 'POST', what: 'token', safe: true },
      {
        status: 502,
        headers: new Headers(),
        text: '',
      },
    );
    expect(server.ambiguous).toBe(false);
  });
});

describe('createHttpClient: secrets in messages', () => {
  const secret = 'Qz7Xk9Wv3Jp5Rt8Ym2Nb';
  const withSecret = (fetch: FetchLike) =>
    createHttpClient({ source: 'rest', label: 'REST backend', fetch, secrets: () => [secret, undefined] });

  it('cuts every fragment of a secret out of any message it makes', async () => {
    const http = withSecret(() =>
      Promise.reject(
        new TypeError(`Headers.append: "Bearer ${secret.slice(0, 8)}\n${secret.slice(8)}" is invalid`),
      ),
    );
    const error = await failure(http.send({ method: 'GET', url: 'https://x.test', what: 'REST lead' }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(
      'Could not reach x.test (REST lead): Headers.append: "Bearer …\n…" is invalid.',
    );
    expect(http.error('auth', `echoed ${secret.toLowerCase()}!`).message).toBe('echoed …!');
  });
});

describe('parseBody', () => {
  const http = client(async () => new Response('{}'));
  const res = (text: string): HttpResponse => ({ status: 200, headers: new Headers(), text });
  const Contact = z.object({ id: z.string(), properties: z.object({ email: z.string() }) });

  it('names the path and the types of a wrong field', () => {
    expect(() =>
      parseBody(http, res('{"id":"1","properties":{"email":12}}'), Contact, 'HubSpot contact'),
    ).toThrow('HubSpot contact: properties.email: expected string, received number');
  });

  it('tolerates extra fields', () => {
    expect(
      parseBody(http, res('{"id":"1","properties":{"email":"a@b.co","x":1},"y":[]}'), Contact, 'c'),
    ).toEqual({
      id: '1',
      properties: { email: 'a@b.co' },
    });
  });

  it.each([
    ['', /empty/],
    ['{"id": "1", "prop', /ended in the middle of the JSON/],
    ['<html>502</html>', /not valid JSON/],
  ])('rejects %j as malformed', (text, message) => {
    let caught: unknown;
    try {
      parseBody(http, res(text), Contact, 'HubSpot contact');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectorError);
    expect((caught as ConnectorError).kind).toBe('malformed');
    expect((caught as ConnectorError).message).toMatch(message);
  });

  it('formats array indices in paths', () => {
    const Results = z.object({ results: z.array(z.object({ id: z.number() })) });
    expect(() =>
      parseBody(http, res('{"results":[{"id":1},{"id":"x"}]}'), Results, 'HubSpot search'),
    ).toThrow('HubSpot search: results[1].id: expected number, received string');
  });

  it('names the first two wrong fields and counts the rest', () => {
    const body = '{"results":[{"id":"a"},{"id":"b"},{"id":"c"}]}';
    const Results = z.object({ results: z.array(z.object({ id: z.number() })) });
    expect(() => parseBody(http, res(body), Results, 'HubSpot search')).toThrow(
      'HubSpot search: results[0].id: expected number, received string; ' +
        'results[1].id: expected number, received string (and 1 more)',
    );
  });
});

describe('statusError', () => {
  const http = client(async () => new Response('{}'));
  it.each([
    [401, 'GET', 'auth', false],
    [403, 'GET', 'scope', false],
    [404, 'GET', 'not_found', false],
    [408, 'POST', 'timeout', true],
    [429, 'GET', 'rate_limited', false],
    [500, 'GET', 'server', false],
    [502, 'POST', 'server', true],
    [400, 'POST', 'config', false],
    [422, 'POST', 'config', false],
  ] as const)('%i on %s → %s (ambiguous %s)', (status, method, kind, ambiguous) => {
    const error = statusError(http, { method, what: 'thing' }, { status, headers: new Headers(), text: '' });
    expect(error.kind).toBe(kind);
    expect(error.ambiguous).toBe(ambiguous);
  });

  it('reads Retry-After on a 429', () => {
    const error = statusError(
      http,
      { method: 'GET', what: 'x' },
      { status: 429, headers: new Headers({ 'retry-after': '7' }), text: '' },
    );
    expect(error.retryAfterMs).toBe(7_000);
  });
});
