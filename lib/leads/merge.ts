/** Merging what several sources say about one lead, each item keeping its source. */
import { SOURCE_PRIORITY } from '../connectors/registry';
import type { Lead, SourceId, Touchpoint } from '../model';

/** When two sources disagree on a field, the earlier one in the registry's priority wins. */
export { SOURCE_PRIORITY };

export function mergeLeads(email: string, leads: { source: SourceId; lead: Lead }[]): Lead | undefined {
  if (leads.length === 0) return undefined;
  const ordered = [...leads].sort(
    (a, b) => SOURCE_PRIORITY.indexOf(a.source) - SOURCE_PRIORITY.indexOf(b.source),
  );
  const merged: Lead = { email, refs: [] };
  for (const { lead } of ordered) {
    for (const [key, value] of Object.entries(lead) as [keyof Lead, unknown][]) {
      if (key === 'refs' || key === 'email' || value === undefined || value === '') continue;
      if (merged[key] === undefined) (merged as Record<string, unknown>)[key] = value;
    }
    merged.refs.push(...lead.refs);
  }
  // The earliest MQL date is when the clock started, whichever platform recorded it.
  const mqlDates = ordered.map(({ lead }) => lead.mqlAt).filter((d): d is string => Boolean(d));
  if (mqlDates.length > 0) merged.mqlAt = mqlDates.sort()[0];
  return merged;
}

/** All touchpoints, newest first; the same id from the same source appears once. */
export function mergeTouchpoints(lists: Touchpoint[][]): Touchpoint[] {
  const seen = new Set<string>();
  const all: Touchpoint[] = [];
  for (const list of lists) {
    for (const touchpoint of list) {
      const key = `${touchpoint.source}:${touchpoint.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(touchpoint);
    }
  }
  return all.sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0));
}
