// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS, type FaultSpec } from '../../../test/fake-platform';
import { fakeMarketoSettings } from '../../../test/fake-platform/settings';
import { createManualClock } from '../clock';
import { Lead } from '../../model';
import { makeOutcome } from '../test-outcome';
import {
  itLeaksNothingOnFaults,
  leakRunMessages,
  leaks,
  OTHER_SECRET,
  SECRET,
  type LeakRun,
} from '../test-secrets';
import { ConnectorError, type UnavailablePart } from '../types';
import {
  createMarketoConnector,
  HISTORY_TYPES,
  marketoWriteBackReadiness,
  outcomeIdField,
  type MarketoToken,
} from '.';
import type { MarketoCustomType } from '../../../test/fake-platform';

/** A custom type whose primary field holds the outcome kind and an attribute the outcome id. */
const ID_IN_ATTRIBUTE: MarketoCustomType = {
  id: 100_002,
  apiName: 'salesResult_c',
  name: 'Sales Result',
  primaryAttribute: { apiName: 'result', name: 'Result', dataType: 'string' },
  attributes: [
    { apiName: 'amount', name: 'Amount', dataType: 'float' },
    { apiName: 'looplineId', name: 'Loopline Id', dataType: 'string' },
    { apiName: 'note', name: 'Note', dataType: 'text' },
  ],
};

/** A custom type with nothing that could hold the outcome id. */
const NO_ID_FIELD: MarketoCustomType = {
  id: 100_003,
  apiName: 'dealValue_c',
  name: 'Deal Value',
  primaryAttribute: { apiName: 'value', name: 'Value', dataType: 'currency' },
  attributes: [
    { apiName: 'outcomeKind', name: 'Outcome Kind', dataType: 'string' },
    { apiName: 'note', name: 'Note', dataType: 'text' },
  ],
};

const DAY = 24 * 60 * 60 * 1000;

