/**
 * The weekly part of the closed-loop report: effective outcomes per week and kind.
 */
import { addDays, isoDate, zoneCalendar } from '../insights/zone';
import { lowerBound, type OutcomeTable } from './compute-funnel';
import type { WeekRow } from './compute';

const MAX_WEEKS = 1_000;

/** Outcomes per week (Monday start, in the team's zone), every week of the range present. */
export function weekly(
  effective: ArrayLike<number>,
  table: Pick<OutcomeTable, 'at' | 'kind' | 'kinds'>,
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
  // In time order: a kind not configured gets its key in the order it first turns up.
  for (let k = 0; k < effective.length; k++) {
    const i = effective[k] ?? 0;
    const kind = table.kinds[table.kind[i] ?? 0] ?? '';
    const row = rows[lowerBound(startsArray, (table.at[i] ?? NaN) + 1) - 1];
    if (row) row.byKind[kind] = (row.byKind[kind] ?? 0) + 1;
  }
  return rows;
}
