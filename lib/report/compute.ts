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
 * allocates nothing. Every timestamp is parsed once. compute.reference.test.ts holds this to a
 * plain implementation of the same rules, exactly.
 */
import type { Attribution, Channel, Lead, Outcome, SourceId, Touchpoint } from '../model';
import type { OutcomeType } from '../settings/schema';
import { creditShares, type AttributionModel } from '../insights/campaigns';
import { isHumanEngagement, parseIso, timeOf } from '../insights/kinds';
import { slaStatus, type SlaRule } from '../insights/sla';
import { addDays, isoDate, zoneCalendar } from '../insights/zone';

const DAY_MS = 86_400_000;
const DEFAULT_WINDOW_DAYS = 90;
const DEFAULT_CURRENCY = 'USD';
/** A campaign id can never be empty (lib/model), so '' is free for "no campaign". */
export const NO_CAMPAIGN_ID = '';
export const NO_CAMPAIGN_NAME = 'No campaign touch';
const NO_OUTCOMES: Outcome[] = [];
const MAX_WEEKS = 1_000;

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

type Stage = OutcomeType['stage'];
/** Funnel steps in order; an outcome reaches every step up to its stage's. */
const STEP_OF: Record<Stage, number> = { other: 0, rejected: 0, lost: 0, meeting: 1, sql: 2, won: 3 };
const STEPS = 4; // any outcome, meeting, SQL, won

interface Campaigns {
  ids: string[];
  names: string[];
  channels: Channel[];
  index: Map<string, number>;
}

/**
 * Campaign touches of every lead in three flat arrays, grouped by lead and in time order within
 * a lead: lead n's touches are [offsets[n], offsets[n + 1]). Flat typed arrays instead of one
 * array per lead keep a million touchpoints to a few allocations.
 */
interface TouchIndex {
  /** Every lead with any touchpoint at all (campaign or not) → its number. */
  leads: Map<string, number>;
  offsets: Int32Array;
  at: Float64Array;
  campaign: Int32Array;
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

  const campaigns: Campaigns = {
    ids: [NO_CAMPAIGN_ID],
    names: [NO_CAMPAIGN_NAME],
    channels: ['other'],
    index: new Map(),
  };
  campaigns.index.set(NO_CAMPAIGN_ID, 0);
  const index = indexTouchpoints(input.touchpoints, sources, campaigns);

  // Every outcome's time, parsed once.
  const outcomeAt = new Float64Array(input.outcomes.length);
  const superseded = new Set<string>();
  for (let i = 0; i < input.outcomes.length; i++) {
    const outcome = input.outcomes[i];
    if (!outcome) continue;
    outcomeAt[i] = parseIso(outcome.createdAt);
    if (outcome.supersedes) superseded.add(outcome.supersedes);
  }
  // Indexes into input.outcomes of the effective outcomes, in time order.
  const effective: number[] = [];
  for (let i = 0; i < input.outcomes.length; i++) {
    const outcome = input.outcomes[i];
    const at = outcomeAt[i] ?? NaN;
    if (!outcome || (sources && !sources.has(outcome.target))) continue;
    if (at >= from && at < to && !superseded.has(outcome.id)) effective.push(i);
  }
  sortByTimeThenId(effective, input.outcomes, outcomeAt);
  const currency = mainCurrency(effective, input.outcomes, stageOf);

  // Credits per campaign number: [step][campaign], plus revenue. Plain arrays, because outcomes
  // with a recorded attribution can name campaigns the touchpoints never did.
  const steps: number[][] = Array.from({ length: STEPS }, () => []);
  const revenue: number[] = [];

  // Reason rows in the order they first appear, and by kind + reason, then campaign number.
  const reasons: ReasonRow[] = [];
  const reasonRows = new Map<string, ReasonRow[]>();
  const otherCurrencies: Record<string, number> = {};
  const reached = new Map<string, number>(); // lead → highest step reached so far (−1: none)
  const credits = new Credits(index, windowMs, model, campaigns);
  const totals = { leadsWithOutcome: 0, meetings: 0, sqls: 0, won: 0, revenue: 0 };

