// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { Outcome } from '../model';
import { escapeHtml, historyStart, humanize, outcomePlainText, toIso } from './common';
import { msUntilMidnight, retryAfterMs } from './http';

const outcome = Outcome.parse({
  id: '0f8e7a52-3c1d-4e5b-9a70-6d2c4b8e1f30',
  leadEmail: 'ava@example.com',
  kind: 'won',
  label: 'Won',
  amount: 24000,
  currency: 'EUR',
  note: 'x'.repeat(3000),
  createdAt: '2026-03-02T10:15:00.000Z',
  target: 'hubspot',
  attribution: {
    firstTouch: 'c1',
    lastTouch: 'c2',
    touches: [
      { campaignId: 'c1', name: 'Brand Search', count: 1 },
      { campaignId: 'c2', name: 'Webinar', count: 3 },
    ],
  },
});

describe('toIso', () => {
  it.each([
    ['2026-03-02T10:00:00Z', '2026-03-02T10:00:00.000Z'],
    ['2026-03-02T10:00:00+0000'.replace('+0000', '+00:00'), '2026-03-02T10:00:00.000Z'],
    ['1772445600000', '2026-03-02T10:00:00.000Z'],
    [1772445600000, '2026-03-02T10:00:00.000Z'],
    ['2026-03-02', '2026-03-02T00:00:00.000Z'],
    ['', undefined],
    ['yesterday', undefined],
    [null, undefined],
  ])('%j → %j', (input, expected) => {
    expect(toIso(input)).toBe(expected);
  });
});

describe('outcomePlainText', () => {
  it('keeps the outcome id when the text must be shortened', () => {
    const text = outcomePlainText(outcome, 1000);
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text.endsWith(`Outcome id: ${outcome.id}`)).toBe(true);
  });

  it('names amount, campaigns and first/last touch', () => {
    const text = outcomePlainText({ ...outcome, note: 'Signed.' });
    expect(text).toContain('Amount: EUR');
    expect(text).toContain('24,000.00');
    expect(text).toContain('Campaigns: Brand Search (1), Webinar (3)');
    expect(text).toContain('First touch: Brand Search');
    expect(text).toContain('Last touch: Webinar');
  });
});

describe('small helpers', () => {
  it('escapes HTML', () => {
    expect(escapeHtml('<img src=x onerror="a">&\'')).toBe(
      '&#60;img src=x onerror=&#34;a&#34;&#62;&#38;&#39;',
    );
  });
  it('humanizes enum-like values', () => {
    expect(humanize('ORGANIC_SEARCH')).toBe('Organic search');
  });
  it('starts history at `since`, else the configured window', () => {
    const now = new Date('2026-03-02T00:00:00.000Z');
    expect(historyStart(now, undefined, 10).toISOString()).toBe('2026-02-20T00:00:00.000Z');
    expect(historyStart(now, new Date('2026-01-01T00:00:00.000Z'), 10).toISOString()).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-02T10:00:00.000Z');
  it.each([
    ['10', 10_000],
    ['1.5', 1_500],
    ['Mon, 02 Mar 2026 10:00:30 GMT', 30_000],
    ['soon', undefined],
  ])('Retry-After: %s', (value, expected) => {
    expect(retryAfterMs(new Headers({ 'retry-after': value }), now)).toBe(expected);
  });
  it('is undefined without the header', () => {
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe('msUntilMidnight', () => {
  it('counts to midnight UTC', () => {
    expect(msUntilMidnight(new Date('2026-03-02T23:00:00.000Z'))).toBe(3_600_000);
  });
  it('counts to midnight in a named zone (US Central, UTC-6 in March before DST)', () => {
    expect(msUntilMidnight(new Date('2026-03-02T05:00:00.000Z'), 'America/Chicago')).toBe(3_600_000);
  });
  it('falls back to UTC for an unknown zone', () => {
    expect(msUntilMidnight(new Date('2026-03-02T23:30:00.000Z'), 'Mars/Olympus')).toBe(1_800_000);
  });
});
