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
import { makeOutcome } from '../test-outcome';
import { itLeaksNothingOnFaults, leakRunMessages, leaks, SECRET, type LeakRun } from '../test-secrets';
import { ConnectorError, type FetchLike, type UnavailablePart } from '../types';
import { createHubSpotConnector, hubspotWriteBackReadiness, noteBody } from '.';

const DAY = 24 * 60 * 60 * 1000;

function setup(
  extra: Parameters<typeof fakeHubSpotSettings>[1] = {},
  fetchWrap?: (f: FetchLike) => FetchLike,
) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const fetch = asFetch(platform);
  const connector = createHubSpotConnector({
    settings: fakeHubSpotSettings(platform, extra),
    fetch: fetchWrap ? fetchWrap(fetch) : fetch,
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

describe('HubSpot lookup', () => {
  it('maps the contact by email into a lead, with owner, 30-day score, MQL date and deep link', async () => {
    const { platform, connector } = setup();
    const lead = await connector.lookup('Ava.Chen@Northwind-Robotics.example');
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
      source: 'Paid search',
      refs: [
        {
          source: 'hubspot',
          id: stored.hubspotId,
          url: `https://app.hubspot.com/contacts/4242424/record/0-1/${stored.hubspotId}`,
        },
      ],
    });
    const [request] = platform.requestsTo('hubspot', '/crm/v3/objects/contacts/');
    expect(request?.path).toBe(`/crm/v3/objects/contacts/${encodeURIComponent(SEED_EMAILS.mql)}`);
    expect(request?.query.get('idProperty')).toBe('email');
    expect(request?.query.get('propertiesWithHistory')).toBe(
      'lifecyclestage,hubspotscore,recent_conversion_event_name',
    );
    expect(request?.headers.authorization).toBe(`Bearer ${platform.config.hubspot.token}`);
  });

  it('finds the MQL date in the lifecycle history when the date property is empty', async () => {
    const { platform, connector } = setup();
    const stored = platform.lead(SEED_EMAILS.mql)!;
    delete stored.hubspotProps.hs_lifecyclestage_marketingqualifiedlead_date;
    expect((await connector.lookup(SEED_EMAILS.mql))?.mqlAt).toBe(stored.mqlAt);
  });

  it('returns null for an unknown contact (404) and asks nothing for a non-address', async () => {
    const { platform, connector } = setup();
    expect(await connector.lookup('nobody@nowhere.example')).toBeNull();
    const before = platform.requests.length;
    expect(await connector.lookup('not an address')).toBeNull();
    expect(platform.requests.length).toBe(before);
  });

  it('asks for an owner once and for account details not at all when the portal id is set', async () => {
    const { platform, connector } = setup({ portalId: '99' });
    const a = await connector.lookup(SEED_EMAILS.mql);
    await connector.lookup(SEED_EMAILS.customer);
    expect(platform.requestsTo('hubspot', '/crm/v3/owners/')).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/account-info')).toHaveLength(0);
    expect(a?.refs[0]?.url).toContain('/contacts/99/record/0-1/');
  });

  it('still shows the lead when the token cannot read owners', async () => {
    const { platform, connector } = setup();
    platform.config.hubspot.scopes.delete('crm.objects.owners.read');
    const lead = await connector.lookup(SEED_EMAILS.mql);
    expect(lead?.name).toBe('Ava Chen');
    expect(lead?.owner).toBeUndefined();
  });

  it('shows the lead without its owner, and says so, when the owner cannot be read', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'hubspot', path: '/crm/v3/owners/', kind: 'server_error', status: 503 });
    const parts: UnavailablePart[] = [];
    const lead = await connector.lookup(SEED_EMAILS.mql, undefined, { onUnavailable: (p) => parts.push(p) });
    expect(lead).toMatchObject({ name: 'Ava Chen', score: 72 });
    expect(lead?.owner).toBeUndefined();
    expect(parts).toEqual([expect.objectContaining({ part: 'owner', kind: 'server' })]);
  });
});