  for (const i of effective) {
    const outcome = input.outcomes[i];
    const at = outcomeAt[i] ?? NaN;
    if (!outcome) continue;
    const stage = stageOf.get(outcome.kind) ?? 'other';
    const step = STEP_OF[stage];
    const previous = reached.get(outcome.leadEmail) ?? -1;
    const wins = stage === 'won' && outcome.amount !== undefined && outcome.amount > 0;
    const isReason = stage === 'rejected' || stage === 'lost';
    if (step <= previous && !wins && !isReason) continue;

    const count = credits.of(outcome, at);
    const { campaign: shareCampaign, share: shareValue } = credits;
    // Steps previous+1 … step are reached by this outcome.
    for (let s = previous + 1; s <= step; s++) {
      const stepCredits = steps[s];
      if (!stepCredits) continue;
      for (let k = 0; k < count; k++) {
        const campaign = shareCampaign[k] ?? 0;
        stepCredits[campaign] = (stepCredits[campaign] ?? 0) + (shareValue[k] ?? 0);
      }
    }
    if (step > previous) {
      reached.set(outcome.leadEmail, step);
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
          const campaign = shareCampaign[k] ?? 0;
          revenue[campaign] = (revenue[campaign] ?? 0) + (shareValue[k] ?? 0) * outcome.amount;
        }
      } else {
        otherCurrencies[code] = (otherCurrencies[code] ?? 0) + outcome.amount;
      }
    }
    if (isReason) {
      const reason = (outcome.reason ?? '').replace(/\s+/g, ' ').trim();
      const key = `${outcome.kind}\u0000${reason.toLowerCase()}`;
      let byCampaign = reasonRows.get(key);
      if (!byCampaign) {
        byCampaign = [];
        reasonRows.set(key, byCampaign);
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
      leadsWithOutcome: steps[0]?.[c] ?? 0,
      meetings: steps[1]?.[c] ?? 0,
      sqls: steps[2]?.[c] ?? 0,
      won: steps[3]?.[c] ?? 0,
      revenue: revenue[c] ?? 0,
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
    sla: slaReport(input, sources, from, to, now),
    reasons: reasons.sort(
      (a, b) =>
        b.count - a.count ||
        a.name.localeCompare(b.name) ||
        a.kind.localeCompare(b.kind) ||
        a.reason.localeCompare(b.reason),
    ),
    overTime: weekly(
      effective,
      input.outcomes,
      outcomeAt,
      input.outcomeTypes.map((type) => type.key),
      sla.timeZone,
      from,
      to,
    ),
    otherCurrencies,
  };
}

