// @vitest-environment node
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock';
import { createPlatformApi, safeJson } from './http';
import { createLimiter } from './limiter';
import { ConnectorError, type FetchLike } from './types';

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('createPlatformApi', () => {
  const Thing = z.object({ name: z.string() });

  function api(fetch: FetchLike, extra: Partial<Parameters<typeof createPlatformApi>[0]> = {}) {
    return createPlatformApi({
      source: 'rest',
      label: 'REST backend',
      fetch,
      clock: createManualClock(),
      limiter: createLimiter({ maxConcurrent: 10, perWindow: Infinity, windowMs: 0 }),
      base: () => 'https://api.example.test/v1',
      auth: async () => ({ Authorization: 'Bearer t0ken-value' }),
      secrets: () => ['t0ken-value'],
      ...extra,
    });
  }

  it('sends to the base with the credentials and validates the body', async () => {
    let seen: { url: string; init?: RequestInit } | undefined;
    const platform = api(async (url, init) => {
      seen = { url, init };
      return new Response('{"name":"Ada"}');
    });
    await expect(platform.get('/things/1', Thing, 'thing')).resolves.toEqual({ name: 'Ada' });
    expect(seen?.url).toBe('https://api.example.test/v1/things/1');
    expect(new Headers(seen?.init?.headers).get('authorization')).toBe('Bearer t0ken-value');
  });

  it('asks for the base before the credentials, and sends nothing without them', async () => {
    let sent = 0;
    let authed = 0;
    const platform = api(
      async () => {
        sent++;
        return new Response('{}');
      },
      {
        base: () => {
          throw new ConnectorError('rest', 'config', 'no base');
        },
        auth: () => {
          authed++;
          return {};
        },
      },
    );
    expect((await failure(platform.get('/x', Thing, 'thing'))).kind).toBe('config');
    expect([sent, authed]).toEqual([0, 0]);
  });

  it('answers a 404 as none where asked, and as not_found elsewhere', async () => {
    const platform = api(async () => new Response('{}', { status: 404 }));
    await expect(platform.find('/x', Thing, 'thing')).resolves.toBeUndefined();
    await expect(platform.call('GET', '/x', 'thing', { allow404: true })).resolves.toBeNull();
    expect((await failure(platform.get('/x', Thing, 'thing'))).kind).toBe('not_found');
  });

  it('hands refused statuses to the connector, with the secrets cut from what it says', async () => {
    const platform = api(async () => new Response('token t0ken-value is bad', { status: 400 }), {
      toError: (request, response) =>
        platform.client.error('auth', `${request.method} ${request.what}: ${response.text}`),
    });
    const error = await failure(platform.request('POST', '/x', Thing, 'thing', { json: {} }));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('POST thing');
    expect(error.message).not.toContain('t0ken-value');
  });

  it('by default maps statuses as statusError does, quoting the body', async () => {
    const platform = api(async () => new Response('busy', { status: 429, headers: { 'retry-after': '3' } }));
    const error = await failure(platform.get('/x', Thing, 'thing'));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(3_000);
    expect(error.message).toContain('busy');
  });

  it('takes only the statuses `accept` allows as answers', async () => {
    const platform = api(async () => new Response(null, { status: 204 }), {
      accept: (status) => status === 200,
    });
    expect((await failure(platform.call('POST', '/x', 'thing'))).kind).toBe('config');
  });
});

describe('safeJson', () => {
  it('parses JSON and answers undefined for anything else', () => {
    expect(safeJson('{"a":1}')).toEqual({ a: 1 });
    expect(safeJson('<html>')).toBeUndefined();
    expect(safeJson('')).toBeUndefined();
  });
});
