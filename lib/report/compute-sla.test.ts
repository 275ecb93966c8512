/**
 * The report reads its clocks with clockOf, slaClock's arithmetic in numbers: it must give the
 * verdict and the durations slaClock gives, under wall-clock and business-hours rules alike.
 */
import { describe, expect, it } from 'vitest';
import { slaClock, type SlaRule } from '../insights/sla';
import { createRng } from '../sample/prng';
import { clockOf } from './compute-sla';
import { sla } from './compute-test-data';

const HOUR = 3_600_000;

const RULES: SlaRule[] = [
  // 24 hours around the clock, in UTC.
  sla,
  {
    hours: 4,
    businessHoursOnly: true,
    businessDays: [1, 2, 3, 4, 5],
    dayStartHour: 9,
    dayEndHour: 17,
    timeZone: 'Europe/Berlin',
  },
  {
    hours: 10,
    businessHoursOnly: true,
    businessDays: [0, 6],
    dayStartHour: 0,
    dayEndHour: 24,
    timeZone: 'America/New_York',
  },
  // No business time at all: slaClock falls back to wall-clock hours.
  { hours: 8, businessHoursOnly: true, businessDays: [], dayStartHour: 9, dayEndHour: 17, timeZone: 'UTC' },
  {
    hours: 0.5,
    businessHoursOnly: true,
    businessDays: [2],
    dayStartHour: 17,
    dayEndHour: 9,
    timeZone: 'Asia/Kolkata',
  },
];

describe('clockOf', () => {
  it('agrees with slaClock on random clocks', () => {
    const rng = createRng(3);
    const base = Date.parse('2026-03-01T00:00:00Z');
    for (let i = 0; i < 2_000; i++) {
      const sla = rng.pick(RULES);
      const start = base + rng.int(0, 60 * 24) * HOUR + rng.int(0, 59) * 60_000;
      // Touched before the start (clock skew), soon after, much later, or not at all.
      const touch = rng.chance(0.3) ? undefined : start + rng.int(-1, 200) * rng.pick([60_000, HOUR]);
      const now = start + rng.int(0, 400) * HOUR;
      const expected = slaClock({
        mqlAt: new Date(start).toISOString(),
        firstTouchAt: touch === undefined ? undefined : new Date(touch),
        now: new Date(now),
        sla,
      });
      const got = clockOf(start, touch, now, sla);
      const read =
        expected.kind === 'stopped'
          ? { kind: 'stopped', withinSla: expected.withinSla, tookMs: expected.tookMs }
          : expected.kind === 'overdue'
            ? { kind: 'overdue', overdueMs: expected.overdueMs }
            : { kind: expected.kind };
      expect({ i, clock: got }).toEqual({ i, clock: read });
    }
  });
});
