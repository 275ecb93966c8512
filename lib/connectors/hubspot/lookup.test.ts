// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, createFakePlatform, SEED_EMAILS } from '../../../test/fake-platform';
import { type UnavailablePart } from '../types';
import { DAY, setup } from './test-setup';

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
