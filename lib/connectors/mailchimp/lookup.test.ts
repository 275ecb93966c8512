// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SEED_EMAILS, type FakeTouch } from '../../../test/fake-platform';
import { makeOutcome } from '../test-outcome';
import { DAY, setup } from './test-setup';

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