function indexTouchpoints(
  touchpoints: readonly Touchpoint[],
  sources: Set<SourceId> | undefined,
  campaigns: Campaigns,
): TouchIndex {
  const leads = new Map<string, number>();
  const count = touchpoints.length;
  // Pass 1: per touchpoint, its lead and (for campaign touches) time and campaign; −1 = skip.
  const leadOf = new Int32Array(count).fill(-1);
  const times = new Float64Array(count);
  const campaignOf = new Int32Array(count);
  const perLead: number[] = [];
  const namedAt: number[] = [-Infinity];
  // Stores hand touchpoints over lead by lead, so the previous lead is usually the right one.
  let lastEmail: string | undefined;
  let lead = -1;
  let lastCampaignId: string | undefined;
  let lastCampaign = 0;
  for (let i = 0; i < count; i++) {
    const touchpoint = touchpoints[i];
    if (!touchpoint) continue;
    if (touchpoint.leadEmail !== lastEmail) {
      lastEmail = touchpoint.leadEmail;
      const known = leads.get(lastEmail);
      if (known === undefined) {
        lead = leads.size;
        leads.set(lastEmail, lead);
        perLead.push(0);
      } else {
        lead = known;
      }
    }
    if (sources && !sources.has(touchpoint.source)) continue;
    const { campaign } = touchpoint;
    if (!campaign || !isHumanEngagement(touchpoint)) continue;
    const at = timeOf(touchpoint);
    if (!Number.isFinite(at)) continue;
    // Touchpoints of one campaign tend to come in runs too.
    let c = campaign.id === lastCampaignId ? lastCampaign : campaigns.index.get(campaign.id);
    if (c === undefined) {
      c = campaigns.ids.length;
      campaigns.index.set(campaign.id, c);
      campaigns.ids.push(campaign.id);
      campaigns.names.push(campaign.name);
      campaigns.channels.push(campaign.channel);
      namedAt.push(at);
    } else if (at > (namedAt[c] ?? -Infinity)) {
      // A renamed campaign shows its newest name.
      campaigns.names[c] = campaign.name;
      campaigns.channels[c] = campaign.channel;
      namedAt[c] = at;
    }
    lastCampaignId = campaign.id;
    lastCampaign = c;
    leadOf[i] = lead;
    times[i] = at;
    campaignOf[i] = c;
    perLead[lead] = (perLead[lead] ?? 0) + 1;
  }

  // Pass 2: counting sort by lead.
  const offsets = new Int32Array(leads.size + 1);
  for (let n = 0; n < leads.size; n++) offsets[n + 1] = (offsets[n] ?? 0) + (perLead[n] ?? 0);
  const total = offsets[leads.size] ?? 0;
  const at = new Float64Array(total);
  const campaign = new Int32Array(total);
  const next = offsets.slice(0, leads.size);
  for (let i = 0; i < count; i++) {
    const n = leadOf[i] ?? -1;
    if (n < 0) continue;
    const slot = next[n] ?? 0;
    next[n] = slot + 1;
    at[slot] = times[i] ?? 0;
    campaign[slot] = campaignOf[i] ?? 0;
  }

  // Pass 3: time order within each lead (already so when the store delivers it sorted). Stable,
  // so touches at the same instant keep the order they came in.
  // Pass 1's arrays are free now, and at least as long: the merge sort's scratch space.
  const scratchAt = times;
  const scratchCampaign = campaignOf;
  for (let n = 0; n < leads.size; n++) {
    const from = offsets[n] ?? 0;
    const to = offsets[n + 1] ?? 0;
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++) sorted = (at[i] ?? 0) >= (at[i - 1] ?? 0);
    if (!sorted) sortByTime(at, campaign, from, to, scratchAt, scratchCampaign);
  }
  return { leads, offsets, at, campaign };
}

const RUN = 16;

/**
 * Stable sort of at[from, to) with campaign[] alongside: insertion sort of short runs, then
 * bottom-up merges through the scratch arrays. No comparator calls, no allocation.
 */
function sortByTime(
  at: Float64Array,
  campaign: Int32Array,
  from: number,
  to: number,
  scratchAt: Float64Array,
  scratchCampaign: Int32Array,
): void {
  for (let run = from; run < to; run += RUN) {
    const end = Math.min(run + RUN, to);
    for (let i = run + 1; i < end; i++) {
      const value = at[i] ?? 0;
      const c = campaign[i] ?? 0;
      let j = i - 1;
      while (j >= run && (at[j] ?? 0) > value) {
        at[j + 1] = at[j] ?? 0;
        campaign[j + 1] = campaign[j] ?? 0;
        j--;
      }
      at[j + 1] = value;
      campaign[j + 1] = c;
    }
  }
  let srcAt = at;
  let srcCampaign = campaign;
  let dstAt = scratchAt;
  let dstCampaign = scratchCampaign;
  for (let width = RUN; width < to - from; width *= 2) {
    for (let left = from; left < to; left += 2 * width) {
      const mid = Math.min(left + width, to);
      const right = Math.min(left + 2 * width, to);
      let i = left;
      let j = mid;
      let k = left;
      while (i < mid && j < right) {
        // Ties take the left run first: that is what keeps the sort stable.
        if ((srcAt[j] ?? 0) < (srcAt[i] ?? 0)) {
          dstAt[k] = srcAt[j] ?? 0;
          dstCampaign[k++] = srcCampaign[j++] ?? 0;
        } else {
          dstAt[k] = srcAt[i] ?? 0;
          dstCampaign[k++] = srcCampaign[i++] ?? 0;
        }
      }
      while (i < mid) {
        dstAt[k] = srcAt[i] ?? 0;
        dstCampaign[k++] = srcCampaign[i++] ?? 0;
      }
      while (j < right) {
        dstAt[k] = srcAt[j] ?? 0;
        dstCampaign[k++] = srcCampaign[j++] ?? 0;
      }
    }
    [srcAt, dstAt] = [dstAt, srcAt];
    [srcCampaign, dstCampaign] = [dstCampaign, srcCampaign];
  }
  if (srcAt !== at) {
    at.set(srcAt.subarray(from, to), from);
    campaign.set(srcCampaign.subarray(from, to), from);
  }
}

