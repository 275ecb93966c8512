/**
 * The follow-up clock: time from the moment a lead became an MQL to sales' first follow-up,
 * against the team's SLA. With `businessHoursOnly` the SLA counts only the business days and hours
 * of its time zone, and every duration reported (remaining, overdue, took) is measured on that
 * clock: "3 h left" means three business hours, which is what the SLA promises. `dueAt` is the real
 * instant, for "due Monday 11:00".
 *
 * The one rule, read the same way by the sidebar's clock, the background's follow-up list and
 * badge, and the report's SLA compliance (all three call `slaStatus`):
 * - The clock starts at the lead's MQL date (`mqlAt`). No MQL date, no clock. A lead whose
 *   lifecycle stage is already past the clock's start stage (an SQL, an opportunity, a customer)
 *   was taken up by sales: no clock, whatever dates its record carries (`clockStartFor`).
 * - The first follow-up is the earliest outcome recorded for the lead, of any kind and even if a
 *   later outcome corrected it (the salesperson did act then), at or after the start less
 *   `FOLLOW_UP_SKEW_MS` (clock skew between the platform and this machine). An undone or discarded
 *   outcome never happened and does not count. Outcomes from well before a re-MQL do not stop the
 *   new clock. A follow-up inside the slack counts as answering at once (took 0).
 * - It is met when the first follow-up is at or before `dueAt` (start plus the SLA's hours on its
 *   clock), missed when later; without one, the clock runs until `dueAt` and is overdue after.
 *   `slaState` names these, with "due soon" once `DUE_SOON_AT` of the SLA is used up.
 */
import { parseIso } from './kinds';
import type { ClockState } from './types';
import { isWithdrawn, type DeliveryState } from '../model';
import {
  addDays,
  dateOfDayNumber,
  dayNumber,
  weekdayOf,
  zoneCalendar,
  type LocalDate,
  type ZoneCalendar,
} from './zone';

const HOUR_MS = 3_600_000;
/** Stops a loop over days when the rule leaves (almost) no business time; ~30 years. */
const MAX_DAYS = 11_000;

export interface SlaRule {
  hours: number;
  businessHoursOnly: boolean;
  /** 0 = Sunday … 6 = Saturday. */
  businessDays: number[];
  dayStartHour: number;
  /** Exclusive; 24 = midnight at the end of the day. */
  dayEndHour: number;
  /** IANA zone; '' = the browser's. */
  timeZone: string;
}

export interface SlaClockInput {
  mqlAt?: string | Date;
  /** Sales' first touch after the MQL date (the first outcome recorded). */
  firstTouchAt?: string | Date;
  now: Date;
  sla: SlaRule;
}

export function slaClock({ mqlAt, firstTouchAt, now, sla }: SlaClockInput): ClockState {
  const start = toMs(mqlAt);
  if (start === undefined) return { kind: 'none' };
  const current = now.getTime();
  const clock = clockAt(start, toMs(firstTouchAt), current, sla);
  const startedAt = new Date(start).toISOString();
  const dueAt = new Date(clock.due).toISOString();
  if (clock.kind === 'stopped') {
    const { withinSla, tookMs } = clock;
    return {
      kind: 'stopped',
      startedAt,
      dueAt,
      touchedAt: new Date(clock.touchedAt).toISOString(),
      withinSla,
      tookMs,
    };
  }
  if (clock.kind === 'overdue') return { kind: 'overdue', startedAt, dueAt, overdueMs: clock.overdueMs };
  const budget = sla.hours * HOUR_MS;
  const elapsed = elapsedMs(start, current, sla);
  return {
    kind: 'running',
    startedAt,
    dueAt,
    remainingMs: Math.max(0, budget - elapsed),
    fraction: Math.min(1, Math.max(0, elapsed / budget)),
  };
}

/** A clock's verdict in numbers (epoch ms and durations), as `clockAt` gives it. */
export type ClockVerdict =
  | { kind: 'stopped'; due: number; touchedAt: number; withinSla: boolean; tookMs: number }
  | { kind: 'running'; due: number }
  | { kind: 'overdue'; due: number; overdueMs: number };

/**
 * The clock that started at `start` (ms), first touched at `touch` (none yet: undefined), read at
 * `now`: slaClock's arithmetic without the text it formats for the sidebar, which the report,
 * reading thousands of clocks, does not show. A running clock's elapsed time is left to the
 * caller that shows it (business time costs a walk over days).
 */