function setup(extra: Parameters<typeof fakeMarketoSettings>[1] = {}, tokens?: Map<string, MarketoToken>) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const connector = createMarketoConnector({
    settings: fakeMarketoSettings(platform, extra),
    fetch: asFetch(platform),
    clock,
    timeoutMs: 10_000,
    tokens,
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

describe('Marketo lookup', () => {
  it('gets a token once and maps the lead by email', async () => {
    const { platform, connector } = setup();
    const lead = await connector.lookup(SEED_EMAILS.mql);
    const stored = platform.lead(SEED_EMAILS.mql)!;
    expect(lead).toEqual({
      email: SEED_EMAILS.mql,
      name: 'Ava Chen',
      company: 'Northwind Robotics',
      title: 'VP Operations',
      leadStatus: 'OPEN',
      score: 72,
      owner: 'Sam Patel',
      source: 'paid search',
      refs: [{ source: 'marketo', id: String(stored.marketoId) }],
    });
    await connector.lookup(SEED_EMAILS.lead);
    expect(platform.requestsTo('marketo', '/identity/oauth/token')).toHaveLength(1);
    const [query] = platform.requestsTo('marketo', '/rest/v1/leads.json', 'GET');
    expect(query?.query.get('filterType')).toBe('email');
    expect(query?.query.get('filterValues')).toBe(SEED_EMAILS.mql);
    expect(query?.headers.authorization).toMatch(/^Bearer /);
    expect(query?.query.get('access_token')).toBeNull();
  });

  it('returns null when no lead has the address', async () => {
    const { connector } = setup();
    expect(await connector.lookup('nobody@nowhere.example')).toBeNull();
  });

  it('shares tokens between instances through the token cache', async () => {
    const tokens = new Map<string, MarketoToken>();
    const first = setup({}, tokens);
    await first.connector.lookup(SEED_EMAILS.mql);
    expect(tokens.size).toBe(1);
    const second = createMarketoConnector({
      settings: fakeMarketoSettings(first.platform),
      fetch: asFetch(first.platform),
      clock: first.clock,
      tokens,
    });
    await second.lookup(SEED_EMAILS.lead);
    expect(first.platform.requestsTo('marketo', '/identity/oauth/token')).toHaveLength(1);
  });
});

describe('Marketo token renewal', () => {
  it.each([601, 602])('renews the token once on %i and carries on', async (code) => {
    const { platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', kind: 'marketo_error', code, times: 1 });
    expect((await connector.lookup(SEED_EMAILS.lead))?.name).toBe('Marcus Oyelaran');
    expect(platform.requestsTo('marketo', '/identity/oauth/token')).toHaveLength(2);
  });

  it('renews an expired token (a real 602 from the server)', async () => {
    const { platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    platform.expireMarketoTokens();
    expect((await connector.lookup(SEED_EMAILS.lead))?.name).toBe('Marcus Oyelaran');
    const statuses = platform.requestsTo('marketo', '/identity/oauth/token');
    expect(statuses).toHaveLength(2);
  });

  it('fetches a new token when the cached one has run out, before calling', async () => {
    const { clock, platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    await clock.advance(platform.config.marketo.tokenTtlSeconds * 1000);
    await connector.lookup(SEED_EMAILS.lead);
    expect(platform.requestsTo('marketo', '/identity/oauth/token')).toHaveLength(2);
    expect(platform.requests.filter((r) => r.fault === 'marketo_error')).toHaveLength(0);
  });

  it('gives up with an auth error when the renewed token is refused too', async () => {
    const { platform, connector } = setup();
    platform.fault({
      host: 'marketo',
      path: '/rest/v1/leads.json',
      kind: 'marketo_error',
      code: 601,
      times: 2,
    });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/even after renewing/);
    expect(platform.requestsTo('marketo', '/rest/v1/leads.json')).toHaveLength(2);
  });

  it('reports bad client credentials as auth', async () => {
    const { connector } = setup({ clientSecret: 'wrong' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Bad client credentials');
  });
});

describe('Marketo history', () => {
  it('maps activities and program membership into touchpoints with campaigns and the bot flag', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const touchpoints = await connector.history(lead);
    const kinds = touchpoints.map((t) => t.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'page_view',
        'form_submit',
        'email_sent',
        'email_open',
        'email_click',
        'webinar_registered',
        'webinar_attended',
        'list_added',
      ]),
    );

    const bot = touchpoints.filter((t) => t.machine);
    expect(bot).toHaveLength(1);
    expect(bot[0]).toMatchObject({
      kind: 'email_open',
      machineReason: 'Marketo flagged bot activity (Match with IAB robot list)',
    });

    const attended = touchpoints.find((t) => t.kind === 'webinar_attended');
    expect(attended?.campaign).toMatchObject({ name: 'Q1 Automation Webinar', channel: 'webinar' });
    // The email "Q1 Automation Webinar.Your webinar starts tomorrow" is linked to its program.
    const click = touchpoints.find((t) => t.kind === 'email_click');
    expect(click).toMatchObject({
      campaign: attended?.campaign,
      url: 'https://www.loopline-demo.example/webinar/q1',
      title: 'Clicked “Your webinar starts tomorrow”',
    });
    const joined = touchpoints.filter((t) => t.id.startsWith('marketo:program:'));
    expect(joined.map((t) => t.campaign?.name).sort()).toEqual([
      'Brand Search',
      'February Newsletter',
      'Manufacturing Nurture',
      'Q1 Automation Webinar',
    ]);
    expect(joined.find((t) => t.campaign?.name === 'Brand Search')?.campaign?.channel).toBe('paid_search');
    const page = touchpoints.find((t) => t.kind === 'page_view');
    expect(page?.url).toBe('https://www.loopline-demo.example/pricing');

    const [activitiesCall] = platform.requestsTo('marketo', '/rest/v1/activities.json');
    const typeIds = activitiesCall!.query.get('activityTypeIds')!.split(',');
    expect(typeIds.length).toBeLessThanOrEqual(10);
    expect(typeIds).toHaveLength(Object.keys(HISTORY_TYPES).length);
    expect(activitiesCall!.query.get('leadIds')).toBe(lead.refs[0]!.id);
  });

  it('asks for the paging token from `since` and keeps to it', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const since = new Date(clock.now() - 10 * DAY);
    const touchpoints = await connector.history(lead, { since });
    expect(
      platform.requestsTo('marketo', '/rest/v1/activities/pagingtoken.json')[0]?.query.get('sinceDatetime'),
    ).toBe(since.toISOString());
    expect(touchpoints.length).toBeGreaterThan(0);
    expect(touchpoints.every((t) => t.occurredAt >= since.toISOString())).toBe(true);
  });

  it('follows nextPageToken while moreResult is true', async () => {
    const { platform, connector } = setup();
    platform.config.marketo.pageSize = 3;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const touchpoints = await connector.history(lead);
    const pages = platform.requestsTo('marketo', '/rest/v1/activities.json');
    expect(pages.length).toBe(4);
    expect(new Set(pages.map((p) => p.query.get('nextPageToken'))).size).toBe(4);
    expect(touchpoints.filter((t) => !t.id.startsWith('marketo:program:'))).toHaveLength(12);
  });

  it('handles an empty page (no `result`) and stops', async () => {
    const { clock, connector, platform } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const touchpoints = await connector.history(lead, { since: new Date(clock.now()) });
    expect(touchpoints).toEqual([]);
    expect(platform.requestsTo('marketo', '/rest/v1/activities.json')).toHaveLength(1);
  });

  it('stops after a bounded number of pages when moreResult never ends', async () => {
    const { platform, connector } = setup();
    let n = 0;
    platform.fault({
      host: 'marketo',
      path: '/rest/v1/activities.json',
      kind: 'wrong_types',
      mutate: () => ({ requestId: `r${n}`, success: true, moreResult: true, nextPageToken: `token-${++n}` }),
    });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.history(lead);
    expect(platform.requestsTo('marketo', '/rest/v1/activities.json')).toHaveLength(20);
  });

  it('returns the activities without program memberships when that call fails, and names the part', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({ host: 'marketo', path: /programMembership\.json$/, kind: 'marketo_error', code: 611 });
    const parts: UnavailablePart[] = [];
    const touchpoints = await connector.history(lead, { onUnavailable: (p) => parts.push(p) });
    expect(touchpoints.some((t) => t.kind === 'email_click')).toBe(true);
    expect(touchpoints.some((t) => t.id.startsWith('marketo:program:'))).toBe(false);
    expect(parts).toEqual([
      { part: 'program memberships', kind: 'server', message: expect.stringContaining('611') },
    ]);
  });

  it('keeps program ids when their names cannot be read', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({ host: 'marketo', path: '/rest/asset/v1/program/', kind: 'server_error', status: 502 });
    const parts = new Set<string>();
    const touchpoints = await connector.history(lead, { onUnavailable: (p) => parts.add(p.part) });
    const joined = touchpoints.filter((t) => t.id.startsWith('marketo:program:'));
    expect(joined).toHaveLength(4);
    expect(joined.every((t) => /^Joined program “Program \d+”$/.test(t.title))).toBe(true);
    expect([...parts]).toEqual(['program names']);
  });

  it('asks for activity types and program names once per connector', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.history(lead);
    await connector.history(lead);
    expect(platform.requestsTo('marketo', '/rest/v1/activities/types.json')).toHaveLength(1);
    const programCalls = platform.requestsTo('marketo', '/rest/asset/v1/program/');
    expect(programCalls).toHaveLength(4);
  });
});

