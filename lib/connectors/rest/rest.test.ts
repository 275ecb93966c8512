// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createFakePlatform, SEED_EMAILS, type FaultSpec } from '../../../test/fake-platform';
import { makeOutcome } from '../test-outcome';
import {
  itLeaksNothingOnFaults,
  leakRunMessages,
  leaks,
  OTHER_SECRET,
  SECRET,
  type LeakRun,
} from '../test-secrets';
import { fakeRestSettings } from '../../../test/fake-platform/settings';
import { createRestConnector, restWriteBackReadiness } from '.';
import { rejection, setup } from './test-setup';

const DAY = 24 * 60 * 60 * 1000;

describe('REST lookup and history', () => {
  it('reads the lead with the configured auth header', async () => {
    const { platform, connector } = setup({ authHeader: 'X-Api-Key', authValue: 'k-123' });
    platform.config.rest.authHeader = 'X-Api-Key';
    platform.config.rest.authValue = 'k-123';
    const lead = await connector.lookup(SEED_EMAILS.mql);
    const stored = platform.lead(SEED_EMAILS.mql)!;
    expect(lead).toEqual({
      email: SEED_EMAILS.mql,
      name: 'Ava Chen',
      company: 'Northwind Robotics',
      title: 'VP Operations',
      lifecycleStage: 'marketingqualifiedlead',
      leadStatus: 'OPEN',
      score: 72,
      score30dAgo: 31,
      owner: 'Sam Patel',
      mqlAt: stored.mqlAt,
      source: 'PAID_SEARCH',
      refs: [
        {
          source: 'rest',
          id: `L-${stored.marketoId}`,
          url: `https://crm.loopline.test/leads/L-${stored.marketoId}`,
        },
      ],
    });
    expect(platform.requests[0]?.headers['x-api-key']).toBe('k-123');
    expect(platform.requests[0]?.path).toBe(`/leads/${encodeURIComponent(SEED_EMAILS.mql)}`);
  });

  it('returns null on 404', async () => {
    const { connector } = setup();
    expect(await connector.lookup('nobody@nowhere.example')).toBeNull();
  });

  it('resolves campaign ids from `campaigns` and keeps machine flags', async () => {
    const { connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const touchpoints = await connector.history(lead);
    expect(touchpoints).toHaveLength(12);
    expect(touchpoints.find((t) => t.kind === 'webinar_attended')?.campaign).toEqual({
      id: 'cmp-webinar-q1',
      name: 'Q1 Automation Webinar',
      channel: 'webinar',
    });
    expect(touchpoints.filter((t) => t.machine)).toHaveLength(1);
    expect(touchpoints.every((t) => t.source === 'rest')).toBe(true);
  });

  it('sends `since` and filters by it too', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const since = new Date(clock.now() - 10 * DAY);
    const touchpoints = await connector.history(lead, { since });
    expect(platform.requests.at(-1)?.query.get('since')).toBe(since.toISOString());
    expect(touchpoints.every((t) => t.occurredAt >= since.toISOString())).toBe(true);
    expect(touchpoints.length).toBeGreaterThan(0);
  });

  it('rejects an unknown touchpoint kind with its path', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({
      host: 'rest',
      kind: 'wrong_types',
      mutate: (body) => {
        const b = body as { touchpoints: Array<Record<string, unknown>> };
        b.touchpoints[2]!.kind = 'telepathy';
        return b;
      },
    });
    const error = await rejection(connector.history(lead));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/^REST lead: touchpoints\[2\]\.kind: /);
  });
});

