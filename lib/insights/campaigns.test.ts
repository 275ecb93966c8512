import { describe, expect, it } from 'vitest';
import type { Attribution, Touchpoint } from '../model';
import { attributionFor, byCampaign, creditShares } from './campaigns';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const DAY = 86_400_000;
const webinar = { id: 'c-web', name: 'Webinar', channel: 'webinar' as const };
const news = { id: 'c-news', name: 'Newsletter', channel: 'email' as const };
const search = { id: 'c-ads', name: 'Paid search', channel: 'paid_search' as const };
let seq = 0;

function tp(
  kind: Touchpoint['kind'],
  daysAgo: number,
  campaign?: Touchpoint['campaign'],
  extra: Partial<Touchpoint> = {},
): Touchpoint {
  return {
    id: `t${++seq}`,
    leadEmail: 'ada@northwind-example.com',
    occurredAt: new Date(NOW - daysAgo * DAY).toISOString(),
    kind,
    campaign,
    title: 'Subject',
    source: 'local',
    url: undefined,
    ...extra,
  };
}
const iso = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();

describe('byCampaign', () => {
  it('counts the lead’s own touches per campaign with first- and last-touch badges', () => {
    const rows = byCampaign([
      tp('email_sent', 40, news),
      tp('email_open', 39, news),
      tp('webinar_registered', 30, webinar),
      tp('webinar_attended', 20, webinar),
      tp('email_sent', 10, news),
      tp('email_click', 9, news),
      tp('page_view', 5), // no campaign: not in the table
      tp('ad_click', 2, search),
    ]);
    expect(rows).toEqual([
      {
        campaignId: 'c-ads',
        name: 'Paid search',
        channel: 'paid_search',
        touches: 1,
        sent: 0,
        firstAt: iso(2),
        lastAt: iso(2),
        isFirstTouch: false,
        isLastTouch: true,
      },
      {
        campaignId: 'c-news',
        name: 'Newsletter',
        channel: 'email',
        touches: 2,
        sent: 2,
        firstAt: iso(39),
        lastAt: iso(9),
        isFirstTouch: true,
        isLastTouch: false,
      },
      {
        campaignId: 'c-web',
        name: 'Webinar',
        channel: 'webinar',
        touches: 2,
        sent: 0,
        firstAt: iso(30),
        lastAt: iso(20),
        isFirstTouch: false,
        isLastTouch: false,
      },
    ]);
  });

  it('leaves machine touches out and never gives a send the first-touch badge', () => {
    const sent = tp('email_sent', 10, news);
    const scannerOpen = {
      ...tp('email_open', 0, news),
      occurredAt: new Date(Date.parse(sent.occurredAt) + 2000).toISOString(),
    };
    const rows = byCampaign([
      sent,
      scannerOpen,
      tp('email_click', 1, webinar, { machine: true }),
      tp('email_open', 3, webinar),
    ]);
    expect(rows.map((r) => [r.campaignId, r.touches, r.sent, r.isFirstTouch, r.isLastTouch])).toEqual([
      ['c-web', 1, 0, true, true],
      ['c-news', 0, 1, false, false],
    ]);
    expect(rows[1]?.firstAt).toBe(iso(10));
  });

  it('uses the newest name of a renamed campaign', () => {
    const rows = byCampaign([
      tp('email_open', 9, news),
      tp('email_open', 1, { ...news, name: 'Newsletter (renamed)' }),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['Newsletter (renamed)']);
  });
});

describe('attributionFor', () => {
  const history = [
    tp('email_open', 100, news), // outside a 90-day window
    tp('webinar_attended', 60, webinar),
    tp('email_sent', 50, search), // a send is not a touch
    tp('email_open', 40, news),
    tp('email_click', 40, news),
    tp('ad_click', 10, search, { machine: true }),
    tp('ad_click', 1, search), // after the outcome
  ];

  it('lists the campaigns touched in the window before the outcome, in order of first touch', () => {
    expect(attributionFor(history, new Date(NOW - 5 * DAY), 90)).toEqual({
      firstTouch: 'c-web',
      lastTouch: 'c-news',
      touches: [
        { campaignId: 'c-web', name: 'Webinar', count: 1 },
        { campaignId: 'c-news', name: 'Newsletter', count: 2 },
      ],
    });
  });

  it('includes a touch at the very moment of the outcome', () => {
    expect(attributionFor(history, new Date(NOW - DAY), 7).touches).toEqual([
      { campaignId: 'c-ads', name: 'Paid search', count: 1 },
    ]);
  });

  it('is empty when nothing touched the lead in the window', () => {
    expect(attributionFor(history, new Date(NOW - 200 * DAY), 30)).toEqual({ touches: [] });
  });
});

describe('creditShares', () => {
  const attribution: Attribution = {
    firstTouch: 'a',
    lastTouch: 'b',
    touches: [
      { campaignId: 'a', name: 'A', count: 3 },
      { campaignId: 'b', name: 'B', count: 1 },
    ],
  };
  it.each<[string, Attribution, 'first' | 'last' | 'linear', [string, number][]]>([
    ['first touch', attribution, 'first', [['a', 1]]],
    ['last touch', attribution, 'last', [['b', 1]]],
    [
      'linear by touches',
      attribution,
      'linear',
      [
        ['a', 0.75],
        ['b', 0.25],
      ],
    ],
    ['nothing to credit', { touches: [] }, 'linear', []],
    ['nothing to credit (first)', { touches: [] }, 'first', []],
  ])('%s', (_name, input, model, expected) => {
    expect([...creditShares(input, model)]).toEqual(expected);
  });
});