describe('Marketo errors (HTTP 200 with success:false)', () => {
  const cases: Array<[string, FaultSpec, string, RegExp, number | undefined]> = [
    [
      '606 rate limit',
      { kind: 'marketo_error', code: 606 },
      'rate_limited',
      /100 calls in 20 seconds/,
      20_000,
    ],
    ['607 daily quota', { kind: 'marketo_error', code: 607 }, 'quota', /daily API quota/, undefined],
    ['615 concurrency', { kind: 'marketo_error', code: 615 }, 'rate_limited', /concurrent/, 5_000],
    ['603 access denied', { kind: 'marketo_error', code: 603 }, 'scope', /permission/, undefined],
    ['611 system error', { kind: 'marketo_error', code: 611 }, 'server', /611/, undefined],
    [
      '1003 bad value',
      { kind: 'marketo_error', code: 1003, message: 'Invalid value' },
      'config',
      /1003: Invalid value/,
      undefined,
    ],
    ['HTTP 502', { kind: 'server_error', status: 502 }, 'server', /502/, undefined],
    ['malformed JSON', { kind: 'malformed' }, 'malformed', /Marketo lead: .*not valid JSON/, undefined],
    [
      'wrong types',
      { kind: 'wrong_types' },
      'malformed',
      /Marketo lead: result\[0\]\.id: expected number, received string/,
      undefined,
    ],
    ['truncated body', { kind: 'truncated' }, 'malformed', /cut off|truncated/, undefined],
    ['network down', { kind: 'network' }, 'network', /Could not reach 123-abc-456\.mktorest\.com/, undefined],
  ];

  it.each(cases)('%s → %s', async (_name, fault, kind, message, retryAfter) => {
    const { platform, connector } = setup();
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', ...fault });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe(kind);
    expect(error.source).toBe('marketo');
    expect(error.message).toMatch(message);
    if (retryAfter !== undefined) expect(error.retryAfterMs).toBe(retryAfter);
  });

  it('607 waits until midnight US Central', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'marketo', path: '/rest/v1/leads.json', kind: 'marketo_error', code: 607 });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    // 2026-03-02T10:00Z is 04:00 in Chicago: 20 hours to midnight.
    expect(error.retryAfterMs).toBe(20 * 60 * 60 * 1000);
  });

  it('an unknown instance host is a network error naming it', async () => {
    const { connector } = setup({ baseUrl: 'https://999-ZZZ-999.mktorest.com' });
    const error = await rejection(connector.lookup(SEED_EMAILS.mql));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('999-zzz-999.mktorest.com');
  });

  it('missing settings are a config error without any request', async () => {
    const { platform, connector } = setup({ baseUrl: '' });
    expect((await rejection(connector.lookup(SEED_EMAILS.mql))).kind).toBe('config');
    expect(platform.requests).toHaveLength(0);
  });
});

