/**
 * The SLA part of the closed-loop report: compliance over the leads that became MQLs in the
 * range, every clock read by the one SLA rule (lib/insights/sla.ts).
 */
import type { Outcome, SourceId } from '../model';
import { parseIso } from '../insights/kinds';
import { slaStatus } from '../insights/sla';
import type { ReportInput, SlaReport } from './compute';

const NO_OUTCOMES: Outcome[] = [];

export function slaReport(
  input: ReportInput,
  sources: Set<SourceId> | undefined,
  from: number,
  to: number,
  now: number,
): SlaReport {
  // A lead's outcomes, whatever their source: the one SLA rule picks its first follow-up.
  const outcomesOf = new Map<string, Outcome[]>();
  for (const outcome of input.outcomes) {
    const list = outcomesOf.get(outcome.leadEmail);
    if (list) list.push(outcome);
    else outcomesOf.set(outcome.leadEmail, [outcome]);
  }

  const result: SlaReport = {
    mqls: 0,
    touched: 0,
    touchedWithinSla: 0,
    running: 0,
    compliance: null,
    medianMs: null,
    p90Ms: null,
    overdue: [],
  };
  const took: number[] = [];
  const nowDate = new Date(now);
  for (const lead of input.leads) {
    if (!lead.mqlAt) continue;
    if (sources && lead.refs.length > 0 && !lead.refs.some((ref) => sources.has(ref.source))) continue;
    const mqlAt = parseIso(lead.mqlAt);
    if (!(mqlAt >= from && mqlAt < to)) continue;
    const clock = slaStatus({
      lead,
      outcomes: outcomesOf.get(lead.email) ?? NO_OUTCOMES,
      now: nowDate,
      sla: input.sla,
    });
    // Past the clock's start stage: taken up by sales, no clock, as in the sidebar.
    if (clock.kind === 'none') continue;
    result.mqls++;
    if (clock.kind === 'stopped') {
      result.touched++;
      if (clock.withinSla) result.touchedWithinSla++;
      took.push(clock.tookMs);
    } else if (clock.kind === 'running') {
      result.running++;
    } else if (clock.kind === 'overdue') {
      result.overdue.push({
        email: lead.email,
        name: lead.name,
        mqlAt: lead.mqlAt,
        overdueMs: clock.overdueMs,
      });
    }
  }
  const ended = result.touched + result.overdue.length;
  result.compliance = ended > 0 ? result.touchedWithinSla / ended : null;
  took.sort((a, b) => a - b);
  result.medianMs = median(took);
  result.p90Ms = percentile(took, 0.9);
  result.overdue.sort((a, b) => b.overdueMs - a.overdueMs || a.email.localeCompare(b.email));
  return result;
}

/** Middle value; the mean of the two middle values for an even count. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Nearest rank: the smallest value with at least p of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? null;
}
