// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  asFetch,
  createFakePlatform,
  SEED_EMAILS,
  type FakePlatform,
  type FaultSpec,
} from '../../../test/fake-platform';
import { fakeHubSpotSettings } from '../../../test/fake-platform/settings';
import { createManualClock } from '../clock';
import { createLimiter } from '../limiter';
import { itLeaksNothingOnFaults, leakRunMessages, leaks, SECRET, type LeakRun } from '../test-secrets';
import { createHubSpotConnector } from '.';
import { rejection, setup } from './test-setup';

describe('HubSpot faults', () => {
  const cases: Array<[string, FaultSpec, string, RegExp, number | undefined]> = [
    ['10-second limit', { kind: 'rate_limit' }, 'rate_limited', /10-second/, 10_000],
    [
      '10-second limit with Retry-After',
      { kind: 'rate_limit', retryAfterSeconds: 3 },
      'rate_limited',
      /10-second/,
      3_000,
    ],
    ['daily limit', { kind: 'rate_limit', policy: 'DAILY' }, 'quota', /daily API limit/, undefined],
    ['server error', { kind: 'server_error', status: 503 }, 'server', /server error \(503\)/, undefined],
    ['malformed JSON', { kind: 'malformed' }, 'malformed', /HubSpot contact: .*not valid JSON/, undefined],
    [
      'wrong types',
      { kind: 'wrong_types' },
      'malformed',
      /HubSpot contact: properties\.email: expected string, received number/,
      undefined,
    ],
    ['truncated body', { kind: 'truncated' }, 'malformed', /cut off|truncated/, undefined],
    ['network down', { kind: 'network' }, 'network', /Could not reach api\.hubapi\.com/, undefined],
    ['bare 403', { kind: 'bare_403' }, 'scope', /refused access/, undefined],
  ];

  it.each(cases)('%s → %s', async (_name, fault, kind, message, retryAfter) => {
    const { platform, connector } = setup();
    platform.fault({ host: 'hubspot', path: '/crm/v3/objects/contacts/', ...fault });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe(kind);
    expect(error.source).toBe('hubspot');
    expect(error.message).toMatch(message);
    if (retryAfter !== undefined) expect(error.retryAfterMs).toBe(retryAfter);
  });

  it('daily quota waits until midnight in the portal time zone', async () => {
    const { platform, connector } = setup();
    await connector.test();
    platform.fault({ host: 'hubspot', kind: 'rate_limit', policy: 'DAILY' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    // 2026-03-02T10:00Z is 05:00 in US/Eastern: 19 hours to go.
    expect(error.retryAfterMs).toBe(19 * 60 * 60 * 1000);
  });

  it('daily quota with the portal time zone unknown: looks again within the hour, not at UTC midnight', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'hubspot', kind: 'rate_limit', policy: 'DAILY' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('quota');
    expect(error.retryAfterMs).toBe(60 * 60 * 1000);
  });

  it('a wrong token is an auth error; a missing scope names the scope', async () => {
    const { platform, connector } = setup({ token: 'pat-na1-wrong' });
    expect((await rejection(connector.lookup(SEED_EMAILS.mql))).kind).toBe('auth');
    const ok = setup();
    ok.platform.config.hubspot.scopes.delete('crm.objects.contacts.read');
    const error = await rejection(ok.connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('scope');
    expect(error.message).toContain('crm.objects.contacts.read');
    expect(platform.writes.hubspot.notes).toHaveLength(0);
  });

  it('a request that never answers times out', async () => {
    const { clock, platform, connector } = setup();
    platform.fault({ host: 'hubspot', kind: 'hang' });
    const pending = rejection(connector.lookup(SEED_EMAILS.mql));
    await clock.advance(10_000);
    const error = await pending;
    expect(error.kind).toBe('timeout');
  });

  it('a missing token is a config error without any request', async () => {
    const { platform, connector } = setup({ token: '' });
    expect((await rejection(connector.lookup(SEED_EMAILS.mql))).kind).toBe('config');
    expect(platform.requests).toHaveLength(0);
  });
});

describe('HubSpot test()', () => {
  it('reports the portal when everything is readable and the token may write outcomes', async () => {
    const { platform, connector } = setup();
    expect(await connector.test()).toEqual({
      ok: true,
      value: {
        detail: 'Connected to HubSpot portal 4242424; contacts and email events are readable.',
        writeBack: { ready: true },
      },
    });
    const [info] = platform.requestsTo('hubspot', '/oauth/v2/private-apps/get/access-token-info', 'POST');
    expect(info?.body).toEqual({ tokenKey: platform.config.hubspot.token });
    expect(info?.headers.authorization).toBe(`Bearer ${platform.config.hubspot.token}`);
  });

  it('says which scope write-back lacks, though reading works', async () => {
    const { platform, connector } = setup();
    platform.config.hubspot.scopes.delete('crm.objects.contacts.write');
    const result = await connector.test();
    expect(result).toMatchObject({
      ok: true,
      value: {
        writeBack: {
          ready: false,
          fix: 'platform',
          missing:
            'the private app lacks crm.objects.contacts.write (to add the outcome note and update the lead status)',
        },
      },
    });
    expect(result.ok && result.value.detail).toMatch(
      /; outcomes cannot be written back: the private app lacks crm\.objects\.contacts\.write/,
    );
  });

  it('takes the legacy contacts scope for both', async () => {
    const { platform, connector } = setup();
    platform.config.hubspot.scopes.delete('crm.objects.contacts.write');
    platform.config.hubspot.scopes.add('contacts');
    expect(await connector.test()).toMatchObject({ ok: true, value: { writeBack: { ready: true } } });
  });

  it('leaves the scopes unverified when HubSpot gives no token info (not a private-app token)', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'hubspot', path: '/oauth/v2/private-apps/', kind: 'status', status: 404 });
    const result = await connector.test();
    expect(result).toMatchObject({
      ok: true,
      value: { writeBack: { ready: true, unverified: expect.stringContaining('scopes') } },
    });
  });

  const breakers: Array<[string, (p: FakePlatform) => void, string, RegExp]> = [
    ['bad token', (p) => void (p.config.hubspot.token = 'other'), 'auth', /token/],
    ['missing content scope', (p) => void p.config.hubspot.scopes.delete('content'), 'scope', /content/],
    ['host unreachable', (p) => void p.fault({ kind: 'network' }), 'network', /api\.hubapi\.com/],
  ];
  it.each(breakers)('names a %s', async (_name, breakIt, kind, message) => {
    const { platform, connector } = setup();
    breakIt(platform);
    const result = await connector.test();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe(kind);
      expect(result.error.message).toMatch(message);
    }
  });
});