/**
 * One outcome's credit per campaign number, written into reused arrays (`campaign[k]` gets
 * `share[k]` for k < the count returned), so a hundred thousand outcomes allocate nothing.
 * The shares are exactly creditShares' over the lead's attribution in the window: the same
 * campaigns, in the same order (first touch in the window first), with the same values.
 */
class Credits {
  campaign: number[] = [];
  share: number[] = [];
  /** Touches per campaign number in the current window; zeroed again after each outcome. */
  private readonly touches: Int32Array;

  constructor(
    private readonly index: TouchIndex,
    private readonly windowMs: number,
    private readonly model: AttributionModel,
    private readonly campaigns: Campaigns,
  ) {
    this.touches = new Int32Array(campaigns.ids.length);
  }

  /** Fills the arrays for this outcome; returns how many campaigns share its credit. */
  of(outcome: Outcome, at: number): number {
    const lead = this.index.leads.get(outcome.leadEmail);
    // No history here at all: trust what was recorded with the outcome.
    const count = lead === undefined ? this.recorded(outcome.attribution) : this.inWindow(lead, at);
    if (count > 0) return count;
    this.campaign[0] = 0;
    this.share[0] = 1;
    return 1;
  }

  /** The lead's touches in [at − window, at], read from the index by binary search. */
  private inWindow(lead: number, at: number): number {
    const { index } = this;
    const stop = index.offsets[lead + 1] ?? 0;
    const start = lowerBound(index.at, at - this.windowMs, index.offsets[lead] ?? 0, stop);
    let end = start;
    while (end < stop && (index.at[end] ?? Infinity) <= at) end++;
    if (end === start) return 0;
    if (this.model === 'first' || this.model === 'last') {
      this.campaign[0] = index.campaign[this.model === 'first' ? start : end - 1] ?? 0;
      this.share[0] = 1;
      return 1;
    }
    // Linear: each campaign's touches over all touches, campaigns in order of first touch.
    const { touches } = this;
    let count = 0;
    for (let i = start; i < end; i++) {
      const c = index.campaign[i] ?? 0;
      if ((touches[c] ?? 0) === 0) this.campaign[count++] = c;
      touches[c] = (touches[c] ?? 0) + 1;
    }
    const total = end - start;
    for (let k = 0; k < count; k++) {
      const c = this.campaign[k] ?? 0;
      this.share[k] = (touches[c] ?? 0) / total;
      touches[c] = 0;
    }
    return count;
  }

  private recorded(attribution: Attribution): number {
    const { campaigns } = this;
    let count = 0;
    for (const [id, share] of creditShares(attribution, this.model)) {
      let c = campaigns.index.get(id);
      if (c === undefined) {
        // A campaign known only from an outcome's recorded attribution.
        c = campaigns.ids.length;
        campaigns.index.set(id, c);
        campaigns.ids.push(id);
        campaigns.names.push(attribution.touches.find((touch) => touch.campaignId === id)?.name ?? id);
        campaigns.channels.push('other');
      }
      this.campaign[count] = c;
      this.share[count] = share;
      count++;
    }
    return count;
  }
}

/**
 * Effective outcomes in time order, the same instant by id as localeCompare orders ids (stable,
 * so equal ids keep their input order). Within a tie the ids are put in code-unit order first,
 * which is cheap, and that order is kept when the collator agrees with it pair by pair: a
 * sequence the collator finds in order, its equals in input order, is exactly what a stable sort
 * by the collator gives. Where it does not agree (another locale's rules, capitals), the
 * collator sorts the tie itself. So a tie of n costs n − 1 collator calls rather than n log n.
 */