describe('Marketo writeOutcome', () => {
  it('adds the custom activity carrying the outcome id and updates the mapped status field', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'marketo' });
    const receipt = await connector.writeOutcome(lead, outcome);
    const stored = platform.lead(SEED_EMAILS.mql)!;

    expect(platform.writes.marketo.activities).toHaveLength(1);
    const activity = platform.writes.marketo.activities[0]!;
    expect(activity).toMatchObject({
      leadId: stored.marketoId,
      activityTypeId: 100001,
      primaryAttributeValue: outcome.id,
    });
    expect(activity.attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ apiName: 'outcomeKind', value: 'meeting_booked' }),
        expect.objectContaining({ apiName: 'note', value: expect.stringContaining(outcome.id) }),
      ]),
    );
    expect(platform.writes.marketo.leadUpdates).toEqual([
      { leadId: stored.marketoId, fields: { leadStatus: 'Sales Accepted' } },
    ]);
    const sync = platform.requestsTo('marketo', '/rest/v1/leads.json', 'POST')[0]!;
    expect(sync.body).toEqual({
      action: 'updateOnly',
      lookupField: 'email',
      input: [{ email: lead.email, leadStatus: 'Sales Accepted' }],
    });
    expect(receipt.receipt).toBe(
      `Marketo lead ${stored.marketoId}: activity ${activity.marketoGUID}; leadStatus=Sales Accepted`,
    );
  });

  it('writes amount and currency for a win', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.writeOutcome(
      lead,
      makeOutcome({
        leadEmail: lead.email,
        target: 'marketo',
        kind: 'won',
        label: 'Won',
        amount: 24000,
        currency: 'EUR',
      }),
    );
    const attributes = platform.writes.marketo.activities[0]!.attributes;
    expect(attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ apiName: 'amount', value: 24000 }),
        expect.objectContaining({ apiName: 'currency', value: 'EUR' }),
      ]),
    );
    expect(platform.writes.marketo.leadUpdates[0]?.fields).toEqual({ leadStatus: 'Customer' });
  });

  it('refuses an outcome that would write nothing', async () => {
    const { platform, connector } = setup({ customActivityTypeId: 0, statusMapping: {} });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error.kind).toBe('config');
    expect(platform.writes.marketo.leadUpdates).toHaveLength(0);
  });

  it('creates one activity after a timeout that reached Marketo, when retried with checkFirst', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({
      leadEmail: lead.email,
      target: 'marketo',
      createdAt: new Date(clock.now()).toISOString(),
    });
    platform.fault({
      host: 'marketo',
      path: '/rest/v1/activities/external.json',
      kind: 'timeout_after_write',
      times: 1,
    });
    const first = rejection(connector.writeOutcome(lead, outcome));
    await clock.advance(10_000);
    const error = await first;
    expect(error).toMatchObject({ kind: 'timeout', ambiguous: true });
    expect(platform.writes.marketo.activities).toHaveLength(1);

    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.alreadyDone).toBe(true);
    expect(platform.writes.marketo.activities).toHaveLength(1);
    expect(platform.writes.marketo.leadUpdates).toHaveLength(1);
    await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(platform.writes.marketo.activities).toHaveLength(1);
    expect(platform.writes.marketo.leadUpdates).toHaveLength(1);
  });

  it('names a status field the instance does not have', async () => {
    const { connector } = setup({ statusField: 'salesOutcome__c', customActivityTypeId: 0 });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toContain("Field 'salesOutcome__c' not found");
  });

  it.each([
    ['a timeout', 'timeout_after_write', 'timeout'],
    ['a broken connection', 'reset_after_write', 'network'],
  ] as const)(
    'finds the earlier activity by the attribute carrying the outcome id after %s',
    async (_name, fault, kind) => {
      const { clock, platform, connector } = setup({
        customActivityTypeId: ID_IN_ATTRIBUTE.id,
        customActivityPrimaryField: 'kind',
      });
      platform.config.marketo.otherCustomActivityTypes.push(ID_IN_ATTRIBUTE);
      const lead = (await connector.lookup(SEED_EMAILS.mql))!;
      const outcome = makeOutcome({
        leadEmail: lead.email,
        target: 'marketo',
        createdAt: new Date(clock.now()).toISOString(),
      });
      platform.fault({ host: 'marketo', path: '/rest/v1/activities/external.json', kind: fault, times: 1 });
      const first = rejection(connector.writeOutcome(lead, outcome));
      await clock.advance(10_000);
      expect(await first).toMatchObject({ kind, ambiguous: true });
      const [written] = platform.writes.marketo.activities;
      expect(written).toMatchObject({
        activityTypeId: ID_IN_ATTRIBUTE.id,
        primaryAttributeValue: 'meeting_booked',
      });
      expect(written!.attributes).toContainEqual({
        apiName: 'looplineId',
        name: 'Loopline Id',
        value: outcome.id,
      });

      // The check runs at once: one activity, the status written once.
      const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
      expect(receipt).toMatchObject({
        alreadyDone: true,
        receipt: expect.stringContaining(`activity ${written!.marketoGUID}`),
      });
      expect(platform.writes.marketo.activities).toHaveLength(1);
      expect(platform.writes.marketo.leadUpdates).toHaveLength(1);
    },
  );

  it('refuses a custom activity type with no field for the outcome id, before writing anything', async () => {
    const { platform, connector } = setup({ customActivityTypeId: NO_ID_FIELD.id });
    platform.config.marketo.otherCustomActivityTypes.push(NO_ID_FIELD);
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error).toMatchObject({ kind: 'config', ambiguous: false });
    expect(error.message).toBe(
      'Marketo: the custom activity type “Deal Value” has no text field that can carry the outcome id, so a retry could not tell whether an outcome was already written. Add a string attribute named “Outcome Id” to it in Marketo, or choose another type in Options → Outcomes.',
    );
    expect(platform.requestsTo('marketo', '/rest/v1/activities/external.json')).toHaveLength(0);
    expect(platform.writes.marketo.leadUpdates).toHaveLength(0);
  });

  it('writes a stale outcome’s activity but leaves the status a newer outcome set', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'marketo' });
    const receipt = await connector.writeOutcome(lead, outcome, { skipStatus: true });
    expect(platform.writes.marketo.activities).toHaveLength(1);
    expect(platform.writes.marketo.leadUpdates).toEqual([]);
    expect(platform.requestsTo('marketo', '/rest/v1/leads.json', 'POST')).toHaveLength(0);
    expect(receipt.receipt).toMatch(
      /^Marketo lead \d+: activity \d+; leadStatus left as a newer outcome set it$/,
    );
  });

  it('with only a status to write, a stale outcome writes nothing and asks nothing', async () => {
    const { platform, connector } = setup({ customActivityTypeId: 0 });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const before = platform.requests.length;
    const receipt = await connector.writeOutcome(
      lead,
      makeOutcome({ leadEmail: lead.email, target: 'marketo' }),
      { skipStatus: true },
    );
    expect(receipt).toEqual({
      receipt: 'Marketo: nothing to write; leadStatus left as a newer outcome set it',
    });
    expect(platform.requests).toHaveLength(before);
  });

  it('a lead update that is throttled after the activity landed is ambiguous', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({
      host: 'marketo',
      path: '/rest/v1/leads.json',
      method: 'POST',
      kind: 'marketo_error',
      code: 606,
      times: 1,
    });
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'marketo' })),
    );
    expect(error).toMatchObject({ kind: 'rate_limited', ambiguous: true });
  });
});