export function clockAt(start: number, touch: number | undefined, now: number, sla: SlaRule): ClockVerdict {
  const due = addBusinessHours(new Date(start), sla.hours, sla).getTime();
  if (touch !== undefined) {
    // A touch recorded before the MQL date (clock skew, a re-MQL) answered it at once.
    const touchedAt = Math.max(touch, start);
    const withinSla = touchedAt <= due;
    return { kind: 'stopped', due, touchedAt, withinSla, tookMs: elapsedMs(start, touchedAt, sla) };
  }
  if (now < due) return { kind: 'running', due };
  return { kind: 'overdue', due, overdueMs: elapsedMs(due, now, sla) };
}

/** Time between two instants on the SLA's clock (business time when the rule says so). */
export function elapsedMs(from: number, to: number, sla: SlaRule): number {
  if (to <= from) return 0;
  return countsBusinessHours(sla) ? businessMsBetween(from, to, sla) : to - from;
}

/**
 * `start` plus `hours` on the SLA's clock. Starting outside business hours counts from the next
 * opening. A rule with no business time at all (no days, or a day that ends before it starts)
 * cannot be met, so it falls back to wall-clock hours rather than looping forever.
 */
export function addBusinessHours(start: Date, hours: number, sla: SlaRule): Date {
  const from = start.getTime();
  if (!countsBusinessHours(sla)) return new Date(from + hours * HOUR_MS);
  const calendar = zoneCalendar(sla.timeZone);
  let remaining = hours * HOUR_MS;
  let date: LocalDate = calendar.parts(from);
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1)) {
    const window = businessWindow(calendar, date, sla);
    if (!window) continue;
    const open = Math.max(from, window[0]);
    if (open >= window[1]) continue;
    const available = window[1] - open;
    if (remaining <= available) return new Date(open + remaining);
    remaining -= available;
  }
  return new Date(from + hours * HOUR_MS);
}

/** Business milliseconds between two instants under the rule's days, hours and zone. */
export function businessMsBetween(from: number, to: number, sla: SlaRule): number {
  if (to <= from) return 0;
  if (!countsBusinessHours(sla)) return to - from;
  const calendar = zoneCalendar(sla.timeZone);
  const first = dayNumber(calendar.parts(from));
  const last = dayNumber(calendar.parts(to));
  const overlap = (day: number) => {
    const window = businessWindow(calendar, dateOfDayNumber(day), sla);
    return window ? Math.max(0, Math.min(to, window[1]) - Math.max(from, window[0])) : 0;
  };
  if (first === last) return overlap(first);
  // Whole days in between come from a running total, so a months-old overdue lead costs the
  // same as a fresh one (the report reads thousands of clocks).
  const table = dayTable(calendar, sla);
  return overlap(first) + table.between(first + 1, last) + overlap(last);
}

interface DayTable {
  /** Business ms in the whole days from `first` up to, not including, `end`. */
  between(first: number, end: number): number;
}

const dayTables = new Map<string, DayTable>();

function dayTable(calendar: ZoneCalendar, sla: SlaRule): DayTable {
  const key = [
    calendar.timeZone,
    [...sla.businessDays].sort().join(','),
    sla.dayStartHour,
    sla.dayEndHour,
  ].join('|');
  let table = dayTables.get(key);
  if (!table) {
    table = createDayTable((day) => {
      const window = businessWindow(calendar, dateOfDayNumber(day), sla);
      return window ? window[1] - window[0] : 0;
    });
    dayTables.set(key, table);
  }
  return table;
}

function createDayTable(lengthOf: (day: number) => number): DayTable {
  let start = 0;
  /** totals[i] = business ms in days start … start + i − 1. */
  let totals: number[] = [];
  const cover = (day: number) => {
    if (totals.length === 0) {
      start = day;
      totals = [0];
    }
    if (day < start) {
      // Grow backwards: prepend the earlier days and shift every running total by them.
      const earlier = [0];
      for (let d = day; d < start; d++) earlier.push((earlier[earlier.length - 1] ?? 0) + lengthOf(d));
      const added = earlier.pop() ?? 0;
      totals = [...earlier, ...totals.map((total) => total + added)];
      start = day;
    }
    while (start + totals.length - 1 < day) {
      totals.push((totals[totals.length - 1] ?? 0) + lengthOf(start + totals.length - 1));
    }
  };
  return {
    between(first, end) {
      if (end <= first) return 0;
      // Both ends first: growing backwards shifts every total, so read only after.
      cover(first);
      cover(end);
      return (totals[end - start] ?? 0) - (totals[first - start] ?? 0);
    },
  };
}

function countsBusinessHours(sla: SlaRule): boolean {
  return sla.businessHoursOnly && sla.businessDays.length > 0 && sla.dayStartHour < sla.dayEndHour;
}

