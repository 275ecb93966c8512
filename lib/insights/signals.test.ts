import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../model';
import { computeSignals } from './signals';

const NOW = new Date('2026-03-10T12:00:00Z');
const DAY = 86_400_000;
let seq = 0;

function tp(kind: Touchpoint['kind'], daysAgo: number, extra: Partial<Touchpoint> = {}): Touchpoint {
  return {
    id: `t${++seq}`,
    leadEmail: 'ada@northwind-example.com',
    occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
    kind,
    title: '',
    source: 'local',
    url: undefined,
    ...extra,
  };
}
const page = (path: string, daysAgo: number, extra: Partial<Touchpoint> = {}) =>
  tp('page_view', daysAgo, { url: `https://www.tidemark.example${path}`, ...extra });
/** Signal texts with the bidi isolates around quoted titles taken out, for readable tables. */
const plain = (text: string | undefined) => text?.replace(/[\u2068\u2069]/g, '');
const texts = (touchpoints: Touchpoint[], colleagues = 0) =>
  computeSignals(touchpoints, { now: NOW, colleagues }).map((s) => [plain(s.text), s.strength]);

describe('computeSignals', () => {
  it.each<[string, Touchpoint[], number, [string, string][]]>([
    ['nothing', [], 0, []],
    [
      'pricing three times this week',
      [page('/pricing', 1), page('/pricing/enterprise', 3), page('/pricing', 6), page('/pricing', 9)],
      0,
      [['Visited pricing 3× this week', 'high']],
    ],
    [
      'pricing twice',
      [page('/pricing', 1), page('/pricing', 2)],
      0,
      [['Visited pricing 2× this week', 'medium']],
    ],
    ['pricing once', [page('/pricing', 1)], 0, [['Visited pricing this week', 'low']]],
    ['a blog post about prices is not pricing', [page('/blog/how-we-price', 1)], 0, []],
    [
      'demo pages',
      [page('/demo', 1), page('/free-trial', 2)],
      0,
      [['Viewed demo or trial pages 2× this week', 'medium']],
    ],
    [
      'a demo request two days ago',
      [tp('form_submit', 2, { title: 'Request a demo' })],
      0,
      [['Submitted “Request a demo” 2 days ago', 'high']],
    ],
    [
      'a newsletter sign-up is not high intent',
      [tp('form_submit', 2, { title: 'Newsletter sign-up' })],
      0,
      [],
    ],
    ['a demo request two months ago is history', [tp('form_submit', 60, { title: 'Request a demo' })], 0, []],
    [
      'webinar attended yesterday',
      [tp('webinar_attended', 1, { title: 'Closing the loop' })],
      0,
      [['Attended webinar “Closing the loop” yesterday', 'medium']],
    ],
    [
      // 6 touches this week; 8 in the 8 weeks before = 1 a week: 6×.
      'a surge against their own baseline',
      [
        ...[1, 2, 3, 4, 5, 6].map((d) => tp('email_open', d)),
        ...[10, 17, 24, 31, 38, 45, 52, 59].map((d) => tp('email_open', d)),
      ],
      0,
      [['6 touches this week, about 6× their usual 1 a week', 'high']],
    ],
    [
      // 6 this week vs 24 in 8 weeks = 3 a week: only 2×, not a surge.
      'busy as usual',
      [
        ...[1, 2, 3, 4, 5, 6].map((d) => tp('email_open', d)),
        ...Array.from({ length: 24 }, (_, i) => tp('email_open', 8 + i * 2)),
      ],
      0,
      [],
    ],
    [
      'back after a quiet month',
      [tp('email_open', 90), tp('email_open', 50), tp('email_open', 3), tp('email_click', 3)],
      0,
      [['Back after 47 quiet days', 'medium']],
    ],
    ['a new lead is not re-engaged', [tp('email_open', 3)], 0, []],
    ['two colleagues', [], 2, [['2 other people at their company engaged in the last 14 days', 'medium']]],
    ['one colleague', [], 1, [['1 other person at their company engaged in the last 14 days', 'low']]],
  ])('%s', (_name, touchpoints, colleagues, expected) => {
    expect(texts(touchpoints, colleagues)).toEqual(expected);
  });

  it('ignores machine activity, flagged or detected', () => {
    const campaign = { id: 'c', name: 'News', channel: 'email' as const };
    const sent = tp('email_sent', 2, { campaign });
    const sentAt = Date.parse(sent.occurredAt);
    const scanner = [1, 2, 3, 4, 5, 6].map((s) =>
      tp('email_click', 0, {
        campaign,
        url: `https://www.tidemark.example/link-${s}`,
        occurredAt: new Date(sentAt + s * 1000).toISOString(),
      }),
    );
    const flaggedPricing = [1, 2, 3].map((d) => page('/pricing', d, { machine: true }));
    expect(texts([sent, ...scanner, ...flaggedPricing])).toEqual([]);
  });

  it('names the touchpoints behind each signal and sorts by strength, then recency', () => {
    const pricing = [page('/pricing', 1), page('/pricing', 2)];
    const form = tp('form_submit', 5, { title: 'Contact sales' });
    const webinar = tp('webinar_attended', 4, { title: 'Pipeline live' });
    const signals = computeSignals([...pricing, form, webinar], { now: NOW, colleagues: 1 });
    expect(signals.map((s) => [s.id, s.touchpointIds])).toEqual([
      ['intent-form', [form.id]],
      ['pricing-pages', pricing.map((t) => t.id).reverse()],
      ['webinar-attended', [webinar.id]],
      ['colleagues', []],
    ]);
  });

  it('keeps long titles short', () => {
    const [signal] = computeSignals([tp('form_submit', 0, { title: `Contact us ${'x'.repeat(200)}` })], {
      now: NOW,
    });
    expect(signal?.text.length).toBeLessThan(100);
    expect(plain(signal?.text)).toMatch(/^Submitted “Contact us x+…” today$/);
  });
});

describe('quoted titles', () => {
  it('isolates a right-to-left title so it cannot reorder the sentence', () => {
    const now = new Date('2026-06-10T12:00:00.000Z');
    const signals = computeSignals(
      [
        {
          id: 'f1',
          leadEmail: 'a@b.co',
          occurredAt: '2026-06-10T10:00:00.000Z',
          kind: 'form_submit',
          title: '\u202eRequest a demo\u202c',
          url: 'https://www.tidemark.example/demo',
          source: 'local',
        },
      ],
      { now },
    );
    const text = signals.map((s) => s.text).join(' ');
    expect(text).toContain('\u2068Request a demo\u2069');
    expect(text).not.toMatch(/[\u202a-\u202e]/);
  });
});