describe('Marketo test()', () => {
  it('reports the instance, the outcome activity type and the field that carries the outcome id', async () => {
    const { connector } = setup();
    expect(await connector.test()).toEqual({
      ok: true,
      detail:
        'Connected to Marketo 123-abc-456.mktorest.com; 14 activity types readable, outcomes go to “Loopline Outcome” (outcome id in “Outcome Id”).',
      writeBack: { ready: true },
    });
  });

  it('connected is not ready: with the default settings nothing would reach Marketo', async () => {
    const { connector } = setup({ customActivityTypeId: 0, statusMapping: {} });
    const result = await connector.test();
    expect(result).toEqual({
      ok: true,
      detail:
        'Connected to Marketo 123-abc-456.mktorest.com; 14 activity types readable; outcomes cannot be written back: no outcome has a Marketo status value and no custom activity type is set.',
      writeBack: {
        ready: false,
        missing: 'no outcome has a Marketo status value and no custom activity type is set',
        fix: 'outcomes',
      },
    });
  });

  it('a status mapping alone is enough to be ready', async () => {
    const { connector } = setup({ customActivityTypeId: 0 });
    expect(await connector.test()).toMatchObject({ ok: true, writeBack: { ready: true } });
  });

  it('is not ready with a custom activity type that cannot carry the outcome id', async () => {
    const { platform, connector } = setup({ customActivityTypeId: NO_ID_FIELD.id });
    platform.config.marketo.otherCustomActivityTypes.push(NO_ID_FIELD);
    const result = await connector.test();
    expect(result).toMatchObject({
      ok: true,
      writeBack: {
        ready: false,
        fix: 'outcomes',
        missing: expect.stringContaining('“Deal Value” has no text field that can carry the outcome id'),
      },
    });
    expect(result.ok && result.detail).toContain(
      '; outcomes cannot be written back: the custom activity type “Deal Value”',
    );
  });

  it.each([
    ['a wrong secret', { clientSecret: 'nope' }, 'auth'],
    ['an unknown custom activity type', { customActivityTypeId: 4242 }, 'config'],
    ['no base URL', { baseUrl: '' }, 'config'],
  ] as const)('names %s', async (_name, extra, kind) => {
    const { connector } = setup(extra);
    const result = await connector.test();
    expect(result).toMatchObject({ ok: false, kind });
  });
});

