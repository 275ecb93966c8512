// @vitest-environment node
/**
 * The fake platform server itself (test/fake-platform): faults, log, write records and the
 * adapters for fetch, Playwright and real HTTP. It lives here because it is the connectors'
 * test bench and vitest collects tests under lib/.
 */
import type { BrowserContext, Route } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import {
  asFetch,
  createFakePlatform,
  routeToPlaywright,
  SEED_EMAILS,
  FAKE_HOST_PATTERNS,
} from '../../test/fake-platform';
import { serveHttp } from '../../test/fake-platform/serve-http';
import { createManualClock } from './clock';

function hubspot(platform: ReturnType<typeof createFakePlatform>, path: string, init: RequestInit = {}) {
  return asFetch(platform)(`https://api.hubapi.com${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${platform.config.hubspot.token}`,
      ...(init.headers as Record<string, string>),
    },
  });
}

describe('createFakePlatform', () => {
  it('logs requests with their parsed parts and status', async () => {
    const platform = createFakePlatform();
    await hubspot(platform, '/crm/v3/objects/contacts/x@y.z?idProperty=email', { method: 'GET' });
    expect(platform.requests).toHaveLength(1);
    expect(platform.requests[0]).toMatchObject({
      method: 'GET',
      host: 'api.hubapi.com',
      platform: 'hubspot',
      path: '/crm/v3/objects/contacts/x@y.z',
      status: 404,
    });
    expect(platform.requests[0]!.query.get('idProperty')).toBe('email');
  });

  it('applies a fault to the next `times` matching requests only, and can switch it off', async () => {
    const platform = createFakePlatform();
    platform.fault({ host: 'hubspot', path: '/account-info', kind: 'server_error', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await hubspot(platform, '/account-info/v3/details')).status);
    expect(statuses).toEqual([500, 500, 200]);
    const off = platform.fault({ host: /hubapi/, kind: 'bare_403' });
    expect((await hubspot(platform, '/account-info/v3/details')).status).toBe(403);
    off();
    expect((await hubspot(platform, '/account-info/v3/details')).status).toBe(200);
    platform.fault({ kind: 'server_error' });
    platform.clearFaults();
    expect((await hubspot(platform, '/account-info/v3/details')).status).toBe(200);
  });

  it('matches faults by method', async () => {
    const platform = createFakePlatform();
    platform.fault({ host: 'rest', path: '/outcomes', method: 'POST', kind: 'server_error' });
    const fetch = asFetch(platform);
    const headers = { Authorization: platform.config.rest.authValue };
    expect((await fetch('https://rest.loopline.test/outcomes', { headers })).status).toBe(200);
    expect(
      (await fetch('https://rest.loopline.test/outcomes', { method: 'POST', headers, body: '{}' })).status,
    ).toBe(500);
  });

  it('delays answers by the latency fault on its clock', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({ clock });
    platform.fault({ kind: 'latency', ms: 1_000 });
    let done = false;
    const pending = hubspot(platform, '/account-info/v3/details').then((r) => {
      done = true;
      return r;
    });
    await clock.advance(999);
    expect(done).toBe(false);
    await clock.advance(1);
    expect((await pending).status).toBe(200);
  });

  it('a hanging request ends when the client aborts', async () => {
    const platform = createFakePlatform();
    platform.fault({ kind: 'hang' });
    const controller = new AbortController();
    const pending = hubspot(platform, '/account-info/v3/details', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('timeout_after_write records the write, then answers late (or never)', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({ clock });
    platform.fault({ host: 'rest', kind: 'timeout_after_write', delayMs: 60_000, times: 1 });
    const fetch = asFetch(platform);
    const pending = fetch('https://rest.loopline.test/outcomes', {
      method: 'POST',
      headers: { Authorization: platform.config.rest.authValue, 'Idempotency-Key': 'k1' },
      body: JSON.stringify({ id: 'k1', leadEmail: 'a@b.co', kind: 'won' }),
    });
    await clock.advance(0);
    expect(platform.writes.rest.outcomes).toHaveLength(1);
    await clock.advance(60_000);
    expect((await pending).status).toBe(201);
  });

  it('serves the vendor throttling shapes', async () => {
    const platform = createFakePlatform();
    platform.fault({ host: 'hubspot', kind: 'rate_limit', times: 1 });
    const hs = await hubspot(platform, '/account-info/v3/details');
    expect(hs.status).toBe(429);
    expect(hs.headers.get('retry-after')).toBeNull();
    expect(await hs.json()).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });

    platform.fault({ host: 'mailchimp', kind: 'bare_403', times: 1 });
    const mc = await asFetch(platform)('https://us21.api.mailchimp.com/3.0/ping');
    expect(mc.status).toBe(403);
    expect(await mc.text()).toBe('');
    expect([...mc.headers.keys()]).toEqual([]);

    platform.fault({ host: 'marketo', kind: 'rate_limit', times: 1 });
    const mk = await asFetch(platform)('https://123-abc-456.mktorest.com/rest/v1/leads.json');
    expect(mk.status).toBe(200);
    expect(await mk.json()).toMatchObject({ success: false, errors: [{ code: '606' }] });
  });

  it('fails the connection for network faults and unknown hosts', async () => {
    const platform = createFakePlatform();
    await expect(asFetch(platform)('https://nowhere.example/x')).rejects.toThrow(
      /ENOTFOUND nowhere\.example/,
    );
    platform.fault({ host: 'rest', kind: 'network' });
    await expect(asFetch(platform)('https://rest.loopline.test/health')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('breaks a truncated body part-way', async () => {
    const platform = createFakePlatform();
    platform.fault({ kind: 'truncated' });
    const response = await hubspot(platform, '/account-info/v3/details');
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(/terminated/);
  });

  it('takes new leads and lets later leads replace earlier ones by address', async () => {
    const platform = createFakePlatform({ leads: [] });
    platform.addLead({ email: 'New.Lead@Example.com', firstName: 'New' });
    platform.addLead({ email: 'new.lead@example.com', firstName: 'Renewed' });
    expect(platform.leads).toHaveLength(1);
    expect(platform.lead('NEW.LEAD@example.com')?.seed.firstName).toBe('Renewed');
  });

  it('knows a lead only on the platforms it is seeded for', async () => {
    const platform = createFakePlatform();
    platform.addLead({ email: 'only.rest@example.com', platforms: ['rest'] });
    expect(
      (await hubspot(platform, '/crm/v3/objects/contacts/only.rest@example.com?idProperty=email')).status,
    ).toBe(404);
    const rest = await asFetch(platform)('https://rest.loopline.test/leads/only.rest%40example.com', {
      headers: { Authorization: platform.config.rest.authValue },
    });
    expect(rest.status).toBe(200);
  });
});

describe('routeToPlaywright', () => {
  function fakeContext() {
    const routes = new Map<string, (route: Route) => Promise<void>>();
    const context = {
      route: async (pattern: string, handler: (route: Route) => Promise<void>) =>
        void routes.set(pattern, handler),
      unroute: async (pattern: string) => void routes.delete(pattern),
    } as unknown as BrowserContext;
    return { context, routes };
  }
  function fakeRoute(url: string, headers: Record<string, string>) {
    const calls: Array<{ type: string; value: unknown }> = [];
    const route = {
      request: () => ({
        method: () => 'GET',
        url: () => url,
        allHeaders: async () => headers,
        postData: () => null,
      }),
      fulfill: async (value: unknown) => void calls.push({ type: 'fulfill', value }),
      abort: async (value: unknown) => void calls.push({ type: 'abort', value }),
    } as unknown as Route;
    return { route, calls };
  }

  it('routes every platform host and fulfils from the fake', async () => {
    const platform = createFakePlatform();
    const { context, routes } = fakeContext();
    const remove = await routeToPlaywright(context, platform);
    expect([...routes.keys()]).toEqual([...FAKE_HOST_PATTERNS]);
    const { route, calls } = fakeRoute(
      `https://rest.loopline.test/leads/${encodeURIComponent(SEED_EMAILS.mql)}`,
      {
        authorization: platform.config.rest.authValue,
      },
    );
    await routes.get('https://rest.loopline.test/**')!(route);
    expect(calls[0]?.type).toBe('fulfill');
    const value = calls[0]!.value as { status: number; body: string };
    expect(value.status).toBe(200);
    expect(JSON.parse(value.body).lead.email).toBe(SEED_EMAILS.mql);
    await remove();
    expect(routes.size).toBe(0);
  });

  it('aborts the request for a network fault', async () => {
    const platform = createFakePlatform();
    platform.fault({ kind: 'network' });
    const { context, routes } = fakeContext();
    await routeToPlaywright(context, platform);
    const { route, calls } = fakeRoute('https://api.hubapi.com/account-info/v3/details', {});
    await routes.get('https://api.hubapi.com/**')!(route);
    expect(calls).toEqual([{ type: 'abort', value: 'connectionrefused' }]);
  });
});

describe('serveHttp', () => {
  it('answers over real HTTP on the loopback address, host in the first path segment', async () => {
    const platform = createFakePlatform();
    const server = await serveHttp(platform);
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(server.url('https://rest.loopline.test/health'), {
        headers: { Authorization: platform.config.rest.authValue },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true });
    } finally {
      await server.close();
    }
  });
});
