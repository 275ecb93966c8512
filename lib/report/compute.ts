/**
 * The closed-loop report as one pure function over leads, touchpoints and outcomes.
 *
 * The rules, in one place:
 * - An outcome counts when it was recorded in [from, to) and no other outcome supersedes it (a
 *   chain A ← B ← C leaves only C). A correction counts at its own date. Delivery state does not
 *   matter: a meeting that could not be written back still happened.
 * - Funnel steps are per lead, not per outcome: a lead reaches "any outcome", "meeting", "SQL" and
 *   "won" if any of its effective outcomes in range has that stage or a later one (won implies
 *   SQL implies meeting). So "meeting booked" then "qualified" counts one meeting and one SQL, and
 *   the steps never shrink into each other — every conversion rate stays between 0 and 1. A later
 *   "lost" does not undo an earlier step; it shows up in the reasons.
 * - Credit for a step goes to the campaigns that touched the lead in the `windowDays` before the
 *   outcome that first reached the step; first / last touch give it all to one campaign, linear
 *   splits it by touches (see creditShares). Each lead gives at most 1 per step in total, so under
 *   linear the counts are fractional. Revenue is every effective won outcome's amount, credited
 *   the same way. Outcomes with no campaign touch in the window go to a "no campaign" row, so the
 *   table always adds up to the totals.
 * - A touch is the lead's own engagement in a campaign, machine-flagged activity excluded (run
 *   markMachineActivity before, as the store does on import). When a lead has no touchpoints at
 *   all (an outcome read back from a platform whose history is not here), the attribution recorded
 *   with the outcome is used instead.
 * - "Leads engaged" per campaign: distinct leads with a touch of that campaign in [from, to).
 * - SLA: leads whose MQL date is in [from, to) and whose clock runs under the one SLA rule of
 *   lib/insights/sla.ts (`slaStatus`, the rule the sidebar shows): no clock for a lead already past
 *   the start stage; the first follow-up is the earliest outcome of any kind, even a superseded
 *   one, that was not undone or discarded, from five minutes before the MQL date on, whenever it
 *   happened. Compliance is touched-in-time over the clocks that have ended (touched, or overdue);
 *   a clock still running is neither kept nor broken yet. Durations are on the SLA's clock.
 * - Source filter: touchpoints by their source, outcomes by their target, leads by their
 *   platform refs (a lead with no refs is kept, rather than silently dropped).
 *
 * Cost: touchpoints are indexed by lead once into flat typed arrays (O(n log n), a stable merge
 * sort per lead, no comparator calls); each outcome then reads only its own lead's touches in
 * the window by binary search and writes its credit into reused arrays, so the per-outcome work
 * allocates nothing. Outcomes are read once, in input order, into a table (time, lead and kind
 * as numbers), which the funnel, the weekly counts and the SLA part then index instead of the
 * objects: in time order the objects lie at random in memory. Every timestamp is parsed once.
 * At a million touchpoints most of the time goes to reading them (a Map lookup of the lead per
 * touchpoint, the timestamp), then to the tie order of outcomes (the collator check).
 * compute.reference.test.ts holds this to a plain implementation of the same rules, exactly.
 *
 * This file assembles the report; the parts are compute-funnel.ts (touch index, credits, campaign
 * counts), compute-sla.ts and compute-weekly.ts.
 */
import type { Channel, Lead, Outcome, SourceId, Touchpoint } from '../model';
import type { OutcomeType } from '../settings/schema';
import type { AttributionModel } from '../insights/campaigns';
import type { SlaRule } from '../insights/sla';
import {
  CampaignSums,
  Credits,
  STEP_OF,
  STEPS,
  engagedPerCampaign,
  indexTouchpoints,
  mainCurrency,
  ratesOf,
  readOutcomes,
  sortByTimeThenId,
  type Campaigns,
  type TouchIndex,
} from './compute-funnel';
import { slaReport } from './compute-sla';
import { weekly } from './compute-weekly';

export { median, percentile } from './compute-sla';

const DAY_MS = 86_400_000;
const DEFAULT_WINDOW_DAYS = 90;
/** A campaign id can never be empty (lib/model), so '' is free for "no campaign". */
export const NO_CAMPAIGN_ID = '';
export const NO_CAMPAIGN_NAME = 'No campaign touch';

