// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS, type FakePlatform } from '../../test/fake-platform';
import { fakeHubSpotSettings, fakeMarketoSettings } from '../../test/fake-platform/settings';
import { createManualClock, type ManualClock } from './clock';
import { createHubSpotConnector } from './hubspot';
import type { Limiter } from './limiter';
import { createMarketoConnector } from './marketo';
import {
  createPlatformFetch,
  DEFAULT_MAX_RESPONSE_BYTES,
  formatBytes,
  PlatformFetchError,
  type PlatformFetchOptions,
} from './platform-fetch';
import { noWaitLimiter } from './test-secrets';
import { ConnectorError, type Connector, type FetchLike } from './types';

const granted = async () => true;
const refused = async () => false;

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** A body served in `chunks` pieces of `size` bytes, recording how many were pulled and whether it was cancelled. */
function chunkedBody(chunks: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close();
      seen.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

function platformFetch(fetch: FetchLike, extra: Partial<PlatformFetchOptions> = {}) {
  return createPlatformFetch({ fetch, hasHostPermission: granted, ...extra });
}

describe('createPlatformFetch: before the request', () => {
  it.each(['http://api.hubapi.com/x', 'ftp://api.hubapi.com/x', 'not a url'])(
    'refuses %j without asking for the permission or fetching',
    async (url) => {
      const fetch = vi.fn<FetchLike>();
      const hasHostPermission = vi.fn(granted);
      const error = await thrown(createPlatformFetch({ fetch, hasHostPermission })(url));
      expect(error).toBeInstanceOf(PlatformFetchError);
      expect(error).toMatchObject({ kind: 'config', sent: false });
      expect(fetch).not.toHaveBeenCalled();
      expect(hasHostPermission).not.toHaveBeenCalled();
    },
  );

  it('asks for the host permission of the origin, without port or path', async () => {
    const hasHostPermission = vi.fn(granted);
    const fetch = platformFetch(async () => new Response('{}'), { hasHostPermission });
    await fetch('https://123-ABC-456.mktorest.com:8443/rest/v1/leads.json?x=1');
    expect(hasHostPermission).toHaveBeenCalledWith('https://123-abc-456.mktorest.com');
  });

  it('without the permission, throws a final permission error naming the host and never fetches', async () => {
    const fetch = vi.fn<FetchLike>();
    const error = await thrown(
      createPlatformFetch({ fetch, hasHostPermission: refused })('https://api.hubapi.com/crm/v3/x'),
    );
    expect(error).toBeInstanceOf(PlatformFetchError);
    expect(error).toMatchObject({ kind: 'permission', sent: false });
    expect((error as Error).message).toMatch(/api\.hubapi\.com/);
    expect((error as Error).message).toMatch(/turn the source on again in Options → Sources/i);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('never follows a redirect and sends no cookies, whatever the caller asked', async () => {
    const fetch = vi.fn<FetchLike>(async () => new Response('{}'));
    const signal = new AbortController().signal;
    await platformFetch(fetch)('https://api.hubapi.com/x', {
      method: 'POST',
      headers: { Authorization: 'Bearer t' },
      body: '{}',
      signal,
      redirect: 'follow',
      credentials: 'include',
    });
    expect(fetch).toHaveBeenCalledWith('https://api.hubapi.com/x', {
      method: 'POST',
      headers: { Authorization: 'Bearer t' },
      body: '{}',
      signal,
      redirect: 'error',
      credentials: 'omit',
    });
  });
});

describe('createPlatformFetch: the answer', () => {
  it('hands back status, headers and body for .json() and .text() as before', async () => {
    const fetch = platformFetch(
      async () => new Response('{"ok":true}', { status: 201, headers: { 'X-Request-Id': 'r1' } }),
    );
    const response = await fetch('https://api.hubapi.com/x');
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('passes a body-less answer through', async () => {
    const response = await platformFetch(async () => new Response(null, { status: 204 }))(
      'https://api.hubapi.com/x',
    );
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it.each([
    [
      'refuses an answer whose Content-Length is past the cap before reading it',
      10,
      10,
      undefined,
      '20 MB',
      1,
    ],
    ['stops reading a streamed body once it passes the cap', 1000, 100, 1024, '1 KB', 12],
  ] as const)('%s, and cancels it', async (_name, chunks, size, maxBytes, cap, mostPulled) => {
    const { stream, seen } = chunkedBody(chunks, size);
    // Only the first case declares a length (a false one): the cap must hold without it too.
    const headers = maxBytes ? undefined : { 'Content-Length': String(30 * 1024 * 1024) };
    const fetch = platformFetch(async () => new Response(stream, { headers }), { maxBytes });
    const error = await thrown(fetch('https://api.hubapi.com/x'));
    expect(error).toMatchObject({ kind: 'malformed', sent: true });
    expect((error as Error).message).toBe(
      `api.hubapi.com answered with more than ${cap}; Loopline stopped reading.`,
    );
    expect(seen.pulled).toBeLessThanOrEqual(mostPulled);
    expect(seen.cancelled).toBe(true);
  });

  it('reads a body of exactly the cap', async () => {
    const { stream } = chunkedBody(4, 256);
    const response = await platformFetch(async () => new Response(stream), { maxBytes: 1024 })(
      'https://api.hubapi.com/x',
    );
    expect((await response.text()).length).toBe(1024);
  });

  it('replays a body that broke off, so the reader still sees it cut off', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"results": ['));
        controller.error(new TypeError('terminated: other side closed'));
      },
    });
    const response = await platformFetch(async () => new Response(broken))('https://api.hubapi.com/x');
    await expect(response.text()).rejects.toThrow('terminated: other side closed');
  });

  it.each([
    [DEFAULT_MAX_RESPONSE_BYTES, '20 MB'],
    [1536, '1.5 KB'],
    [100, '100 bytes'],
  ])('formats %i bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('createPlatformFetch under the connectors', () => {
  const clock = createManualClock();

  /** A fake platform and a connector reaching it through the platform fetch. */
  type Deps = { fetch: FetchLike; clock: ManualClock; limiter: Limiter };
  function through(
    make: (platform: FakePlatform, deps: Deps) => Connector,
    guard: Omit<PlatformFetchOptions, 'fetch'>,
  ) {
    const platform = createFakePlatform({ clock });
    const fetch = createPlatformFetch({ fetch: asFetch(platform), ...guard });
    return { platform, connector: make(platform, { fetch, clock, limiter: noWaitLimiter() }) };
  }
  const hubspot = (platform: FakePlatform, deps: Deps) =>
    createHubSpotConnector({ ...deps, settings: fakeHubSpotSettings(platform) });

  it('a refused permission is a final ConnectorError; the platform sees no request', async () => {
    const { platform, connector } = through(hubspot, { hasHostPermission: refused });
    const error = await thrown(connector.lookup(SEED_EMAILS.mql));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({
      source: 'hubspot',
      kind: 'permission',
      retryable: false,
      ambiguous: false,
    });
    expect((error as Error).message).toMatch(
      /^HubSpot: Loopline has no permission to reach api\.hubapi\.com/,
    );
    expect(await connector.test()).toMatchObject({ ok: false, error: { kind: 'permission' } });
    expect(platform.requests).toHaveLength(0);
  });

  it('an answer past the cap is a final malformed error', async () => {
    const { connector } = through(
      (platform, deps) => createMarketoConnector({ ...deps, settings: fakeMarketoSettings(platform) }),
      { hasHostPermission: granted, maxBytes: 2048 },
    );
    const error = await thrown(connector.history((await connector.lookup(SEED_EMAILS.mql))!));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'malformed', retryable: false });
    expect((error as Error).message).toMatch(/answered with more than 2 KB; Loopline stopped reading\.$/);
  });

  it('the connectors read through it as before', async () => {
    const { connector } = through(hubspot, { hasHostPermission: granted });
    expect((await connector.lookup(SEED_EMAILS.mql))?.name).toBe('Ava Chen');
  });
});
