/**
 * The weekly part of the closed-loop report: effective outcomes per week and kind.
 */
import type { Outcome } from '../model';
import { addDays, isoDate, zoneCalendar } from '../insights/zone';
import { lowerBound } from './compute-funnel';
import type { WeekRow } from './compute';

const MAX_WEEKS = 1_000;

/** Outcomes per week (Monday start, in the team's zone), every week of the range present. */
export function weekly(
  effective: ArrayLike<number>,
  outcomes: readonly Outcome[],
  outcomeAt: Float64Array,
  kinds: string[],
  timeZone: string,
  from: number,
  to: number,
): WeekRow[] {
  if (!(to > from)) return [];
  const calendar = zoneCalendar(timeZone);
  const firstDay = calendar.parts(from);
  let monday = addDays(firstDay, -((firstDay.weekday + 6) % 7));
  const starts: number[] = [];
  const rows: WeekRow[] = [];
  const empty = () => Object.fromEntries(kinds.map((kind) => [kind, 0]));
  while (rows.length < MAX_WEEKS) {
    const start = calendar.toInstant(monday, 0);
    if (start >= to) break;
    starts.push(start);
    rows.push({ week: isoDate(monday), byKind: empty() });
    monday = addDays(monday, 7);
  }
  const startsArray = Float64Array.from(starts);
  for (let k = 0; k < effective.length; k++) {
    const i = effective[k] ?? 0;
    const outcome = outcomes[i];
    const row = rows[lowerBound(startsArray, (outcomeAt[i] ?? NaN) + 1) - 1];
    if (outcome && row) row.byKind[outcome.kind] = (row.byKind[outcome.kind] ?? 0) + 1;
  }
  return rows;
}