describe('REST writeOutcome', () => {
  it('POSTs the outcome with its id as Idempotency-Key; a repeat is alreadyDone and stores nothing', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'rest' });
    expect(await connector.writeOutcome(lead, outcome)).toEqual({ receipt: 'REST outcome out_1' });
    expect(await connector.writeOutcome(lead, outcome, { checkFirst: true })).toEqual({
      receipt: 'REST outcome out_1',
      alreadyDone: true,
    });
    expect(platform.writes.rest.outcomes).toHaveLength(1);
    const post = platform.requestsTo('rest', '/outcomes', 'POST')[0]!;
    expect(post.headers['idempotency-key']).toBe(outcome.id);
    expect(post.body).toMatchObject({
      id: outcome.id,
      kind: 'meeting_booked',
      attribution: outcome.attribution,
    });
  });

  it('creates one record after a timeout that reached the backend', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'rest' });
    platform.fault({
      host: 'rest',
      path: '/outcomes',
      method: 'POST',
      kind: 'timeout_after_write',
      times: 1,
    });
    const first = rejection(connector.writeOutcome(lead, outcome));
    await clock.advance(10_000);
    expect(await first).toMatchObject({ kind: 'timeout', ambiguous: true });
    expect((await connector.writeOutcome(lead, outcome, { checkFirst: true })).alreadyDone).toBe(true);
    expect(platform.writes.rest.outcomes).toHaveLength(1);
  });

  it('creates one record after the connection broke once the backend stored it', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'rest' });
    platform.fault({ host: 'rest', path: '/outcomes', method: 'POST', kind: 'reset_after_write', times: 1 });
    expect(await rejection(connector.writeOutcome(lead, outcome))).toMatchObject({
      kind: 'network',
      ambiguous: true,
    });
    expect(await connector.writeOutcome(lead, outcome, { checkFirst: true })).toEqual({
      receipt: 'REST outcome out_1',
      alreadyDone: true,
    });
    expect(platform.writes.rest.outcomes).toHaveLength(1);
  });

  it('is ready to write back once the base URL is set', () => {
    const platform = createFakePlatform();
    expect(restWriteBackReadiness(fakeRestSettings(platform))).toEqual({ ready: true });
    expect(restWriteBackReadiness(fakeRestSettings(platform, { baseUrl: '' }))).toEqual({
      ready: false,
      missing: 'no base URL is set for the REST backend',
      fix: 'sources',
    });
  });

  it('lists the team’s outcomes for the report', async () => {
    const { connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'rest' });
    await connector.writeOutcome(lead, outcome);
    const listed = await connector.listOutcomes(new Date('2026-01-01T00:00:00.000Z'));
    expect(listed.map((o) => o.id)).toEqual([outcome.id]);
  });
});

describe('REST faults', () => {
  const cases: Array<[string, FaultSpec, string, RegExp]> = [
    ['429', { kind: 'rate_limit', retryAfterSeconds: 2 }, 'rate_limited', /429/],
    ['500', { kind: 'server_error', status: 500 }, 'server', /Something went wrong/],
    [
      'wrong types',
      { kind: 'wrong_types' },
      'malformed',
      /REST lead: lead\.score: expected number, received string/,
    ],
    ['malformed', { kind: 'malformed' }, 'malformed', /not valid JSON/],
    ['truncated', { kind: 'truncated' }, 'malformed', /cut off|truncated/],
    ['network', { kind: 'network' }, 'network', /rest\.loopline\.test/],
  ];
  it.each(cases)('%s → %s', async (_name, fault, kind, message) => {
    const { platform, connector } = setup();
    platform.fault({ host: 'rest', ...fault });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('wrong credentials are an auth error; a missing base URL a config error', async () => {
    expect(
      (await rejection(setup({ authValue: 'Bearer nope' }).connector.lookup(SEED_EMAILS.mql))).kind,
    ).toBe('auth');
    expect((await rejection(setup({ baseUrl: '' }).connector.lookup(SEED_EMAILS.mql))).kind).toBe('config');
  });
});

describe('REST test()', () => {
  it('calls /health', async () => {
    expect(await setup().connector.test()).toEqual({
      ok: true,
      value: { detail: 'Connected to Fake Loopline backend.' },
    });
  });
  it('reports a wrong credential', async () => {
    expect(await setup({ authValue: 'Bearer nope' }).connector.test()).toMatchObject({
      ok: false,
      error: { kind: 'auth' },
    });
  });
});

describe('REST messages never carry any part of the auth value', () => {
  const authValue = `Bearer ${SECRET}`;
  const run = (value = authValue): LeakRun => ({
    source: 'rest',
    accept: (platform) => (platform.config.rest.authValue = authValue),
    build: (platform, deps) =>
      createRestConnector({ ...deps, settings: { ...fakeRestSettings(platform), authValue: value } }),
  });

  itLeaksNothingOnFaults('rest', run(), [SECRET]);

  it('when the backend rejects the value, or echoes it in its error', async () => {
    const rejected = await leakRunMessages(
      run(),
      (p) => (p.config.rest.authValue = `Bearer ${OTHER_SECRET}`),
    );
    const echoed = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'rest',
        kind: 'status',
        status: 401,
        body: { error: { code: 'bad_token', message: `Unknown credential "${authValue}"` } },
      }),
    );
    expect(leaks([...rejected, ...echoed], [SECRET])).toEqual([]);
  });

  it('when the value cannot be sent (a line break pasted into it)', async () => {
    const broken = `Bearer ${SECRET.slice(0, 9)}\n${SECRET.slice(9)}`;
    const found = await leakRunMessages(run(broken));
    expect(found.some((message) => /invalid header value/i.test(message))).toBe(true);
    expect(leaks(found, [SECRET.slice(0, 9), SECRET.slice(9), broken.slice(7)])).toEqual([]);
  });

  it('a value without a scheme is secret as a whole', async () => {
    const found = await leakRunMessages(run(SECRET), (p) =>
      p.fault({ host: 'rest', kind: 'status', status: 400, body: { error: { message: `bad ${SECRET}` } } }),
    );
    expect(leaks(found, [SECRET])).toEqual([]);
  });
});
