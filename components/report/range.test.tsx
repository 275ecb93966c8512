// Pure functions; .tsx only because vitest picks up component-folder tests by that name.
import { describe, expect, it } from 'vitest';
import { parseDay, resolveRange, type RangeChoice } from './range';

const at = (iso: string) => Date.parse(iso);
const iso = (date: Date) => date.toISOString();

describe('resolveRange', () => {
  it.each<[string, RangeChoice, string, string, string, string, string]>([
    // name, choice, now, zone, from, to, first – last day
    [
      'last 7 days, UTC',
      { preset: 'last7' },
      '2026-03-15T10:00:00Z',
      'UTC',
      '2026-03-09T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
      '2026-03-09 2026-03-15',
    ],
    [
      'last 30 days',
      { preset: 'last30' },
      '2026-03-15T10:00:00Z',
      'UTC',
      '2026-02-14T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
      '2026-02-14 2026-03-15',
    ],
    [
      'last 90 days',
      { preset: 'last90' },
      '2026-03-15T10:00:00Z',
      'UTC',
      '2025-12-16T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
      '2025-12-16 2026-03-15',
    ],
    // 02:00 UTC on the 15th is still the 14th in New York (UTC−5 in winter … −4 after 03-08).
    [
      'last 7 days, New York',
      { preset: 'last7' },
      '2026-03-15T02:00:00Z',
      'America/New_York',
      '2026-03-08T05:00:00.000Z',
      '2026-03-15T04:00:00.000Z',
      '2026-03-08 2026-03-14',
    ],
    // Berlin moves to summer time on 2026-03-29: the last day is 23 hours long.
    [
      'across a DST change',
      { preset: 'last7' },
      '2026-03-29T12:00:00Z',
      'Europe/Berlin',
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-03-23 2026-03-29',
    ],
    [
      'this quarter, to date',
      { preset: 'quarter' },
      '2026-05-20T10:00:00Z',
      'UTC',
      '2026-04-01T00:00:00.000Z',
      '2026-05-21T00:00:00.000Z',
      '2026-04-01 2026-05-20',
    ],
    [
      'last quarter',
      { preset: 'lastQuarter' },
      '2026-05-20T10:00:00Z',
      'UTC',
      '2026-01-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
      '2026-01-01 2026-03-31',
    ],
    [
      'last quarter, in January',
      { preset: 'lastQuarter' },
      '2026-01-05T10:00:00Z',
      'UTC',
      '2025-10-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
      '2025-10-01 2025-12-31',
    ],
    [
      'custom days, both included',
      { preset: 'custom', fromDay: '2026-02-01', toDay: '2026-02-28' },
      '2026-05-20T10:00:00Z',
      'UTC',
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
      '2026-02-01 2026-02-28',
    ],
    [
      'one custom day',
      { preset: 'custom', fromDay: '2026-02-10', toDay: '2026-02-10' },
      '2026-05-20T10:00:00Z',
      'Asia/Tokyo',
      '2026-02-09T15:00:00.000Z',
      '2026-02-10T15:00:00.000Z',
      '2026-02-10 2026-02-10',
    ],
  ])('%s', (_name, choice, now, zone, from, to, days) => {
    const range = resolveRange(choice, at(now), zone);
    if (!range.ok) throw new Error(range.error);
    expect([iso(range.from), iso(range.to), `${range.firstDay} ${range.lastDay}`]).toEqual([from, to, days]);
  });

  it.each<[RangeChoice, string]>([
    [{ preset: 'custom' }, 'Enter a start and an end date.'],
    [{ preset: 'custom', fromDay: '2026-02-01' }, 'Enter a start and an end date.'],
    [{ preset: 'custom', fromDay: '2026-02-30', toDay: '2026-03-01' }, 'Enter a start and an end date.'],
    [
      { preset: 'custom', fromDay: '2026-03-02', toDay: '2026-03-01' },
      'The start date is after the end date.',
    ],
    [{ preset: 'custom', fromDay: '2020-01-01', toDay: '2026-03-01' }, 'Choose at most three years.'],
  ])('refuses %j', (choice, error) => {
    expect(resolveRange(choice, at('2026-05-20T10:00:00Z'), 'UTC')).toEqual({ ok: false, error });
  });
});

describe('parseDay', () => {
  it.each([
    ['2026-02-28', { year: 2026, month: 2, day: 28 }],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
    ['2026-02-29', undefined],
    ['2026-13-01', undefined],
    ['26-01-01', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j', (value, expected) => {
    expect(parseDay(value)).toEqual(expected);
  });
});
