// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  asFetch,
  createFakePlatform,
  SEED_EMAILS,
  type FakeTouch,
  type FaultSpec,
} from '../../../test/fake-platform';
import { fakeMailchimpSettings } from '../../../test/fake-platform/settings';
import { createManualClock } from '../clock';
import { md5 } from '../md5';
import { makeOutcome } from '../test-outcome';
import {
  itLeaksNothingOnFaults,
  leakRunMessages,
  leaks,
  OTHER_SECRET,
  SECRET,
  type LeakRun,
} from '../test-secrets';
import { ConnectorError } from '../types';
import { createMailchimpConnector, dataCentreOf, mailchimpWriteBackReadiness, subscriberHash } from '.';

const DAY = 24 * 60 * 60 * 1000;

function setup(extra: Parameters<typeof fakeMailchimpSettings>[1] = {}) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const connector = createMailchimpConnector({
    settings: fakeMailchimpSettings(platform, extra),
    fetch: asFetch(platform),
    clock,
    timeoutMs: 10_000,
  });
  return { clock, platform, connector };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('dataCentreOf', () => {
  it.each([
    ['0123456789abcdef0123456789abcdef-us21', 'us21'],
    ['0123456789abcdef-US7', 'us7'],
  ])('%s → %s', (key, dc) => {
    expect(dataCentreOf(key)).toEqual({ ok: true, dc });
  });

  it.each([
    ['', /no API key/],
    ['0123456789abcdef0123456789abcdef', /no data centre after the dash/],
    ['0123456789abcdef-', /no data centre after the dash/],
    ['0123456789abcdef-zzz', /what follows the last dash of the API key is not a data centre/],
    ['0123456789abcdef-Qz7Xk9Wv3Jp5', /what follows the last dash of the API key is not a data centre/],
    ['0123456789abcdéf-us21', /characters no API key has/],
    ['0123456789abcdef\n-us21', /characters no API key has/],
  ])('%j is a config problem: %s', (key, message) => {
    const result = dataCentreOf(key);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('never quotes the key, not even what follows its dash', () => {
    for (const key of ['0123456789abcdef-zzzz', 'Qz7Xk9Wv3Jp5-Rt8Ym2Nb', 'Rt8Ym2NbQz7Xk9Wv3Jp5']) {
      const result = dataCentreOf(key);
      expect(result.ok).toBe(false);
      if (!result.ok) for (const part of key.split('-')) expect(result.message).not.toContain(part);
    }
  });
});

describe('subscriberHash', () => {
  it('is the MD5 of the trimmed, lower-cased address', () => {
    expect(subscriberHash('  Ava.Chen@Example.COM ')).toBe(md5('ava.chen@example.com'));
  });
});

describe('Mailchimp lookup', () => {
  it('searches members by address and maps the member, with Basic auth at the key’s data centre', async () => {
    const { platform, connector } = setup();
    const lead = await connector.lookup(SEED_EMAILS.mql);
    const stored = platform.lead(SEED_EMAILS.mql)!;
    expect(lead).toEqual({
      email: SEED_EMAILS.mql,
      name: 'Ava Chen',
      company: 'Northwind Robotics',
      lifecycleStage: 'subscriber',
      leadStatus: 'Subscribed',
      score: 4,
      source: 'API - Generic',
      refs: [
        {
          source: 'mailchimp',
          id: `a1b2c3d4e5:${stored.mailchimpHash}`,
          url: `https://us21.admin.mailchimp.com/lists/members/view?id=${stored.mailchimpWebId}`,
        },
      ],
    });
    const [search] = platform.requests;
    expect(search?.host).toBe('us21.api.mailchimp.com');
    expect(search?.path).toBe('/3.0/search-members');
    expect(search?.query.get('query')).toBe(SEED_EMAILS.mql);
    const [user, key] = atob(search!.headers.authorization!.replace('Basic ', '')).split(':');
    expect(user).toBeTruthy();
    expect(key).toBe(platform.config.mailchimp.apiKey);
  });

  it('returns null when no member has the address', async () => {
    const { connector } = setup();
    expect(await connector.lookup('nobody@nowhere.example')).toBeNull();
  });
});

describe('Mailchimp history', () => {
  it('maps the activity feed, tags and the audience; skips Loopline’s own notes and events', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'mailchimp' }));
    const touchpoints = await connector.history(lead);
    const kinds = touchpoints.map((t) => t.kind);
    expect(kinds.filter((k) => k === 'email_sent')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'email_open')).toHaveLength(2);
    expect(touchpoints.find((t) => t.kind === 'email_click')).toMatchObject({
      url: 'https://www.loopline-demo.example/webinar/q1',
      campaign: { name: 'Q1 Automation Webinar', channel: 'email' },
    });
    expect(
      touchpoints
        .filter((t) => t.title.startsWith('Tagged'))
        .map((t) => t.title)
        .sort(),
    ).toEqual(['Tagged “manufacturing”', 'Tagged “webinar-q1”']);
    expect(touchpoints.find((t) => t.id.startsWith('mailchimp:audience:'))?.title).toBe(
      'Subscribed to “Loopline Test Audience”',
    );
    expect(touchpoints.some((t) => t.title.includes('loopline'))).toBe(false);
    expect(new Set(touchpoints.map((t) => t.id)).size).toBe(touchpoints.length);
    expect(platform.requestsTo('mailchimp', '/3.0/lists/a1b2c3d4e5/members/')[0]?.path).toContain(
      platform.lead(SEED_EMAILS.mql)!.mailchimpHash,
    );
  });

  function busyLead(count: number): { email: string; touches: FakeTouch[] } {
    return {
      email: 'busy.reader@example.com',
      touches: Array.from({ length: count }, (_, i) => ({
        kind: 'email_open' as const,
        daysAgo: i * 0.1,
        campaign: { id: `cmp${i % 7}`, name: `Campaign ${i % 7}`, channel: 'email' as const },
      })),
    };
  }

  it('pages the feed until a short page (no total is given)', async () => {
    const { platform, connector } = setup();
    platform.addLead(busyLead(250));
    const lead = (await connector.lookup('busy.reader@example.com'))!;
    const touchpoints = await connector.history(lead);
    const pages = platform
      .requestsTo('mailchimp', '/3.0/lists/')
      .filter((r) => r.path.endsWith('/activity-feed'));
    expect(pages.map((p) => p.query.get('offset'))).toEqual(['0', '100', '200']);
    expect(touchpoints.filter((t) => t.kind === 'email_open')).toHaveLength(250);
  });

  it('stops paging once a page reaches past `since`', async () => {
    const { clock, platform, connector } = setup();
    platform.addLead(busyLead(250));
    const lead = (await connector.lookup('busy.reader@example.com'))!;
    const since = new Date(clock.now() - 5 * DAY);
    const touchpoints = await connector.history(lead, { since });
    expect(platform.requestsTo('mailchimp').filter((r) => r.path.endsWith('/activity-feed'))).toHaveLength(1);
    expect(touchpoints.every((t) => t.occurredAt >= since.toISOString())).toBe(true);
    expect(touchpoints.filter((t) => t.kind === 'email_open')).toHaveLength(51);
  });

  it('stops after a bounded number of pages', async () => {
    const { platform, connector } = setup();
    platform.addLead({
      ...busyLead(1500),
      touches: busyLead(1500).touches.map((t) => ({ ...t, daysAgo: 0.01 })),
    });
    const lead = (await connector.lookup('busy.reader@example.com'))!;
    await connector.history(lead);
    expect(platform.requestsTo('mailchimp').filter((r) => r.path.endsWith('/activity-feed'))).toHaveLength(
      10,
    );
  });
});