describe('Marketo messages never carry any part of the client id or secret', () => {
  const clientId = OTHER_SECRET;
  const clientSecret = SECRET;
  const run = (credentials: { clientSecret?: string } = {}): LeakRun => ({
    source: 'marketo',
    accept: (platform) => Object.assign(platform.config.marketo, { clientId, clientSecret }),
    build: (platform, deps) =>
      createMarketoConnector({
        ...deps,
        settings: { ...fakeMarketoSettings(platform), clientId, clientSecret, ...credentials },
      }),
  });

  itLeaksNothingOnFaults('marketo', run(), [clientId, clientSecret]);

  it('when the identity service rejects the credentials, or echoes them in its error', async () => {
    const rejected = await leakRunMessages(run(), (p) => (p.config.marketo.clientSecret = 'someone-else'));
    const echoed = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'marketo',
        path: '/identity/oauth/token',
        kind: 'status',
        status: 401,
        body: { error: 'invalid_client', error_description: `Bad client ${clientId}:${clientSecret}` },
      }),
    );
    const enveloped = await leakRunMessages(run(), (p) =>
      p.fault({
        host: 'marketo',
        path: '/rest/',
        kind: 'marketo_error',
        code: 1003,
        message: `Value ${clientSecret.slice(3, 15)} rejected`,
      }),
    );
    expect(leaks([...rejected, ...echoed, ...enveloped], [clientId, clientSecret])).toEqual([]);
  });

  it('when a line break was pasted into the secret', async () => {
    const broken = `${SECRET.slice(0, 9)}\n${SECRET.slice(9)}`;
    const found = await leakRunMessages(run({ clientSecret: broken }));
    expect(leaks(found, [clientId, ...broken.split('\n')])).toEqual([]);
  });
});

