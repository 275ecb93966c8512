/**
 * The SLA part of the closed-loop report: compliance over the leads that became MQLs in the
 * range, every clock read by the one SLA rule (lib/insights/sla.ts): its start (clockStartFor),
 * its first follow-up (firstFollowUpAt's rule, here over the outcome times compute.ts parsed
 * once, grouped by lead in typed arrays) and its arithmetic (clockAt, slaClock's in numbers).
 */
import { isWithdrawn, type SourceId } from '../model';
import { parseIso } from '../insights/kinds';
import { DEFAULT_START_STAGE, FOLLOW_UP_SKEW_MS, clockAt, clockStartFor } from '../insights/sla';
import type { ReportInput, SlaReport } from './compute';
import { leadNumber, type OutcomeTable } from './compute-funnel';

export function slaReport(
  input: ReportInput,
  table: OutcomeTable,
  sources: Set<SourceId> | undefined,
  from: number,
  to: number,
  now: number,
): SlaReport {
  const followUps = followUpTimes(input, table);
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
  const startStage = input.sla.startStage ?? DEFAULT_START_STAGE;
  for (const lead of input.leads) {
    if (!lead.mqlAt) continue;
    if (sources && lead.refs.length > 0 && !lead.refs.some((ref) => sources.has(ref.source))) continue;
    const mqlAt = parseIso(lead.mqlAt);
    if (!(mqlAt >= from && mqlAt < to)) continue;
    // Past the clock's start stage: taken up by sales, no clock, as in the sidebar.
    // (clockStartFor gives the lead's own mqlAt, parsed above, or nothing.)
    if (clockStartFor(lead, startStage) === undefined) continue;
    // The first follow-up: the earliest outcome, of any kind and source, not undone or
    // discarded, from FOLLOW_UP_SKEW_MS before the start on (as firstFollowUpAt reads it).
    const n = leadNumber(table, lead.email);
    let first = Infinity;
    if (n !== undefined) {
      const since = mqlAt - FOLLOW_UP_SKEW_MS;
      const end = followUps.offsets[n + 1] ?? 0;
      for (let k = followUps.offsets[n] ?? 0; k < end; k++) {
        const at = followUps.at[k] ?? NaN;
        if (at >= since && at < first) first = at;
      }
    }
    const clock = clockAt(mqlAt, first === Infinity ? undefined : first, now, input.sla);
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

/**
 * The times of every lead's outcomes that can be a follow-up (not undone or discarded, a valid
 * time), whatever their source or date: lead n's are at[offsets[n], offsets[n + 1]), any order.
 */
export function followUpTimes(
  input: Pick<ReportInput, 'outcomes'>,
  table: OutcomeTable,
): { offsets: Int32Array; at: Float64Array } {
  const { outcomes } = input;
  const counts = new Int32Array(table.leadCount + 1);
  const counted = new Uint8Array(outcomes.length);
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i];
    if (!outcome || (outcome.delivery !== undefined && isWithdrawn(outcome.delivery))) continue;
    if (!Number.isFinite(table.at[i])) continue;
    counted[i] = 1;
    const n = table.lead[i] ?? 0;
    counts[n + 1] = (counts[n + 1] ?? 0) + 1;
  }
  const offsets = counts;
  for (let n = 0; n < table.leadCount; n++) offsets[n + 1] = (offsets[n + 1] ?? 0) + (offsets[n] ?? 0);
  const at = new Float64Array(offsets[table.leadCount] ?? 0);
  const next = offsets.slice(0, table.leadCount);
  for (let i = 0; i < outcomes.length; i++) {
    if (counted[i] !== 1) continue;
    const n = table.lead[i] ?? 0;
    const slot = next[n] ?? 0;
    next[n] = slot + 1;
    at[slot] = table.at[i] ?? NaN;
  }
  return { offsets, at };
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
