import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../model';
import { activitySeries } from './activity';

let seq = 0;
function tp(
  occurredAt: string,
  kind: Touchpoint['kind'] = 'page_view',
  extra: Partial<Touchpoint> = {},
): Touchpoint {
  return {
    id: `t${++seq}`,
    leadEmail: 'ada@northwind-example.com',
    occurredAt,
    kind,
    title: '',
    source: 'local',
    url: undefined,
    ...extra,
  };
}

describe('activitySeries', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('has one entry per day, oldest first, ending today', () => {
    const series = activitySeries([], now, 90, 'UTC');
    expect(series).toHaveLength(90);
    expect(series[0]).toEqual({ day: '2025-12-11', count: 0 });
    expect(series[89]).toEqual({ day: '2026-03-10', count: 0 });
  });

  it('counts the lead’s own touches per day, not sends or machine activity', () => {
    const series = activitySeries(
      [
        tp('2026-03-10T01:00:00Z'),
        tp('2026-03-10T11:00:00Z', 'email_open'),
        tp('2026-03-10T11:30:00Z', 'email_sent'),
        tp('2026-03-09T23:59:59Z', 'email_click'),
        tp('2026-03-08T10:00:00Z', 'email_open', { machine: true }),
        tp('2026-03-06T23:00:00Z'), // outside a 3-day series
        tp('2026-03-11T01:00:00Z'), // tomorrow (clock skew)
      ],
      now,
      3,
      'UTC',
    );
    expect(series).toEqual([
      { day: '2026-03-08', count: 0 },
      { day: '2026-03-09', count: 1 },
      { day: '2026-03-10', count: 2 },
    ]);
  });

  it('splits days at local midnight in the given zone', () => {
    // 2026-03-10T03:00Z is still 9 March in Los Angeles (UTC-7 after the DST change on the 8th).
    const series = activitySeries(
      [tp('2026-03-10T03:00:00Z'), tp('2026-03-10T08:00:00Z')],
      now,
      2,
      'America/Los_Angeles',
    );
    expect(series).toEqual([
      { day: '2026-03-09', count: 1 },
      { day: '2026-03-10', count: 1 },
    ]);
  });

  it('is empty for zero days', () => {
    expect(activitySeries([tp('2026-03-10T01:00:00Z')], now, 0, 'UTC')).toEqual([]);
  });
});