export type { AttributionModel };

export interface ReportInput {
  leads: readonly Lead[];
  touchpoints: readonly Touchpoint[];
  outcomes: readonly Outcome[];
  outcomeTypes: readonly OutcomeType[];
  /** `startStage` as in the settings (the default stage when absent). */
  sla: SlaRule & { startStage?: string };
  range: { from: Date; to: Date };
  model: AttributionModel;
  sources?: readonly SourceId[];
  /** When the SLA clocks are read for the overdue list; pass the current time. Default: range.to. */
  now?: Date;
  /** Days before an outcome in which a campaign touch earns credit. Default 90. */
  windowDays?: number;
}

export interface ConversionRates {
  /** leadsWithOutcome / leadsEngaged */
  outcomeFromEngaged: number | null;
  /** meetings / leadsWithOutcome */
  meetingFromOutcome: number | null;
  /** sqls / meetings */
  sqlFromMeeting: number | null;
  /** won / sqls */
  wonFromSql: number | null;
}

export interface FunnelCounts {
  leadsEngaged: number;
  leadsWithOutcome: number;
  meetings: number;
  sqls: number;
  won: number;
  /** In the report's currency. */
  revenue: number;
  rates: ConversionRates;
}

export interface CampaignRow extends FunnelCounts {
  /** NO_CAMPAIGN_ID for outcomes no campaign touched. */
  campaignId: string;
  name: string;
  channel: Channel;
}

export interface OverdueLead {
  email: string;
  name?: string;
  mqlAt: string;
  overdueMs: number;
}

export interface SlaReport {
  mqls: number;
  touched: number;
  touchedWithinSla: number;
  /** Clocks still running: neither kept nor broken yet. */
  running: number;
  /** touchedWithinSla / (touched + overdue); null when no clock has ended. */
  compliance: number | null;
  /** Time to first touch of the touched MQLs. */
  medianMs: number | null;
  p90Ms: number | null;
  /** Untouched and past due, longest overdue first. */
  overdue: OverdueLead[];
}

export interface ReasonRow {
  campaignId: string;
  name: string;
  /** Outcome key, e.g. `not_a_fit`. */
  kind: string;
  label: string;
  /** As the salesperson wrote it (first spelling seen); '' when none was given. */
  reason: string;
  /** Credit under the model: whole numbers for first/last touch, shares under linear. */
  count: number;
}

export interface WeekRow {
  /** Monday of the week (YYYY-MM-DD) in the SLA's time zone. */
  week: string;
  /** Outcomes recorded that week by kind; every configured kind is present. */
  byKind: Record<string, number>;
}

export interface Report {
  model: AttributionModel;
  currency: string;
  campaigns: CampaignRow[];
  totals: FunnelCounts;
  sla: SlaReport;
  reasons: ReasonRow[];
  overTime: WeekRow[];
  /** Won amounts in other currencies, left out of `revenue` rather than added up wrongly. */
  otherCurrencies: Record<string, number>;
}

/**
 * The touch index depends on the touchpoints and the source filter only, not on the model, the
 * range or the outcomes: it is built once per touchpoints array (which the report treats as
 * immutable, as its type says) and filter, so that switching the model or the range recomputes
 * the credits alone. Each report gets its own copy of the campaign list, which outcomes with a
 * recorded attribution may extend.
 */
const touchIndexes = new WeakMap<
  readonly Touchpoint[],
  Map<string, { index: TouchIndex; campaigns: Campaigns }>
>();

function touchIndexFor(
  touchpoints: readonly Touchpoint[],
  sources: Set<SourceId> | undefined,
): { index: TouchIndex; campaigns: Campaigns } {
  const filter = sources ? [...sources].sort().join(',') : '*';
  let byFilter = touchIndexes.get(touchpoints);
  if (!byFilter) {
    byFilter = new Map();
    touchIndexes.set(touchpoints, byFilter);
  }
  let built = byFilter.get(filter);
  if (!built) {
    const campaigns: Campaigns = {
      ids: [NO_CAMPAIGN_ID],
      names: [NO_CAMPAIGN_NAME],
      channels: ['other'],
      index: new Map([[NO_CAMPAIGN_ID, 0]]),
    };
    built = { index: indexTouchpoints(touchpoints, sources, campaigns), campaigns };
    byFilter.set(filter, built);
  }
  const { campaigns } = built;
  return {
    index: built.index,
    campaigns: {
      ids: [...campaigns.ids],
      names: [...campaigns.names],
      channels: [...campaigns.channels],
      index: new Map(campaigns.index),
    },
  };
}

