import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../model';
import { engagementScore, recencyWeight } from './score';

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
const page = (path: string, daysAgo: number) =>
  tp('page_view', daysAgo, { url: `https://www.tidemark.example${path}` });

describe('recencyWeight', () => {
  it.each([
    [0, 1],
    [14, 0.5],
    [28, 0.25],
    [-3, 1],
  ])('%i days old weighs %d', (days, weight) => {
    expect(recencyWeight(NOW.getTime() - days * DAY, NOW.getTime())).toBeCloseTo(weight, 10);
  });
});

describe('engagementScore', () => {
  it.each<[string, Touchpoint[], number, 'cold' | 'warm' | 'hot']>([
    ['nothing', [], 0, 'cold'],
    // Sends are marketing's doing: 0 points.
    ['only sends', [tp('email_sent', 0), tp('email_sent', 1)], 0, 'cold'],
    // 1 point: 100 × (1 − e^(−1/25)) = 3.92 → 4.
    ['one open today', [tp('email_open', 0)], 4, 'cold'],
    // 0.5 point: 100 × (1 − e^(−0.5/25)) = 1.98 → 2.
    ['one open two weeks ago', [tp('email_open', 14)], 2, 'cold'],
    // 5 points: 100 × (1 − e^(−0.2)) = 18.1 → 18.
    ['a pricing visit today', [page('/pricing', 0)], 18, 'cold'],
    // 1 point: a docs page is an ordinary page.
    ['a docs visit today', [page('/docs/getting-started', 0)], 4, 'cold'],
    // Pricing 5 + 5 × 2^(−1/14) + 5 × 2^(−2/14) = 5 + 4.759 + 4.529 = 14.287; demo form 10; two
    // clicks 6 (links unknown, so not a scanner burst). 30.287: 100 × (1 − e^(−1.2115)) = 70.2 → 70.
    [
      'pricing visits, a demo request and clicks this week',
      [
        page('/pricing', 0),
        page('/pricing/enterprise', 1),
        page('/pricing', 2),
        tp('form_submit', 0, { title: 'Request a demo' }),
        tp('email_click', 0),
        tp('email_click', 0),
      ],
      70,
      'hot',
    ],
    // 8 (webinar) + 4 (download): 12 → 100 × (1 − e^(−0.48)) = 38.1 → 38.
    ['a webinar and a download today', [tp('webinar_attended', 0), tp('content_download', 0)], 38, 'warm'],
    // The same 12 points 28 days ago weigh a quarter: 3 → 11.3 → 11.
    ['the same a month ago', [tp('webinar_attended', 28), tp('content_download', 28)], 11, 'cold'],
  ])('%s', (_name, touchpoints, value, label) => {
    const score = engagementScore(touchpoints, NOW);
    expect(score.value).toBe(value);
    expect(score.label).toBe(label);
  });

  it('leaves out likely machine opens and clicks, and says so', () => {
    const campaign = { id: 'c1', name: 'News', channel: 'email' as const };
    const sent = tp('email_sent', 1, { campaign });
    const at = Date.parse(sent.occurredAt);
    const scanner = [
      sent,
      { ...tp('email_open', 0, { campaign }), occurredAt: new Date(at + 2000).toISOString() },
      {
        ...tp('email_click', 0, { campaign, url: 'https://www.tidemark.example/a' }),
        occurredAt: new Date(at + 3000).toISOString(),
      },
      tp('email_open', 0, { machine: true }),
    ];
    const score = engagementScore(scanner, NOW);
    expect(score.value).toBe(0);
    expect(score.machineDiscounted).toBe(3);
    expect(score.explanation).toContain('3 likely machine opens or clicks (mail scanners) left out.');
  });

  it('explains each part, biggest first', () => {
    const score = engagementScore([tp('email_open', 0), page('/pricing', 0), page('/pricing', 14)], NOW);
    // Pricing: 5 + 2.5 = 7.5; opens: 1. Total 8.5 → 100 × (1 − e^(−0.34)) = 28.8 → 29.
    expect(score.parts).toEqual([
      { kind: 'page_view', label: 'Pricing and demo page views', count: 2, points: 7.5 },
      { kind: 'email_open', label: 'Email opens', count: 1, points: 1 },
    ]);
    expect(score.explanation).toEqual([
      '29 of 100 (warm) from 8.5 points; a touch counts half as much after 14 days.',
      'Pricing and demo page views ×2: 7.5 points',
      'Email opens ×1: 1.0 points',
    ]);
  });

  it('ignores a touchpoint with an unreadable date instead of failing', () => {
    expect(engagementScore([{ ...tp('email_open', 0), occurredAt: 'garbage' }], NOW).value).toBe(0);
  });
});
