/**
 * The timeline's data work, kept out of the components: ordering, searching, filtering and
 * grouping a lead's whole history. Each step is one pass over the touchpoints, so 20,000 of
 * them stay cheap; only the page the user sees is grouped and rendered.
 */
import type { Touchpoint } from '../model';
import { parseIso } from '../insights/kinds';
import type { Formatter } from './format';
import { KIND_GROUPS, groupOfKind, type KindFilter, type KindGroupId } from './labels';

/**
 * Rows rendered when a lead opens: more than the sidebar shows without scrolling, few enough
 * that opening a thread costs the page little. "Show more" then adds `TIMELINE_PAGE` at a time.
 */
export const TIMELINE_FIRST_PAGE = 25;
export const TIMELINE_PAGE = 100;

/** Newest first; touchpoints whose time does not parse go last, in their original order. */
export function sortNewestFirst(touchpoints: readonly Touchpoint[]): Touchpoint[] {
  const count = touchpoints.length;
  const times = new Float64Array(count);
  // Histories mostly arrive in order already (newest or oldest first): check before sorting.
  let descending = true;
  let ascending = true;
  for (let i = 0; i < count; i++) {
    const time = parseIso(touchpoints[i]?.occurredAt ?? '');
    times[i] = Number.isFinite(time) ? time : -Infinity;
    if (i > 0) {
      const previous = times[i - 1] ?? 0;
      const current = times[i] ?? 0;
      if (current > previous) descending = false;
      if (current <= previous) ascending = false;
    }
  }
  if (descending) return touchpoints.slice();
  // Strictly ascending: reversed, nothing ties, so no order to keep.
  if (ascending) return touchpoints.slice().reverse();
  const order = Array.from({ length: count }, (_, index) => index);
  order.sort((a, b) => (times[b] ?? 0) - (times[a] ?? 0) || a - b);
  return order.map((index) => touchpoints[index]!);
}

/** Lower-cased text a search matches against, built once per lead rather than per keystroke. */
export function searchText(touchpoint: Touchpoint): string {
  return [touchpoint.title, touchpoint.detail, touchpoint.campaign?.name, touchpoint.url, touchpoint.kind]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n')
    .toLowerCase();
}

export interface TimelineFilter {
  group: KindFilter;
  query: string;
  /** Only these touchpoints (an active signal); null = no such restriction. */
  ids: ReadonlySet<string> | null;
  hideMachine: boolean;
}

export const NO_FILTER: TimelineFilter = { group: 'all', query: '', ids: null, hideMachine: false };

export function isFiltered(filter: TimelineFilter): boolean {
  return filter.group !== 'all' || filter.query.trim() !== '' || filter.ids !== null || filter.hideMachine;
}

/**
 * `texts[i]` must be `searchText(touchpoints[i])`. Every word of the query must appear
 * (in any order), which is what people expect from a search box.
 */
export function filterTimeline(
  touchpoints: readonly Touchpoint[],
  texts: readonly string[],
  filter: TimelineFilter,
): Touchpoint[] {
  if (!isFiltered(filter)) return touchpoints.slice();
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  const result: Touchpoint[] = [];
  for (let i = 0; i < touchpoints.length; i++) {
    const touchpoint = touchpoints[i];
    if (!touchpoint) continue;
    if (filter.ids && !filter.ids.has(touchpoint.id)) continue;
    if (filter.hideMachine && touchpoint.machine === true) continue;
    if (filter.group !== 'all' && groupOfKind(touchpoint.kind) !== filter.group) continue;
    if (words.length) {
      const text = texts[i] ?? '';
      if (!words.every((word) => text.includes(word))) continue;
    }
    result.push(touchpoint);
  }
  return result;
}

export function countByGroup(touchpoints: readonly Touchpoint[]): Record<KindGroupId, number> {
  const counts = Object.fromEntries(KIND_GROUPS.map((group) => [group.id, 0])) as Record<KindGroupId, number>;
  for (const touchpoint of touchpoints) counts[groupOfKind(touchpoint.kind)] += 1;
  return counts;
}

export interface DayGroup {
  key: string;
  label: string;
  items: Touchpoint[];
}

/** Consecutive touchpoints of one local day share a group; the input is already ordered. */
export function groupByDay(touchpoints: readonly Touchpoint[], format: Formatter, now: number): DayGroup[] {
  const groups: DayGroup[] = [];
  let current: DayGroup | undefined;
  for (const touchpoint of touchpoints) {
    const key = format.dayKey(touchpoint.occurredAt);
    if (!current || current.key !== key) {
      current = { key, label: format.dayLabel(touchpoint.occurredAt, now), items: [] };
      groups.push(current);
    }
    current.items.push(touchpoint);
  }
  return groups;
}