describe('Mailchimp writeOutcome', () => {
  it('adds a tag, a note and an event carrying the outcome id', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({
      leadEmail: lead.email,
      target: 'mailchimp',
      kind: 'won',
      label: 'Won',
      amount: 24000,
      currency: 'EUR',
      note: 'n'.repeat(4000),
    });
    const receipt = await connector.writeOutcome(lead, outcome);
    const { tags, notes, events } = platform.writes.mailchimp;
    expect(tags).toEqual([
      {
        listId: 'a1b2c3d4e5',
        hash: platform.lead(SEED_EMAILS.mql)!.mailchimpHash,
        tags: [{ name: 'loopline:won', status: 'active' }],
      },
    ]);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.note.length).toBeLessThanOrEqual(1000);
    expect(notes[0]!.note).toContain(`Outcome id: ${outcome.id}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      name: 'loopline_outcome',
      properties: {
        outcome_id: outcome.id,
        kind: 'won',
        amount: '24000',
        currency: 'EUR',
        campaigns: 'Brand Search, Q1 Automation Webinar',
      },
      occurred_at: outcome.createdAt,
    });
    expect(receipt.receipt).toMatch(/: tag loopline:won; event loopline_outcome; note 7001$/);
    // The note, the record a retry looks for, is written last.
    const posts = platform.requests.filter((r) => r.method === 'POST').map((r) => r.path.split('/').at(-1));
    expect(posts).toEqual(['tags', 'events', 'notes']);
  });

  // Mailchimp lists an event only once it has processed it: a retry cannot look for the event.
  const LISTED_AFTER = 10 * 60_000;

  it.each([
    ['a timeout on /tags', /\/tags$/, 'timeout_after_write'],
    ['a broken connection on /tags', /\/tags$/, 'reset_after_write'],
    ['a timeout on /events', /\/events$/, 'timeout_after_write'],
    ['a timeout on /notes', /\/notes$/, 'timeout_after_write'],
    ['a broken connection on /notes', /\/notes$/, 'reset_after_write'],
  ] as const)(
    'writes each record once after %s that reached Mailchimp, checked at once',
    async (_name, path, kind) => {
      const { clock, platform, connector } = setup();
      platform.config.mailchimp.eventsListedAfterMs = LISTED_AFTER;
      const lead = (await connector.lookup(SEED_EMAILS.mql))!;
      const outcome = makeOutcome({ leadEmail: lead.email, target: 'mailchimp' });
      platform.fault({ host: 'mailchimp', path, method: 'POST', kind, times: 1 });
      const first = rejection(connector.writeOutcome(lead, outcome));
      await clock.advance(10_000);
      expect((await first).ambiguous).toBe(true);

      // Right away: the event is not listed yet, and must not be sent twice.
      const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
      const { tags, notes, events } = platform.writes.mailchimp;
      expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
      expect(notes[0]!.note).toContain(`Outcome id: ${outcome.id}`);
      // The note is written after the event, even an unanswered one: found, it means all was
      // written before it. Otherwise the retry finished the rest.
      expect(receipt.alreadyDone).toBe(path.source.includes('tags') ? undefined : true);
      await connector.writeOutcome(lead, outcome, { checkFirst: true });
      expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
    },
  );

  it('sends the event again when Mailchimp answered that it did not take it', async () => {
    const { platform, connector } = setup();
    platform.config.mailchimp.eventsListedAfterMs = LISTED_AFTER;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'mailchimp' });
    platform.fault({
      host: 'mailchimp',
      path: /\/events$/,
      method: 'POST',
      kind: 'server_error',
      status: 500,
      times: 1,
    });
    expect(await rejection(connector.writeOutcome(lead, outcome))).toMatchObject({
      kind: 'server',
      ambiguous: true,
    });
    expect(platform.writes.mailchimp.notes).toHaveLength(0);
    await connector.writeOutcome(lead, outcome, { checkFirst: true });
    const { tags, notes, events } = platform.writes.mailchimp;
    expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
  });

  it('does not send the event again once Mailchimp lists it', async () => {
    const { clock, platform, connector } = setup();
    platform.config.mailchimp.eventsListedAfterMs = LISTED_AFTER;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'mailchimp' });
    // The event was taken, then the note failed with an answer (nothing stored).
    platform.fault({ host: 'mailchimp', path: /\/notes$/, method: 'POST', kind: 'server_error', times: 1 });
    await rejection(connector.writeOutcome(lead, outcome));
    await clock.advance(LISTED_AFTER);
    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.receipt).toContain('event loopline_outcome (found)');
    const { tags, notes, events } = platform.writes.mailchimp;
    expect([notes.length, events.length, tags.length]).toEqual([1, 1, 1]);
  });

  it('a failure after the tag was written is ambiguous', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({
      host: 'mailchimp',
      path: /\/events$/,
      method: 'POST',
      kind: 'server_error',
      status: 500,
      times: 1,
    });
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'mailchimp' })),
    );
    expect(error).toMatchObject({ kind: 'server', ambiguous: true });
  });
});

describe('Mailchimp faults', () => {
  const cases: Array<[string, FaultSpec, string, RegExp, number | undefined]> = [
    ['429', { kind: 'rate_limit' }, 'rate_limited', /throttling requests \(429\)/, 10_000],
    ['429 with Retry-After', { kind: 'rate_limit', retryAfterSeconds: 4 }, 'rate_limited', /429/, 4_000],
    ['bare 403', { kind: 'bare_403' }, 'rate_limited', /throttling requests \(403\)/, 10_000],
    [
      '403 with a reason',
      { kind: 'status', status: 403, body: { title: 'Forbidden', status: 403, detail: 'User disabled' } },
      'scope',
      /User disabled/,
      undefined,
    ],
    ['500', { kind: 'server_error', status: 500 }, 'server', /server error \(500\)/, undefined],
    ['malformed JSON', { kind: 'malformed' }, 'malformed', /not valid JSON/, undefined],
    [
      'wrong types',
      { kind: 'wrong_types' },
      'malformed',
      /Mailchimp member search: exact_matches\.members\[0\]\.status: expected string, received number/,
      undefined,
    ],
    ['truncated body', { kind: 'truncated' }, 'malformed', /cut off|truncated/, undefined],
    ['network down', { kind: 'network' }, 'network', /us21\.api\.mailchimp\.com/, undefined],
  ];

  it.each(cases)('%s → %s', async (_name, fault, kind, message, retryAfter) => {
    const { platform, connector } = setup();
    platform.fault({ host: 'mailchimp', path: '/3.0/search-members', ...fault });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe(kind);
    expect(error.source).toBe('mailchimp');
    expect(error.message).toMatch(message);
    if (retryAfter !== undefined) expect(error.retryAfterMs).toBe(retryAfter);
  });

  it('a key for another data centre is refused at that data centre, naming it', async () => {
    const { platform, connector } = setup({ apiKey: '0123456789abcdef0123456789abcdef-us19' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('us19');
    expect(error.message).toContain('wrong datacenter');
    expect(platform.requests[0]?.host).toBe('us19.api.mailchimp.com');
  });

  it('a key without a data centre is a config error and sends nothing', async () => {
    const { platform, connector } = setup({ apiKey: '0123456789abcdef0123456789abcdef' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('config');
    expect(error.message).toContain('data centre');
    expect(platform.requests).toHaveLength(0);
  });
});

describe('Mailchimp test()', () => {
  it('names the account, data centre and audiences', async () => {
    const { connector } = setup();
    expect(await connector.test()).toEqual({
      ok: true,
      detail: 'Connected to Mailchimp account “Loopline Test” (data centre us21); 1 audience.',
      writeBack: { ready: true },
    });
  });

  it('is connected but not ready without an audience', async () => {
    const { platform, connector } = setup();
    platform.fault({
      host: 'mailchimp',
      path: /^\/3\.0\/lists$/,
      kind: 'status',
      status: 200,
      body: { lists: [], total_items: 0 },
    });
    expect(await connector.test()).toEqual({
      ok: true,
      detail:
        'Connected to Mailchimp account “Loopline Test” (data centre us21); outcomes cannot be written back: the account has no audience, so no lead can be found or written back.',
      writeBack: {
        ready: false,
        missing: 'the account has no audience, so no lead can be found or written back',
        fix: 'platform',
      },
    });
  });

  it('readiness without asking: a usable key', () => {
    const platform = createFakePlatform();
    expect(mailchimpWriteBackReadiness(fakeMailchimpSettings(platform))).toEqual({ ready: true });
    expect(mailchimpWriteBackReadiness(fakeMailchimpSettings(platform, { apiKey: '' }))).toEqual({
      ready: false,
      missing: 'Mailchimp: no API key is set. Add one in Options.',
      fix: 'sources',
    });
  });

  it('reports a wrong key', async () => {
    const { connector } = setup({ apiKey: 'ffffffffffffffffffffffffffffffff-us21' });
    expect(await connector.test()).toMatchObject({ ok: false, kind: 'auth' });
  });
});

describe('Mailchimp messages never carry any part of the key', () => {
  // The data centre after the dash names the public API host; the rest is the secret.
  const key = `${SECRET}-us21`;
  const run = (apiKey = key): LeakRun => ({
    source: 'mailchimp',
    accept: (platform) => (platform.config.mailchimp.apiKey = key),
    build: (platform, deps) =>
      createMailchimpConnector({ ...deps, settings: { ...fakeMailchimpSettings(platform), apiKey } }),
  });

  itLeaksNothingOnFaults('mailchimp', run(), [SECRET]);

  it('when Mailchimp rejects the key, or echoes it in its error', async () => {
    const rejected = await leakRunMessages(
      run(),
      (p) => (p.config.mailchimp.apiKey = `${OTHER_SECRET}-us21`),
    );
    const echoed = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'mailchimp',
        kind: 'status',
        status: 400,
        body: { title: 'Invalid Resource', detail: `The key ${key} is not valid here`, status: 400 },
      }),
    );
    expect(leaks([...rejected, ...echoed], [SECRET])).toEqual([]);
  });

  it.each([
    ['a part after the dash that is no data centre', `${SECRET}-${OTHER_SECRET}`],
    ['no dash at all', `${SECRET}${OTHER_SECRET}`],
    ['a line break in it', `${SECRET}\n${OTHER_SECRET}-us21`],
  ])('when the key is malformed: %s', async (_name, apiKey) => {
    const found = await leakRunMessages(run(apiKey));
    expect(leaks(found, [apiKey.replace(/-us21$/, ''), SECRET, OTHER_SECRET])).toEqual([]);
  });
});
