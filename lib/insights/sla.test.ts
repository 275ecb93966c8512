import { describe, expect, it } from 'vitest';
import {
  addBusinessHours,
  businessMsBetween,
  clockStartFor,
  firstFollowUpAt,
  slaClock,
  slaState,
  slaStatus,
  type SlaRule,
} from './sla';
import { defaultTimeZone, resolveTimeZone, zoneCalendar } from './zone';

const H = 3_600_000;
const ms = (iso: string) => Date.parse(iso);

const wallClock: SlaRule = {
  hours: 24,
  businessHoursOnly: false,
  businessDays: [1, 2, 3, 4, 5],
  dayStartHour: 9,
  dayEndHour: 17,
  timeZone: '',
};
const newYork: SlaRule = { ...wallClock, hours: 8, businessHoursOnly: true, timeZone: 'America/New_York' };

describe('zone calendar (machine runs in UTC; these zones are not)', () => {
  it.each([
    // [zone, local date, hour, expected instant]
    ['America/New_York', { year: 2026, month: 1, day: 16 }, 15, '2026-01-16T20:00:00.000Z'],
    ['America/New_York', { year: 2026, month: 7, day: 1 }, 9, '2026-07-01T13:00:00.000Z'],
    // Spring forward: 02:30 does not exist on 2026-03-08; it lands just after the gap (03:30 EDT).
    ['America/New_York', { year: 2026, month: 3, day: 8 }, 2, '2026-03-08T07:00:00.000Z'],
    // Fall back: 01:00 happens twice on 2026-11-01; the first (EDT) is chosen.
    ['America/New_York', { year: 2026, month: 11, day: 1 }, 1, '2026-11-01T05:00:00.000Z'],
    ['Pacific/Auckland', { year: 2026, month: 1, day: 26 }, 9, '2026-01-25T20:00:00.000Z'],
    // Hour 24 rolls into the next day's midnight.
    ['Europe/Berlin', { year: 2026, month: 3, day: 28 }, 24, '2026-03-28T23:00:00.000Z'],
  ])('%s %j %i:00 → %s', (zone, date, hour, expected) => {
    expect(new Date(zoneCalendar(zone).toInstant(date, hour)).toISOString()).toBe(expected);
  });

  it('reads local parts in the zone, not the machine', () => {
    const parts = zoneCalendar('Pacific/Auckland').parts(ms('2026-01-25T21:30:00Z'));
    expect(parts).toMatchObject({ year: 2026, month: 1, day: 26, hour: 10, minute: 30, weekday: 1 });
  });

  it('falls back to the browser zone for an unknown or empty zone', () => {
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBe(defaultTimeZone());
    expect(resolveTimeZone('')).toBe(defaultTimeZone());
    expect(resolveTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
  });
});

describe('addBusinessHours', () => {
  it.each<[string, string, number, SlaRule, string]>([
    ['wall clock ignores business hours', '2026-01-16T20:00:00Z', 24, wallClock, '2026-01-17T20:00:00.000Z'],
    // Fri 15:00 EST: 2 h on Friday, 6 h on Monday → Mon 15:00 EST.
    ['spans the weekend', '2026-01-16T20:00:00Z', 8, newYork, '2026-01-19T20:00:00.000Z'],
    // Same, but DST starts on Sunday 2026-03-08: Monday 15:00 is EDT (UTC-4).
    ['spans a DST change', '2026-03-06T20:00:00Z', 8, newYork, '2026-03-09T19:00:00.000Z'],
    // Saturday: counting starts at Monday 09:00.
    ['starts outside business hours', '2026-01-17T15:00:00Z', 2, newYork, '2026-01-19T16:00:00.000Z'],
    // Before opening on a weekday: counting starts at 09:00 the same day.
    ['starts before opening', '2026-01-20T11:00:00Z', 1, newYork, '2026-01-20T15:00:00.000Z'],
    // 24 business hours of 8-hour days = three full days: Mon, Tue, Wed → Wed 17:00.
    ['several days', '2026-01-19T14:00:00Z', 24, newYork, '2026-01-21T22:00:00.000Z'],
    // Friday 16:00 NZDT (Fri 03:00Z): 1 h Friday, 1 h Monday → Mon 10:00 NZDT, a UTC Sunday.
    [
      'zone a day ahead of UTC',
      '2026-01-23T03:00:00Z',
      2,
      { ...newYork, timeZone: 'Pacific/Auckland' },
      '2026-01-25T21:00:00.000Z',
    ],
    [
      'no business days falls back to wall clock',
      '2026-01-16T20:00:00Z',
      3,
      { ...newYork, businessDays: [] },
      '2026-01-16T23:00:00.000Z',
    ],
    [
      'a day ending before it starts falls back to wall clock',
      '2026-01-16T20:00:00Z',
      3,
      { ...newYork, dayStartHour: 17, dayEndHour: 9 },
      '2026-01-16T23:00:00.000Z',
    ],
  ])('%s', (_name, start, hours, rule, expected) => {
    expect(addBusinessHours(new Date(start), hours, rule).toISOString()).toBe(expected);
  });
});

describe('businessMsBetween', () => {
  const allDay: SlaRule = {
    ...newYork,
    businessDays: [0, 1, 2, 3, 4, 5, 6],
    dayStartHour: 0,
    dayEndHour: 24,
  };
  it.each<[string, string, string, SlaRule, number]>([
    // Berlin springs forward on 2026-03-29: that local day has 23 hours.
    [
      'a 23-hour day',
      '2026-03-28T23:00:00Z',
      '2026-03-29T22:00:00Z',
      { ...allDay, timeZone: 'Europe/Berlin' },
      23 * H,
    ],
    // ... and falls back on 2026-10-25: 25 hours.
    [
      'a 25-hour day',
      '2026-10-24T22:00:00Z',
      '2026-10-25T23:00:00Z',
      { ...allDay, timeZone: 'Europe/Berlin' },
      25 * H,
    ],
    // Fri 16:00 → Mon 10:00 EST: 1 h + 1 h.
    ['over a weekend', '2026-01-16T21:00:00Z', '2026-01-19T15:00:00Z', newYork, 2 * H],
    ['reversed range', '2026-01-19T15:00:00Z', '2026-01-16T21:00:00Z', newYork, 0],
    ['wall clock', '2026-01-16T21:00:00Z', '2026-01-19T15:00:00Z', wallClock, 66 * H],
  ])('%s', (_name, from, to, rule, expected) => {
    expect(businessMsBetween(ms(from), ms(to), rule)).toBe(expected);
  });

  it('counts long spans, in either order of asking', () => {
    // Twelve weeks of five 8-hour days, Mon 2026-01-05 09:00 EST → Mon 2026-03-30 09:00 EDT.
    expect(businessMsBetween(ms('2026-01-05T14:00:00Z'), ms('2026-03-30T13:00:00Z'), newYork)).toBe(480 * H);
    // An earlier span asked afterwards: 2025-12-01 (Mon) → 2025-12-29 (Mon) = 4 weeks.
    expect(businessMsBetween(ms('2025-12-01T14:00:00Z'), ms('2025-12-29T14:00:00Z'), newYork)).toBe(160 * H);
    // March 2026 in Berlin, every hour of every day: 31 × 24 − 1 (spring forward).
    expect(
      businessMsBetween(ms('2026-02-28T23:00:00Z'), ms('2026-03-31T22:00:00Z'), {
        ...allDay,
        timeZone: 'Europe/Berlin',
      }),
    ).toBe((31 * 24 - 1) * H);
  });

  it('agrees with addBusinessHours', () => {
    const start = ms('2026-03-05T17:30:00Z');
    const due = addBusinessHours(new Date(start), 13, newYork).getTime();
    expect(businessMsBetween(start, due, newYork)).toBe(13 * H);
  });
});

describe('slaClock', () => {
  const now = new Date('2026-01-20T15:00:00Z'); // Tue 10:00 EST

  it('has no clock without an MQL date, or with an unreadable one', () => {
    expect(slaClock({ now, sla: wallClock })).toEqual({ kind: 'none' });
    expect(slaClock({ mqlAt: 'yesterday', now, sla: wallClock })).toEqual({ kind: 'none' });
  });

  it.each<[string, Parameters<typeof slaClock>[0], ReturnType<typeof slaClock>]>([
    [
      'running on the wall clock',
      { mqlAt: '2026-01-20T09:00:00Z', now, sla: wallClock },
      {
        kind: 'running',
        startedAt: '2026-01-20T09:00:00.000Z',
        dueAt: '2026-01-21T09:00:00.000Z',
        remainingMs: 18 * H,
        fraction: 0.25,
      },
    ],
    [
      'overdue on the wall clock',
      { mqlAt: '2026-01-18T09:00:00Z', now, sla: wallClock },
      {
        kind: 'overdue',
        startedAt: '2026-01-18T09:00:00.000Z',
        dueAt: '2026-01-19T09:00:00.000Z',
        overdueMs: 30 * H,
      },
    ],
    [
      // Fri 16:00 EST; now Sat 12:00: 1 business hour gone, 7 left.
      'running in business hours over a weekend',
      { mqlAt: '2026-01-16T21:00:00Z', now: new Date('2026-01-17T17:00:00Z'), sla: newYork },
      {
        kind: 'running',
        startedAt: '2026-01-16T21:00:00.000Z',
        dueAt: '2026-01-19T21:00:00.000Z',
        remainingMs: 7 * H,
        fraction: 0.125,
      },
    ],
    [
      // Due Mon 15:00 EST; now Tue 10:00: Mon 15–17 plus Tue 9–10.
      'overdue in business hours',
      { mqlAt: '2026-01-16T20:00:00Z', now, sla: newYork },
      {
        kind: 'overdue',
        startedAt: '2026-01-16T20:00:00.000Z',
        dueAt: '2026-01-19T20:00:00.000Z',
        overdueMs: 3 * H,
      },
    ],
    [
      // Touched Mon 10:00 EST: Fri 15–17 plus Mon 9–10.
      'stopped within the SLA',
      { mqlAt: '2026-01-16T20:00:00Z', firstTouchAt: '2026-01-19T15:00:00Z', now, sla: newYork },
      {
        kind: 'stopped',
        startedAt: '2026-01-16T20:00:00.000Z',
        dueAt: '2026-01-19T20:00:00.000Z',
        touchedAt: '2026-01-19T15:00:00.000Z',
        withinSla: true,
        tookMs: 3 * H,
      },
    ],
    [
      'stopped late',
      { mqlAt: '2026-01-18T09:00:00Z', firstTouchAt: new Date('2026-01-19T10:00:00Z'), now, sla: wallClock },
      {
        kind: 'stopped',
        startedAt: '2026-01-18T09:00:00.000Z',
        dueAt: '2026-01-19T09:00:00.000Z',
        touchedAt: '2026-01-19T10:00:00.000Z',
        withinSla: false,
        tookMs: 25 * H,
      },
    ],
    [
      'a touch before the MQL date counts as immediate',
      { mqlAt: '2026-01-18T09:00:00Z', firstTouchAt: '2026-01-17T09:00:00Z', now, sla: wallClock },
      {
        kind: 'stopped',
        startedAt: '2026-01-18T09:00:00.000Z',
        dueAt: '2026-01-19T09:00:00.000Z',
        touchedAt: '2026-01-18T09:00:00.000Z',
        withinSla: true,
        tookMs: 0,
      },
    ],
    [
      'an MQL date in the future has used none of the budget',
      { mqlAt: '2026-01-20T16:00:00Z', now, sla: wallClock },
      {
        kind: 'running',
        startedAt: '2026-01-20T16:00:00.000Z',
        dueAt: '2026-01-21T16:00:00.000Z',
        remainingMs: 24 * H,
        fraction: 0,
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(slaClock(input)).toEqual(expected);
  });
});

describe('clockStartFor', () => {
  it.each([
    [
      { mqlAt: '2026-01-01T00:00:00.000Z', lifecycleStage: 'marketingqualifiedlead' },
      '2026-01-01T00:00:00.000Z',
    ],
    [{ mqlAt: '2026-01-01T00:00:00.000Z', lifecycleStage: 'MQL' }, '2026-01-01T00:00:00.000Z'],
    [{ mqlAt: '2026-01-01T00:00:00.000Z', lifecycleStage: 'salesqualifiedlead' }, undefined],
    [{ mqlAt: '2026-01-01T00:00:00.000Z', lifecycleStage: 'customer' }, undefined],
    [{ mqlAt: '2026-01-01T00:00:00.000Z', lifecycleStage: 'Nurture (custom)' }, '2026-01-01T00:00:00.000Z'],
    [{ mqlAt: '2026-01-01T00:00:00.000Z' }, '2026-01-01T00:00:00.000Z'],
    [{ lifecycleStage: 'marketingqualifiedlead' }, undefined],
  ])('%j → %s', (lead, expected) => {
    expect(clockStartFor(lead, 'marketingqualifiedlead')).toBe(expected);
  });
});

describe('the one rule: first follow-up and state', () => {
  const mqlAt = '2026-03-02T10:00:00.000Z';
  it.each([
    ['none', [], undefined],
    [
      'the earliest counting outcome',
      [{ createdAt: '2026-03-02T12:00:00Z' }, { createdAt: '2026-03-02T11:00:00Z' }],
      '2026-03-02T11:00:00.000Z',
    ],
    ['one within the five-minute slack', [{ createdAt: '2026-03-02T09:56:00Z' }], '2026-03-02T09:56:00.000Z'],
    ['not one from before the slack', [{ createdAt: '2026-03-02T09:54:00Z' }], undefined],
    [
      'not an undone or discarded one',
      [
        { createdAt: '2026-03-02T11:00:00Z', delivery: 'undone' as const },
        { createdAt: '2026-03-02T11:30:00Z', delivery: 'discarded' as const },
      ],
      undefined,
    ],
    [
      'a failed delivery (it still happened)',
      [{ createdAt: '2026-03-02T11:00:00Z', delivery: 'failed' as const }],
      '2026-03-02T11:00:00.000Z',
    ],
    ['not an unparsable date', [{ createdAt: 'soon' }], undefined],
  ])('takes %s', (_name, outcomes, expected) => {
    expect(firstFollowUpAt(outcomes, mqlAt)).toBe(expected);
  });

  it('names each state', () => {
    const now = new Date('2026-03-03T09:00:00Z');
    const at = (
      outcomes: { createdAt: string }[],
      lead: { mqlAt?: string; lifecycleStage?: string } = { mqlAt },
    ) => slaState(slaStatus({ lead, outcomes, sla: wallClock, now }));
    expect(at([], {})).toBe('none');
    expect(at([], { mqlAt, lifecycleStage: 'opportunity' })).toBe('none');
    expect(at([], { mqlAt: '2026-03-03T08:00:00Z' })).toBe('on_track');
    expect(at([])).toBe('due_soon');
    expect(at([], { mqlAt: '2026-03-01T08:00:00Z' })).toBe('overdue');
    expect(at([{ createdAt: '2026-03-02T09:58:00Z' }])).toBe('met');
    expect(at([{ createdAt: '2026-03-02T20:00:00Z' }], { mqlAt: '2026-03-01T08:00:00Z' })).toBe('missed');
  });
});