export function computeReport(input: ReportInput): Report {
  const { model, sla } = input;
  const from = input.range.from.getTime();
  const to = input.range.to.getTime();
  const now = (input.now ?? input.range.to).getTime();
  const windowMs = (input.windowDays ?? DEFAULT_WINDOW_DAYS) * DAY_MS;
  const sources = input.sources ? new Set<SourceId>(input.sources) : undefined;
  const stageOf = new Map(input.outcomeTypes.map((type) => [type.key, type.stage]));
  const labelOf = new Map(input.outcomeTypes.map((type) => [type.key, type.label]));

  const { index, campaigns } = touchIndexFor(input.touchpoints, sources);
  const { outcomes } = input;
  const table = readOutcomes(outcomes, index.leads);
  const outcomeAt = table.at;
  const leadOf = table.lead;

  // Indexes into input.outcomes of the effective outcomes, in time order.
  let effectiveCount = 0;
  const effectiveAll = new Int32Array(outcomes.length);
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i];
    const at = outcomeAt[i] ?? NaN;
    if (!outcome || (sources && !sources.has(outcome.target))) continue;
    if (at >= from && at < to && !table.superseded.has(outcome.id)) effectiveAll[effectiveCount++] = i;
  }
  const effective = effectiveAll.subarray(0, effectiveCount);
  // Before the sort: the count per currency does not depend on the order, and input order is
  // the order the outcomes lie in memory.
  const currency = mainCurrency(effective, outcomes, stageOf);
  sortByTimeThenId(effective, outcomes, outcomeAt);
  // Each kind's stage and funnel step, by the table's kind number.
  const stageOfKind = table.kinds.map((kind) => stageOf.get(kind) ?? 'other');
  const stepOfKind = stageOfKind.map((stage) => STEP_OF[stage]);

  // Credits per campaign number: [step][campaign], plus revenue. They grow, because outcomes
  // with a recorded attribution can name campaigns the touchpoints never did.
  const steps = Array.from({ length: STEPS }, () => new CampaignSums(campaigns.ids.length));
  const revenue = new CampaignSums(campaigns.ids.length);

  // Reason rows in the order they first appear, and by kind + reason, then campaign number.
  const reasons: ReasonRow[] = [];
  // By kind number, then the reason lower-cased; the few distinct reasons each spelled out once.
  const reasonRows: Map<string, ReasonRow[]>[] = [];
  const spelled = new Map<string, { reason: string; key: string }>();
  const otherCurrencies: Record<string, number> = {};
  // Lead number → highest step reached so far (−1: none).
  const reached = new Int8Array(table.leadCount).fill(-1);
  const credits = new Credits(index, windowMs, model, campaigns);
  const totals = { leadsWithOutcome: 0, meetings: 0, sqls: 0, won: 0, revenue: 0 };

  for (let e = 0; e < effective.length; e++) {
    const i = effective[e] ?? 0;
    const lead = leadOf[i] ?? 0;
    const kind = table.kind[i] ?? 0;
    const stage = stageOfKind[kind] ?? 'other';
    const step = stepOfKind[kind] ?? 0;
    const previous = reached[lead] ?? -1;
    const isReason = stage === 'rejected' || stage === 'lost';
    // Nothing new for this lead, and neither revenue nor a reason: the object is not needed.
    if (step <= previous && stage !== 'won' && !isReason) continue;
    const outcome = outcomes[i];
    const at = outcomeAt[i] ?? NaN;
    if (!outcome) continue;
    const wins = stage === 'won' && outcome.amount !== undefined && outcome.amount > 0;
    if (step <= previous && !wins && !isReason) continue;

    const count = credits.of(outcome, lead, at);
    const { campaign: shareCampaign, share: shareValue } = credits;
    // Steps previous+1 … step are reached by this outcome.
    for (let s = previous + 1; s <= step; s++) {
      const stepCredits = steps[s];
      if (!stepCredits) continue;
      for (let k = 0; k < count; k++) stepCredits.add(shareCampaign[k] ?? 0, shareValue[k] ?? 0);
    }
    if (step > previous) {
      reached[lead] = step;
      if (previous < 0) totals.leadsWithOutcome++;
      if (previous < 1 && step >= 1) totals.meetings++;
      if (previous < 2 && step >= 2) totals.sqls++;
      if (previous < 3 && step >= 3) totals.won++;
    }
    if (wins && outcome.amount !== undefined) {
      const code = outcome.currency ?? currency;
      if (code === currency) {
        totals.revenue += outcome.amount;
        for (let k = 0; k < count; k++) {
          revenue.add(shareCampaign[k] ?? 0, (shareValue[k] ?? 0) * outcome.amount);
        }
      } else {
        otherCurrencies[code] = (otherCurrencies[code] ?? 0) + outcome.amount;
      }
    }
    if (isReason) {
      const written = outcome.reason ?? '';
      let spelling = spelled.get(written);
      if (!spelling) {
        const reason = written.replace(/\s+/g, ' ').trim();
        spelling = { reason, key: reason.toLowerCase() };
        spelled.set(written, spelling);
      }
      const { reason } = spelling;
      const byKey = (reasonRows[kind] ??= new Map());
      let byCampaign = byKey.get(spelling.key);
      if (!byCampaign) {
        byCampaign = [];
        byKey.set(spelling.key, byCampaign);
      }
      for (let k = 0; k < count; k++) {
        const campaign = shareCampaign[k] ?? 0;
        let row = byCampaign[campaign];
        if (!row) {
          row = {
            campaignId: campaigns.ids[campaign] ?? NO_CAMPAIGN_ID,
            name: campaigns.names[campaign] ?? '',
            kind: outcome.kind,
            label: labelOf.get(outcome.kind) ?? outcome.label ?? outcome.kind,
            reason,
            count: 0,
          };
          byCampaign[campaign] = row;
          reasons.push(row);
        }
        row.count += shareValue[k] ?? 0;
      }
    }
  }

  const engaged = engagedPerCampaign(index, campaigns, from, to);
  const rows: CampaignRow[] = [];
  for (let c = 0; c < campaigns.ids.length; c++) {
    const counts = {
      leadsEngaged: engaged.perCampaign[c] ?? 0,
      leadsWithOutcome: steps[0]?.get(c) ?? 0,
      meetings: steps[1]?.get(c) ?? 0,
      sqls: steps[2]?.get(c) ?? 0,
      won: steps[3]?.get(c) ?? 0,
      revenue: revenue.get(c),
    };
    if (counts.leadsEngaged === 0 && counts.leadsWithOutcome === 0 && counts.revenue === 0) continue;
    rows.push({
      campaignId: campaigns.ids[c] ?? NO_CAMPAIGN_ID,
      name: campaigns.names[c] ?? '',
      channel: campaigns.channels[c] ?? 'other',
      ...counts,
      rates: ratesOf(counts),
    });
  }
  rows.sort(
    (a, b) =>
      Number(a.campaignId === NO_CAMPAIGN_ID) - Number(b.campaignId === NO_CAMPAIGN_ID) ||
      b.revenue - a.revenue ||
      b.won - a.won ||
      b.sqls - a.sqls ||
      b.meetings - a.meetings ||
      b.leadsWithOutcome - a.leadsWithOutcome ||
      b.leadsEngaged - a.leadsEngaged ||
      a.name.localeCompare(b.name),
  );

  const totalCounts = { ...totals, leadsEngaged: engaged.distinctLeads };
  return {
    model,
    currency,
    campaigns: rows,
    totals: { ...totalCounts, rates: ratesOf(totalCounts) },
    sla: slaReport(input, table, sources, from, to, now),
    reasons: reasons.sort(
      (a, b) =>
        b.count - a.count ||
        a.name.localeCompare(b.name) ||
        a.kind.localeCompare(b.kind) ||
        a.reason.localeCompare(b.reason),
    ),
    overTime: weekly(
      effective,
      table,
      input.outcomeTypes.map((type) => type.key),
      sla.timeZone,
      from,
      to,
    ),
    otherCurrencies,
  };
}