/** [open, close) of a local business day as instants, or undefined when the day is off. */
function businessWindow(calendar: ZoneCalendar, date: LocalDate, sla: SlaRule): [number, number] | undefined {
  if (!sla.businessDays.includes(weekdayOf(date))) return undefined;
  return [calendar.toInstant(date, sla.dayStartHour), calendar.toInstant(date, sla.dayEndHour)];
}

function toMs(value: string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  // parseIso reads the stored form (UTC, `Z`) without Date.parse, and hands it anything else.
  const ms = typeof value === 'string' ? parseIso(value) : value.getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** Lifecycle stages in funnel order, lower-cased without spaces (HubSpot's internal names). */
const STAGE_ORDER = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;

const STAGE_ALIASES: Record<string, string> = { mql: 'marketingqualifiedlead', sql: 'salesqualifiedlead' };

function stageRank(stage: string | undefined): number {
  if (!stage) return -1;
  const key = stage.toLowerCase().replace(/[\s_-]+/g, '');
  return STAGE_ORDER.indexOf((STAGE_ALIASES[key] ?? key) as (typeof STAGE_ORDER)[number]);
}

/**
 * When the follow-up clock starts for a lead, or undefined when none runs: a lead already moved
 * past the clock's stage (an SQL, an opportunity, a customer) was taken up by sales, whatever
 * dates its record still carries. Unknown stage names keep the clock: better a clock too many
 * than a missed follow-up.
 */
export function clockStartFor(
  lead: { mqlAt?: string; lifecycleStage?: string },
  startStage: string,
): string | undefined {
  if (!lead.mqlAt) return undefined;
  const current = stageRank(lead.lifecycleStage);
  const start = stageRank(startStage);
  if (current >= 0 && start >= 0 && current > start) return undefined;
  return lead.mqlAt;
}

/** A follow-up recorded this long before the MQL date still answers it (clock skew). */
export const FOLLOW_UP_SKEW_MS = 5 * 60_000;
/** The settings' default start stage, for callers whose rule does not name one. */
export const DEFAULT_START_STAGE = 'marketingqualifiedlead';
/** Share of the SLA used up from which a running clock is "due soon". */
export const DUE_SOON_AT = 0.75;

/** What of an outcome the rule reads. */
export interface FollowUpRecord {
  createdAt: string;
  delivery?: DeliveryState;
}

/** The first follow-up under the rule above, or undefined when there is none (or no clock). */
export function firstFollowUpAt(
  outcomes: readonly FollowUpRecord[],
  startedAt: string | undefined,
): string | undefined {
  const start = toMs(startedAt);
  if (start === undefined) return undefined;
  const since = start - FOLLOW_UP_SKEW_MS;
  let first: number | undefined;
  for (const outcome of outcomes) {
    if (outcome.delivery !== undefined && isWithdrawn(outcome.delivery)) continue;
    const at = toMs(outcome.createdAt);
    if (at !== undefined && at >= since && (first === undefined || at < first)) first = at;
  }
  return first === undefined ? undefined : new Date(first).toISOString();
}

export interface SlaStatusInput {
  lead: { mqlAt?: string; lifecycleStage?: string };
  /** The lead's outcomes (any order; withdrawn ones are skipped). */
  outcomes: readonly FollowUpRecord[];
  sla: SlaRule & { startStage?: string };
  now: Date;
}

/**
 * The lead's follow-up clock under the one rule. `clock` is the clock arithmetic, injectable so
 * the sidebar's state tests can keep their deterministic fake.
 */
export function slaStatus(
  { lead, outcomes, sla, now }: SlaStatusInput,
  clock: (input: { mqlAt?: string; firstTouchAt?: string; now: Date; sla: SlaRule }) => ClockState = slaClock,
): ClockState {
  const mqlAt = clockStartFor(lead, sla.startStage ?? DEFAULT_START_STAGE);
  if (!mqlAt) return { kind: 'none' };
  return clock({ mqlAt, firstTouchAt: firstFollowUpAt(outcomes, mqlAt), now, sla });
}

export type SlaState = 'none' | 'on_track' | 'due_soon' | 'overdue' | 'met' | 'missed';

/** The clock's state in the words the sidebar, the follow-up list and the report use. */
export function slaState(clock: ClockState, dueSoonAt = DUE_SOON_AT): SlaState {
  switch (clock.kind) {
    case 'none':
      return 'none';
    case 'running':
      return clock.fraction >= dueSoonAt ? 'due_soon' : 'on_track';
    case 'overdue':
      return 'overdue';
    case 'stopped':
      return clock.withinSla ? 'met' : 'missed';
  }
}