describe('HubSpot limits', () => {
  it('never has more requests in flight than the limiter allows', async () => {
    const clock = createManualClock();
    const platform = createFakePlatform({ clock });
    platform.fault({ host: 'hubspot', kind: 'latency', ms: 100 });
    let inFlight = 0;
    let peak = 0;
    const base = asFetch(platform);
    const limiter = createLimiter({ maxConcurrent: 2, perWindow: 100, windowMs: 10_000, clock });
    const connector = createHubSpotConnector({
      settings: fakeHubSpotSettings(platform, { portalId: '1' }),
      clock,
      limiter,
      fetch: async (url, init) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await base(url, init);
        } finally {
          inFlight--;
        }
      },
    });
    const lookups = Promise.all(Array.from({ length: 8 }, () => connector.lookup(SEED_EMAILS.lead)));
    for (let i = 0; i < 20; i++) await clock.advance(100);
    const leads = await lookups;
    expect(leads.every((l) => l?.name === 'Marcus Oyelaran')).toBe(true);
    expect(peak).toBe(2);
  });
});

describe('HubSpot messages never carry any part of the token', () => {
  const token = `pat-na1-${SECRET}`;
  const run = (settings: Partial<ReturnType<typeof fakeHubSpotSettings>> = {}): LeakRun => ({
    source: 'hubspot',
    accept: (platform) => (platform.config.hubspot.token = token),
    // Spread, not parsed: the settings schema would refuse a token with a line break.
    build: (platform, deps) =>
      createHubSpotConnector({ ...deps, settings: { ...fakeHubSpotSettings(platform), token, ...settings } }),
  });

  itLeaksNothingOnFaults('hubspot', run(), [token]);

  it('when HubSpot rejects the token, or echoes it in its error', async () => {
    const rejected = await leakRunMessages(run(), (p) => (p.config.hubspot.token = 'pat-na1-someone-else'));
    const echoed = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'hubspot',
        kind: 'status',
        status: 400,
        body: { status: 'error', message: `Invalid token ${token}`, category: 'VALIDATION_ERROR' },
      }),
    );
    const scoped = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'hubspot',
        kind: 'status',
        status: 403,
        body: { status: 'error', message: `Token ${token.slice(0, 14)} lacks a scope` },
      }),
    );
    expect(leaks([...rejected, ...echoed, ...scoped], [token])).toEqual([]);
  });

  it('when the token cannot be sent (a line break pasted into it)', async () => {
    const broken = `pat-na1-${SECRET.slice(0, 9)}\n${SECRET.slice(9)}`;
    const found = await leakRunMessages(run({ token: broken }));
    expect(found.some((message) => /invalid header value/i.test(message))).toBe(true);
    expect(leaks(found, [broken, ...broken.split('\n')])).toEqual([]);
  });
});