describe('HubSpot history', () => {
  it('maps email events, lists, forms, page views and stage changes, newest first', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const touchpoints = await connector.history(lead);
    const kinds = touchpoints.map((t) => t.kind);
    expect(kinds.filter((k) => k === 'email_sent')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'email_open')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'email_click')).toHaveLength(1);
    expect(kinds).toContain('form_submit');
    expect(kinds).toContain('page_view');
    expect(kinds).toContain('stage_change');

    const list = touchpoints.find((t) => t.kind === 'list_added');
    expect(list).toMatchObject({
      title: 'Added to list “Manufacturing Nurture”',
      campaign: { name: 'Manufacturing Nurture' },
    });
    const click = touchpoints.find((t) => t.kind === 'email_click');
    expect(click).toMatchObject({
      url: 'https://www.loopline-demo.example/webinar/q1',
      campaign: { name: 'Q1 Automation Webinar', channel: 'email' },
    });
    const machine = touchpoints.filter((t) => t.machine);
    expect(machine).toHaveLength(1);
    expect(machine[0]).toMatchObject({
      kind: 'email_open',
      machineReason: expect.stringContaining('filtered'),
    });
    expect(touchpoints.find((t) => t.kind === 'form_submit')?.title).toBe('Submitted “Demo request”');

    const times = touchpoints.map((t) => t.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(touchpoints.map((t) => t.id)).size).toBe(touchpoints.length);
    expect(touchpoints.every((t) => t.source === 'hubspot' && t.leadEmail === SEED_EMAILS.mql)).toBe(true);
    // Names of campaigns come from the email campaigns API, each asked once.
    const campaignCalls = platform.requestsTo('hubspot', '/email/public/v1/campaigns/').map((r) => r.path);
    expect(new Set(campaignCalls).size).toBe(campaignCalls.length);
  });

  it('stays inside `since`, and asks the events API from that time', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const since = new Date(clock.now() - 10 * DAY);
    const touchpoints = await connector.history(lead, { since });
    expect(touchpoints.length).toBeGreaterThan(0);
    expect(touchpoints.every((t) => t.occurredAt >= since.toISOString())).toBe(true);
    expect(platform.requestsTo('hubspot', '/email/public/v1/events')[0]?.query.get('startTimestamp')).toBe(
      String(since.getTime()),
    );
  });

  it('pages email events by offset until hasMore is false', async () => {
    const { platform, connector } = setup();
    platform.config.hubspot.maxEventPage = 2;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const touchpoints = await connector.history(lead);
    const pages = platform.requestsTo('hubspot', '/email/public/v1/events');
    expect(pages).toHaveLength(3);
    expect(pages[0]?.query.get('offset')).toBeNull();
    expect(pages[1]?.query.get('offset')).toBeTruthy();
    expect(touchpoints.filter((t) => t.kind.startsWith('email_'))).toHaveLength(5);
  });

  it('stops paging when hasMore stays true without a new offset', async () => {
    const { platform, connector } = setup();
    platform.fault({
      host: 'hubspot',
      path: '/email/public/v1/events',
      kind: 'wrong_types',
      mutate: (body) => ({ ...(body as object), hasMore: true, offset: 'same' }),
    });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.history(lead);
    expect(platform.requestsTo('hubspot', '/email/public/v1/events')).toHaveLength(2);
  });

  it('shows the rest when the token cannot read lists, and names what is missing', async () => {
    const { platform, connector } = setup();
    platform.config.hubspot.scopes.delete('crm.lists.read');
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const parts: UnavailablePart[] = [];
    const touchpoints = await connector.history(lead, { onUnavailable: (p) => parts.push(p) });
    expect(touchpoints.some((t) => t.kind === 'list_added')).toBe(false);
    expect(touchpoints.some((t) => t.kind === 'email_open')).toBe(true);
    expect(parts.map((p) => [p.part, p.kind])).toEqual([['list memberships', 'scope']]);
  });

  it('returns the touchpoints without list memberships when that call fails', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    platform.fault({ host: 'hubspot', path: /\/memberships$/, kind: 'server_error', status: 500 });
    const parts: UnavailablePart[] = [];
    const touchpoints = await connector.history(lead, { onUnavailable: (p) => parts.push(p) });
    expect(touchpoints.filter((t) => t.kind.startsWith('email_'))).toHaveLength(5);
    expect(touchpoints.some((t) => t.kind === 'form_submit')).toBe(true);
    expect(touchpoints.some((t) => t.kind === 'list_added')).toBe(false);
    expect(parts).toEqual([
      { part: 'list memberships', kind: 'server', message: expect.stringContaining('(500)') },
    ]);
    // Without a listener the part is left out all the same: one failed call never costs the lead.
    await expect(connector.history(lead)).resolves.toHaveLength(touchpoints.length);
  });

  it('names lists from the documented path (no trailing slash), and keeps list ids when names fail', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.history(lead);
    const [names] = platform
      .requestsTo('hubspot', '/crm/v3/lists', 'GET')
      .filter((r) => !r.path.includes('records'));
    expect(names?.path).toBe('/crm/v3/lists');
    expect(names?.query.getAll('listIds')).toHaveLength(1);

    platform.fault({ host: 'hubspot', path: /^\/crm\/v3\/lists\/?$/, kind: 'server_error', status: 502 });
    const parts: string[] = [];
    const touchpoints = await connector.history(lead, { onUnavailable: (p) => parts.push(p.part) });
    expect(touchpoints.find((t) => t.kind === 'list_added')?.title).toMatch(/^Added to list “List \d+”$/);
    expect(parts).toEqual(['list names']);
  });

  it('the fake does not route the lists call with a trailing slash, so a regression shows', async () => {
    const platform = createFakePlatform();
    const response = await asFetch(platform)('https://api.hubapi.com/crm/v3/lists/?listIds=1', {
      headers: { Authorization: `Bearer ${platform.config.hubspot.token}` },
    });
    expect(response.status).toBe(404);
  });
});

