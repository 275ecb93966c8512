/**
 * The report's time ranges as instants. Days are the team's days: midnight in the SLA's time
 * zone (the zone weekly buckets and SLA clocks use), so "last 7 days" is the same week for
 * everyone in the team whatever their browser's zone.
 */
import { addDays, isoDate, zoneCalendar, type LocalDate } from '../../lib/insights/zone';

export const RANGE_PRESETS = [
  { id: 'last7', label: 'Last 7 days' },
  { id: 'last30', label: 'Last 30 days' },
  { id: 'last90', label: 'Last 90 days' },
  { id: 'quarter', label: 'This quarter' },
  { id: 'lastQuarter', label: 'Last quarter' },
  { id: 'custom', label: 'Custom dates' },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];

export interface RangeChoice {
  preset: RangePreset;
  /** Custom range, both days included (YYYY-MM-DD, as `<input type="date">` gives them). */
  fromDay?: string;
  toDay?: string;
}

export type ResolvedRange =
  | {
      ok: true;
      from: Date;
      /** Exclusive: midnight after the last day. */
      to: Date;
      /** First and last day (inclusive), YYYY-MM-DD, for file names and the date inputs. */
      firstDay: string;
      lastDay: string;
    }
  | { ok: false; error: string };

const LAST_DAYS: Partial<Record<RangePreset, number>> = { last7: 7, last30: 30, last90: 90 };
/** weekly() in lib/report/compute stops at 1,000 weeks; a custom range stays well inside that. */
const MAX_DAYS = 3 * 366;

export function resolveRange(choice: RangeChoice, now: number, timeZone: string): ResolvedRange {
  const calendar = zoneCalendar(timeZone);
  const parts = calendar.parts(now);
  const today: LocalDate = { year: parts.year, month: parts.month, day: parts.day };
  const days = (first: LocalDate, afterLast: LocalDate): ResolvedRange => ({
    ok: true,
    from: new Date(calendar.toInstant(first, 0)),
    to: new Date(calendar.toInstant(afterLast, 0)),
    firstDay: isoDate(first),
    lastDay: isoDate(addDays(afterLast, -1)),
  });
  const quarterStart = (date: LocalDate): LocalDate => ({
    year: date.year,
    month: Math.floor((date.month - 1) / 3) * 3 + 1,
    day: 1,
  });

  const last = LAST_DAYS[choice.preset];
  if (last !== undefined) return days(addDays(today, -(last - 1)), addDays(today, 1));
  if (choice.preset === 'quarter') return days(quarterStart(today), addDays(today, 1));
  if (choice.preset === 'lastQuarter') {
    const start = quarterStart(today);
    const previous =
      start.month === 1 ? { year: start.year - 1, month: 10, day: 1 } : { ...start, month: start.month - 3 };
    return days(previous, start);
  }

  const from = parseDay(choice.fromDay);
  const to = parseDay(choice.toDay);
  if (!from || !to) return { ok: false, error: 'Enter a start and an end date.' };
  const span =
    (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000;
  if (span < 0) return { ok: false, error: 'The start date is after the end date.' };
  if (span >= MAX_DAYS) return { ok: false, error: 'Choose at most three years.' };
  return days(from, addDays(to, 1));
}

/** A real calendar day in YYYY-MM-DD, or undefined (2026-02-30 is not one). */
export function parseDay(value: string | undefined): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return check.getUTCFullYear() === date.year &&
    check.getUTCMonth() + 1 === date.month &&
    check.getUTCDate() === date.day
    ? date
    : undefined;
}
