/**
 * The sparkline's data: the lead's own touches per local day. Days are calendar days in the
 * viewer's zone (or the one given), so "today" ends at local midnight, not UTC's.
 */
import type { Touchpoint } from '../model';
import { isHumanEngagement, timeOf } from './kinds';
import { withMachineFlags } from './machine';
import type { ActivitySeries } from './types';
import { addDays, isoDate, zoneCalendar } from './zone';

export function activitySeries(
  touchpoints: readonly Touchpoint[],
  now: Date,
  days = 90,
  timeZone?: string,
): ActivitySeries {
  const count = Math.max(0, Math.floor(days));
  if (count === 0) return [];
  const calendar = zoneCalendar(timeZone);
  const first = addDays(calendar.parts(now.getTime()), -(count - 1));
  // Day boundaries once, then a binary search per touch: formatting every touch's date would
  // dominate the cost for a long history.
  const dates = Array.from({ length: count + 1 }, (_, i) => addDays(first, i));
  const bounds = dates.map((date) => calendar.toInstant(date, 0));
  const series: ActivitySeries = dates.slice(0, count).map((date) => ({ day: isoDate(date), count: 0 }));

  for (const touchpoint of withMachineFlags(touchpoints)) {
    if (!isHumanEngagement(touchpoint)) continue;
    const at = timeOf(touchpoint);
    const day = dayIndex(bounds, at);
    const entry = day === undefined ? undefined : series[day];
    if (entry) entry.count++;
  }
  return series;
}

/** Index i with bounds[i] <= at < bounds[i + 1], or undefined outside the range. */
function dayIndex(bounds: number[], at: number): number | undefined {
  const start = bounds[0];
  const end = bounds[bounds.length - 1];
  if (!Number.isFinite(at) || start === undefined || end === undefined || at < start || at >= end)
    return undefined;
  let low = 0;
  let high = bounds.length - 1;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if ((bounds[mid] ?? Infinity) <= at) low = mid;
    else high = mid;
  }
  return low;
}