describe('HubSpot writeOutcome', () => {
  it('adds one note on the contact and updates the mapped status and outcome property', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    const receipt = await connector.writeOutcome(lead, outcome);
    const stored = platform.lead(SEED_EMAILS.mql)!;

    expect(platform.writes.hubspot.notes).toHaveLength(1);
    const note = platform.writes.hubspot.notes[0]!;
    expect(note.contactIds).toEqual([stored.hubspotId]);
    expect(note.properties.hs_timestamp).toBe(outcome.createdAt);
    expect(note.properties.hs_note_body).toContain(outcome.id);
    expect(note.properties.hs_note_body).toContain('Loopline outcome: Meeting booked');
    expect(note.properties.hs_note_body).toContain('Brand Search (1), Q1 Automation Webinar (4)');
    expect(platform.writes.hubspot.contactUpdates).toEqual([
      {
        contactId: stored.hubspotId,
        properties: { hs_lead_status: 'CONNECTED', loopline_outcome: 'meeting_booked' },
      },
    ]);
    expect(receipt.receipt).toMatch(
      /^HubSpot note \d+; contact \d+: hs_lead_status, loopline_outcome updated$/,
    );
    expect(receipt.alreadyDone).toBeUndefined();
  });

  it('writes amount, reason and the note text escaped', async () => {
    const outcome = makeOutcome({
      leadEmail: 'a@b.co',
      target: 'hubspot',
      kind: 'won',
      label: 'Won',
      amount: 12000,
      currency: 'USD',
      note: '<script>alert(1)</script> & more',
    });
    const body = noteBody(outcome);
    expect(body).toContain('Amount: USD');
    expect(body).toContain('12,000.00');
    expect(body).not.toContain('<script>');
    expect(body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; more');
  });

  it('leaves the status alone when the outcome has no mapping', async () => {
    const { platform, connector } = setup({ outcomeProperty: '' });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    await connector.writeOutcome(
      lead,
      makeOutcome({ leadEmail: lead.email, target: 'hubspot', kind: 'no_response' }),
    );
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(0);
  });

  it('creates one note after a timeout that reached HubSpot, when retried with checkFirst', async () => {
    const { clock, platform, connector } = setup();
    // CRM search would not see the note for a minute yet: the check must not depend on it.
    platform.config.hubspot.searchIndexLagMs = 60_000;
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/notes',
      method: 'POST',
      kind: 'timeout_after_write',
      times: 1,
    });

    const first = rejection(connector.writeOutcome(lead, outcome));
    await clock.advance(10_000);
    const error = await first;
    expect(error.kind).toBe('timeout');
    expect(error.ambiguous).toBe(true);
    expect(platform.writes.hubspot.notes).toHaveLength(1);

    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.alreadyDone).toBe(true);
    expect(receipt.receipt).toContain(platform.writes.hubspot.notes[0]!.id);
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);

    // A third, duplicate delivery changes nothing more.
    await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/search')).toHaveLength(0);
  });

  it('finds the note at once when the connection broke after HubSpot stored it (no time passes)', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/notes',
      method: 'POST',
      kind: 'reset_after_write',
      times: 1,
    });
    const error = await rejection(connector.writeOutcome(lead, outcome));
    expect(error).toMatchObject({ kind: 'network', ambiguous: true });
    expect(platform.writes.hubspot.notes).toHaveLength(1);

    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt).toMatchObject({
      alreadyDone: true,
      receipt: expect.stringContaining(platform.writes.hubspot.notes[0]!.id),
    });
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);
    // Read through the contact's associations and the notes by id, not the lagging search index.
    const stored = platform.lead(SEED_EMAILS.mql)!;
    expect(
      platform.requestsTo('hubspot', `/crm/v4/objects/contacts/${stored.hubspotId}/associations/notes`),
    ).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/batch/read')).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/search')).toHaveLength(0);
  });

  it('finds the earlier note among hundreds on the contact, however old', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({
      leadEmail: lead.email,
      target: 'hubspot',
      createdAt: '2026-01-05T09:00:00.000Z',
    });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/notes',
      method: 'POST',
      kind: 'reset_after_write',
      times: 1,
    });
    await rejection(connector.writeOutcome(lead, outcome));
    // 650 later notes by colleagues: the earlier note is the oldest of 651.
    const contactId = platform.lead(SEED_EMAILS.mql)!.hubspotId;
    for (let i = 0; i < 650; i++) {
      const id = String(50_000_000_000 + platform.writes.hubspot.notes.length + 1);
      platform.writes.hubspot.notes.push({
        id,
        contactIds: [contactId],
        createdAt: '2026-02-01T09:00:00.000Z',
        properties: { hs_note_body: `<p>Call notes ${i}</p>`, hs_timestamp: '2026-02-01T09:00:00.000Z' },
      });
    }
    const before = platform.writes.hubspot.notes.length;
    const receipt = await connector.writeOutcome(lead, outcome, { checkFirst: true });
    expect(receipt.alreadyDone).toBe(true);
    expect(platform.writes.hubspot.notes).toHaveLength(before);
    expect(
      platform.writes.hubspot.notes.filter((n) => n.properties.hs_note_body!.includes(outcome.id)),
    ).toHaveLength(1);
    expect(platform.requestsTo('hubspot', '/crm/v4/objects/contacts/')).toHaveLength(2);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/notes/batch/read')).toHaveLength(7);
  });

  it('does not take the note of an outcome that corrects this one for this one’s note', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const original = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    const correction = makeOutcome({
      leadEmail: lead.email,
      target: 'hubspot',
      id: '7a2b3c4d-5e6f-4a70-8b81-92a3b4c5d6e7',
      supersedes: original.id,
    });
    await connector.writeOutcome(lead, correction);
    expect(platform.writes.hubspot.notes[0]!.properties.hs_note_body).toContain(original.id);
    const receipt = await connector.writeOutcome(lead, original, { checkFirst: true });
    expect(receipt.alreadyDone).toBeUndefined();
    expect(platform.writes.hubspot.notes).toHaveLength(2);
  });

  it('writes a stale outcome’s note but leaves the status a newer outcome set', async () => {
    const { platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const stored = platform.lead(SEED_EMAILS.mql)!;
    stored.hubspotProps.hs_lead_status = 'UNQUALIFIED';
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    const receipt = await connector.writeOutcome(lead, outcome, { skipStatus: true });
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.notes[0]!.properties.hs_note_body).toContain(outcome.id);
    expect(platform.writes.hubspot.contactUpdates).toEqual([]);
    expect(platform.requestsTo('hubspot', '/crm/v3/objects/contacts/', 'PATCH')).toHaveLength(0);
    expect(stored.hubspotProps.hs_lead_status).toBe('UNQUALIFIED');
    expect(receipt.receipt).toMatch(/^HubSpot note \d+; status left as a newer outcome set it$/);

    // Retried with both flags: still one note and no status write.
    expect(await connector.writeOutcome(lead, outcome, { skipStatus: true, checkFirst: true })).toMatchObject(
      {
        alreadyDone: true,
      },
    );
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toEqual([]);
  });

  it('reports a status update that fails after the note as ambiguous, so the retry does not add a note', async () => {
    const { clock, platform, connector } = setup();
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const outcome = makeOutcome({ leadEmail: lead.email, target: 'hubspot' });
    platform.fault({
      host: 'hubspot',
      path: '/crm/v3/objects/contacts/',
      method: 'PATCH',
      kind: 'rate_limit',
      times: 1,
    });
    const error = await rejection(connector.writeOutcome(lead, outcome));
    expect(error.kind).toBe('rate_limited');
    expect(error.ambiguous).toBe(true);
    // The 429 paused HubSpot's limiter for its 10 s window: nothing is sent before then.
    const retry = connector.writeOutcome(lead, outcome, { checkFirst: error.ambiguous });
    const sent = platform.requests.length;
    await clock.advance(9_000);
    expect(platform.requests.length).toBe(sent);
    await clock.advance(1_000);
    await retry;
    expect(platform.writes.hubspot.notes).toHaveLength(1);
    expect(platform.writes.hubspot.contactUpdates).toHaveLength(1);
  });

  it('says which property value HubSpot refused', async () => {
    const { platform, connector } = setup({ statusMapping: { meeting_booked: 'BOOKED' } });
    const lead = (await connector.lookup(SEED_EMAILS.mql))!;
    const error = await rejection(
      connector.writeOutcome(lead, makeOutcome({ leadEmail: lead.email, target: 'hubspot' })),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toContain('BOOKED was not one of the allowed options');
    expect(platform.writes.hubspot.notes).toHaveLength(1);
  });
});

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
      detail: 'Connected to HubSpot portal 4242424; contacts and email events are readable.',
      writeBack: { ready: true },
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
      writeBack: {
        ready: false,
        fix: 'platform',
        missing:
          'the private app lacks crm.objects.contacts.write (to add the outcome note and update the lead status)',
      },
    });
    expect(result.ok && result.detail).toMatch(
      /; outcomes cannot be written back: the private app lacks crm\.objects\.contacts\.write/,
    );
  });

  it('takes the legacy contacts scope for both', async () => {
    const { platform, connector } = setup();
    platform.config.hubspot.scopes.delete('crm.objects.contacts.write');
    platform.config.hubspot.scopes.add('contacts');
    expect(await connector.test()).toMatchObject({ ok: true, writeBack: { ready: true } });
  });

  it('leaves the scopes unverified when HubSpot gives no token info (not a private-app token)', async () => {
    const { platform, connector } = setup();
    platform.fault({ host: 'hubspot', path: '/oauth/v2/private-apps/', kind: 'status', status: 404 });
    const result = await connector.test();
    expect(result).toMatchObject({
      ok: true,
      writeBack: { ready: true, unverified: expect.stringContaining('scopes') },
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
      expect(result.kind).toBe(kind);
      expect(result.message).toMatch(message);
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

describe('hubspotWriteBackReadiness', () => {
  it('needs a token and nothing else', () => {
    const platform = createFakePlatform();
    expect(hubspotWriteBackReadiness(fakeHubSpotSettings(platform))).toEqual({ ready: true });
    expect(
      hubspotWriteBackReadiness(fakeHubSpotSettings(platform, { statusMapping: {}, outcomeProperty: '' })),
    ).toEqual({
      ready: true,
    });
    expect(hubspotWriteBackReadiness(fakeHubSpotSettings(platform, { token: '' }))).toEqual({
      ready: false,
      missing: 'no HubSpot private-app token is set',
      fix: 'sources',
    });
  });
});