describe('Marketo token request', () => {
  it('sends the client id and secret in a POST form body, never in the URL', async () => {
    const { platform, connector } = setup();
    await connector.lookup(SEED_EMAILS.mql);
    const [request] = platform.requestsTo('marketo', '/identity/oauth/token');
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...request!.query.keys()]).toEqual([]);
    const form = new URLSearchParams(request!.body as string);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(platform.config.marketo.clientId);
    expect(form.get('client_secret')).toBe(platform.config.marketo.clientSecret);
  });

  it('the fake refuses credentials in the query string, so a regression fails', async () => {
    const platform = createFakePlatform();
    const { clientId, clientSecret, munchkinId } = platform.config.marketo;
    const query = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const viaQuery = await asFetch(platform)(
      `https://${munchkinId}.mktorest.com/identity/oauth/token?${query}`,
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: query },
    );
    expect(viaQuery.status).toBe(400);
    const viaGet = await asFetch(platform)(`https://${munchkinId}.mktorest.com/identity/oauth/token`);
    expect(viaGet.status).toBe(405);
  });

  it('a failed token request is never ambiguous: it changed nothing', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'marketo', path: '/identity/oauth/token', kind: 'server_error', status: 502 });
    const lead = Lead.parse({ email: SEED_EMAILS.mql, refs: [{ source: 'marketo', id: '1' }] });
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: SEED_EMAILS.mql, target: 'marketo' })),
    );
    expect(error.kind).toBe('server');
    expect(error.ambiguous).toBe(false);
  });
});