function sortByTimeThenId(effective: number[], outcomes: readonly Outcome[], outcomeAt: Float64Array): void {
  const atOf = (i: number) => outcomeAt[i] ?? NaN;
  const idOf = (i: number) => outcomes[i]?.id ?? '';
  effective.sort((a, b) => atOf(a) - atOf(b));
  const collator = new Intl.Collator();
  const byCollator = (a: number, b: number) => collator.compare(idOf(a), idOf(b));
  for (let i = 0; i < effective.length;) {
    const at = atOf(effective[i] ?? 0);
    let j = i + 1;
    while (j < effective.length && atOf(effective[j] ?? 0) === at) j++;
    if (j - i > 1) {
      // effective is in input order within a tie (the sort above is stable): a − b keeps it.
      let tied = effective.slice(i, j).sort((a, b) => {
        const x = idOf(a);
        const y = idOf(b);
        return x < y ? -1 : x > y ? 1 : a - b;
      });
      for (let k = 0; k + 1 < tied.length; k++) {
        const a = tied[k] ?? 0;
        const b = tied[k + 1] ?? 0;
        const order = byCollator(a, b);
        if (order < 0 || (order === 0 && a < b)) continue;
        tied = effective.slice(i, j).sort(byCollator);
        break;
      }
      for (let k = 0; k < tied.length; k++) effective[i + k] = tied[k] ?? 0;
    }
    i = j;
  }
}

/** First index in [low, high) whose value is >= target (values sorted in that range). */
function lowerBound(values: Float64Array, target: number, low = 0, high = values.length): number {
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((values[mid] ?? Infinity) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

function engagedPerCampaign(
  index: TouchIndex,
  campaigns: Campaigns,
  from: number,
  to: number,
): { perCampaign: Int32Array; distinctLeads: number } {
  const perCampaign = new Int32Array(campaigns.ids.length);
  // Which lead last counted for each campaign: distinct counts without a set per campaign.
  const lastLead = new Int32Array(campaigns.ids.length).fill(-1);
  let distinctLeads = 0;
  for (let lead = 0; lead < index.leads.size; lead++) {
    const stop = index.offsets[lead + 1] ?? 0;
    let any = false;
    for (
      let i = lowerBound(index.at, from, index.offsets[lead] ?? 0, stop);
      i < stop && (index.at[i] ?? Infinity) < to;
      i++
    ) {
      const c = index.campaign[i] ?? 0;
      any = true;
      if (lastLead[c] === lead) continue;
      lastLead[c] = lead;
      perCampaign[c] = (perCampaign[c] ?? 0) + 1;
    }
    if (any) distinctLeads++;
  }
  return { perCampaign, distinctLeads };
}

function ratesOf(counts: Omit<FunnelCounts, 'rates'>): ConversionRates {
  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    outcomeFromEngaged: rate(counts.leadsWithOutcome, counts.leadsEngaged),
    meetingFromOutcome: rate(counts.meetings, counts.leadsWithOutcome),
    sqlFromMeeting: rate(counts.sqls, counts.meetings),
    wonFromSql: rate(counts.won, counts.sqls),
  };
}

/** The currency most won amounts are in (ties: alphabetical); USD when nothing was won. */
function mainCurrency(
  effective: readonly number[],
  outcomes: readonly Outcome[],
  stageOf: Map<string, Stage>,
): string {
  const counts = new Map<string, number>();
  for (const i of effective) {
    const outcome = outcomes[i];
    if (!outcome || stageOf.get(outcome.kind) !== 'won' || !outcome.currency) continue;
    counts.set(outcome.currency, (counts.get(outcome.currency) ?? 0) + 1);
  }
  let best = DEFAULT_CURRENCY;
  let bestCount = 0;
  for (const [code, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (count > bestCount) [best, bestCount] = [code, count];
  }
  return best;
}

function slaReport(
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

/** Outcomes per week (Monday start, in the team's zone), every week of the range present. */
function weekly(
  effective: readonly number[],
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
  for (const i of effective) {
    const outcome = outcomes[i];
    const row = rows[lowerBound(startsArray, (outcomeAt[i] ?? NaN) + 1) - 1];
    if (outcome && row) row.byKind[outcome.kind] = (row.byKind[outcome.kind] ?? 0) + 1;
  }
  return rows;
}
