// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { asFetch, SEED_EMAILS } from '../../../test/fake-platform';
import { fakeMarketoSettings } from '../../../test/fake-platform/settings';
import { type UnavailablePart } from '../types';
import { createMarketoConnector, HISTORY_TYPES, type MarketoToken } from '.';
import { DAY, setup } from './test-setup';

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