describe('outcomeIdField', () => {
  type Attribute = { name: string; apiName?: string; dataType?: string };
  const type = (primary: Attribute, ...attributes: Attribute[]) => ({
    name: 'T',
    primaryAttribute: primary,
    attributes,
  });
  const text = (name: string, apiName = name) => ({ name, apiName, dataType: 'string' });

  it.each([
    [
      'a text primary, by default',
      type(text('Outcome')),
      '',
      { where: 'primary', apiName: 'Outcome', name: 'Outcome' },
    ],
    [
      'a text primary, when asked for the id',
      type(text('Outcome')),
      'id',
      { where: 'primary', apiName: 'Outcome', name: 'Outcome' },
    ],
    [
      'the id attribute when the primary holds the kind',
      type(text('Outcome'), text('Amount'), text('Outcome Id', 'outcomeId')),
      'kind',
      { where: 'attribute', apiName: 'outcomeId', name: 'Outcome Id' },
    ],
    [
      'the first of two id attributes, in the type’s order',
      type(
        { name: 'Score', apiName: 'score', dataType: 'integer' },
        text('External Id', 'extId'),
        text('Loopline Id', 'looplineId'),
      ),
      '',
      { where: 'attribute', apiName: 'extId', name: 'External Id' },
    ],
    [
      'a primary named for it when the choice is another field name',
      type(text('Outcome Id', 'outcomeId'), text('Kind')),
      'outcomeKind',
      { where: 'primary', apiName: 'outcomeId', name: 'Outcome Id' },
    ],
  ] as const)('picks %s', (_name, t, primaryField, expected) => {
    expect(outcomeIdField(t, primaryField)).toEqual(expected);
  });

  it.each([
    ['a number primary and no id attribute', type({ name: 'Value', dataType: 'currency' }, text('Note'))],
    ['an id attribute that is not text', type(text('Outcome'), { name: 'Outcome Id', dataType: 'integer' })],
    ['only the kind in the primary', type(text('Outcome'), text('Note'))],
  ])('finds none with %s', (_name, t) => {
    expect(outcomeIdField(t, 'kind')).toBeUndefined();
  });
});

describe('listOutcomeActivityTypes', () => {
  it('lists the custom types, each with the field for the outcome id or why it cannot take outcomes', async () => {
    const { platform, connector } = setup();
    platform.config.marketo.otherCustomActivityTypes.push(ID_IN_ATTRIBUTE, NO_ID_FIELD, {
      ...ID_IN_ATTRIBUTE,
      id: 100_004,
      apiName: 'draftType_c',
      name: 'Draft Type',
      status: 'draft',
    });
    const types = await connector.listOutcomeActivityTypes();
    expect(types.map((t) => [t.id, t.name, t.canCarryOutcomeId, t.approved, t.idField?.name])).toEqual([
      [100_001, 'Loopline Outcome', true, true, 'Outcome Id'],
      [100_002, 'Sales Result', true, true, 'Result'],
      [100_003, 'Deal Value', false, true, undefined],
      [100_004, 'Draft Type', true, false, 'Result'],
    ]);
    expect(types[2]?.reason).toContain('no text field that can carry the outcome id');
    expect(types[3]?.reason).toBe('the type is draft: approve it in Marketo first');
    expect(platform.requestsTo('marketo', '/rest/v1/activities/external/types.json')).toHaveLength(1);
  });
});

describe('marketoWriteBackReadiness', () => {
  const platform = createFakePlatform();
  it.each([
    ['a custom activity type', {}, undefined, { ready: true }],
    ['a status mapped for the kind', { customActivityTypeId: 0 }, 'won', { ready: true }],
    [
      'no status for this kind and no custom type',
      { customActivityTypeId: 0 },
      'qualified',
      {
        ready: false,
        missing: 'no Marketo status value is set for “qualified” and no custom activity type is set',
        fix: 'outcomes',
      },
    ],
    [
      'the defaults',
      { customActivityTypeId: 0, statusMapping: {} },
      undefined,
      {
        ready: false,
        missing: 'no outcome has a Marketo status value and no custom activity type is set',
        fix: 'outcomes',
      },
    ],
    [
      'no credentials',
      { clientSecret: '' },
      'won',
      {
        ready: false,
        missing: 'the Marketo REST API base URL, client id and secret are not all set',
        fix: 'sources',
      },
    ],
  ] as const)('%s', (_name, extra, kind, expected) => {
    expect(marketoWriteBackReadiness(fakeMarketoSettings(platform, extra), kind)).toEqual(expected);
  });
});
