/**
 * The funnel part of the closed-loop report: the touch index, the credit split per outcome and
 * the per-campaign counts (the rules are in compute.ts, which assembles the report).
 */
import type { Attribution, Channel, Outcome, SourceId, Touchpoint } from '../model';
import type { OutcomeType } from '../settings/schema';
import { creditShares, type AttributionModel } from '../insights/campaigns';
import { isHumanEngagement, parseIso } from '../insights/kinds';
import type { ConversionRates, FunnelCounts } from './compute';

const DEFAULT_CURRENCY = 'USD';

export type Stage = OutcomeType['stage'];
/** Funnel steps in order; an outcome reaches every step up to its stage's. */
export const STEP_OF: Record<Stage, number> = { other: 0, rejected: 0, lost: 0, meeting: 1, sql: 2, won: 3 };
export const STEPS = 4; // any outcome, meeting, SQL, won

export interface Campaigns {
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
export interface TouchIndex {
  /** Every lead with any touchpoint at all (campaign or not) → its number. */
  leads: Map<string, number>;
  offsets: Int32Array;
  at: Float64Array;
  campaign: Int32Array;
}

/**
 * A copy of `array` with room for at least `length` values, twice as long at the least, holding
 * its values (the rest zero). Called only when the array is full.
 */
function withRoom<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (size: number) => T)(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * Pass 1's arrays, kept from one index to the next. A million touchpoints take 16 MB of them for
 * the moment it takes to build the index; allocated afresh each time, that much ArrayBuffer
 * memory per report brings on a full garbage collection of the whole loaded dataset every
 * second or third build (half a second at a million touchpoints). Kept, they cost the 16 MB.
 */
let scratch: { leadOf: Int32Array; times: Float64Array; campaignOf: Int32Array } | undefined;

function scratchFor(count: number): NonNullable<typeof scratch> {
  if (!scratch || scratch.times.length < count) {
    scratch = {
      leadOf: new Int32Array(count),
      times: new Float64Array(count),
      campaignOf: new Int32Array(count),
    };
  }
  return scratch;
}

/**
 * Pass 1 of indexTouchpoints: each campaign touch's lead, time and campaign, in input order,
 * into `into`; the touches per lead. A function of its own, so that its optimised code (hot
 * after a few thousand of the million touchpoints) is not thrown away when the passes after it
 * first run.
 */
function readTouches(
  touchpoints: readonly Touchpoint[],
  sources: Set<SourceId> | undefined,
  campaigns: Campaigns,
  leads: Map<string, number>,
  into: NonNullable<typeof scratch>,
): { accepted: number; perLead: Int32Array } {
  const { leadOf, times, campaignOf } = into;
  const count = touchpoints.length;
  let accepted = 0;
  let perLead = new Int32Array(1_024);
  const namedAt: number[] = [-Infinity];
  // Stores hand touchpoints over lead by lead, so the previous lead is usually the right one.
  let lastEmail: string | undefined;
  let lead = -1;
  let lastCampaignId: string | undefined;
  let lastCampaign = 0;
  for (let i = 0; i < count; i++) {
    const touchpoint = touchpoints[i];
    if (!touchpoint) continue;
    const email = touchpoint.leadEmail;
    if (email !== lastEmail) {
      lastEmail = email;
      const known = leads.get(email);
      if (known === undefined) {
        lead = leads.size;
        leads.set(email, lead);
        if (lead >= perLead.length) perLead = withRoom(perLead, lead + 1);
      } else {
        lead = known;
      }
    }
    if (sources && !sources.has(touchpoint.source)) continue;
    const { campaign } = touchpoint;
    if (!campaign || !isHumanEngagement(touchpoint)) continue;
    const at = parseIso(touchpoint.occurredAt);
    if (!Number.isFinite(at)) continue;
    // Touchpoints of one campaign tend to come in runs too.
    const id = campaign.id;
    let c = id === lastCampaignId ? lastCampaign : campaigns.index.get(id);
    if (c === undefined) {
      c = campaigns.ids.length;
      campaigns.index.set(id, c);
      campaigns.ids.push(id);
      campaigns.names.push(campaign.name);
      campaigns.channels.push(campaign.channel);
      namedAt.push(at);
    } else if (at > (namedAt[c] ?? -Infinity)) {
      // A renamed campaign shows its newest name.
      campaigns.names[c] = campaign.name;
      campaigns.channels[c] = campaign.channel;
      namedAt[c] = at;
    }
    lastCampaignId = id;
    lastCampaign = c;
    leadOf[accepted] = lead;
    times[accepted] = at;
    campaignOf[accepted++] = c;
    perLead[lead] = (perLead[lead] ?? 0) + 1;
  }
  return { accepted, perLead };
}

export function indexTouchpoints(
  touchpoints: readonly Touchpoint[],
  sources: Set<SourceId> | undefined,
  campaigns: Campaigns,
): TouchIndex {
  const leads = new Map<string, number>();
  const scratch = scratchFor(touchpoints.length);
  const { leadOf, times, campaignOf } = scratch;
  const { accepted, perLead } = readTouches(touchpoints, sources, campaigns, leads, scratch);

  // Pass 2: counting sort by lead.
  const offsets = new Int32Array(leads.size + 1);
  for (let n = 0; n < leads.size; n++) offsets[n + 1] = (offsets[n] ?? 0) + (perLead[n] ?? 0);
  const total = offsets[leads.size] ?? 0;
  const at = new Float64Array(total);
  const campaign = new Int32Array(total);
  const next = offsets.slice(0, leads.size);
  for (let i = 0; i < accepted; i++) {
    const n = leadOf[i] ?? 0;
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

/**
 * What the report reads of every outcome more than once, read once in input order: its time,
 * its lead and its kind as numbers, and the ids other outcomes supersede. Leads with
 * touchpoints here keep the touch index's numbers; the others get the numbers after them, in
 * order of first outcome. Later passes go through the outcomes in time order, which is random
 * order in memory: the table spares them most of the objects.
 */
export interface OutcomeTable {
  at: Float64Array;
  lead: Int32Array;
  /** Lead numbers in use: the touch index's leads, then `others`. */
  leadCount: number;
  /** The touch index's leads (any touchpoint here) → their number. */
  touched: Map<string, number>;
  /** Leads with outcomes but no touchpoint here → their number. */
  others: Map<string, number>;
  /** Index into `kinds` of each outcome's kind. */
  kind: Int32Array;
  /** The outcome kinds, in order of first appearance. */
  kinds: string[];
  superseded: Set<string>;
}

export function readOutcomes(outcomes: readonly Outcome[], leads: Map<string, number>): OutcomeTable {
  const at = new Float64Array(outcomes.length);
  const lead = new Int32Array(outcomes.length);
  const kind = new Int32Array(outcomes.length);
  const kinds: string[] = [];
  const kindIndex = new Map<string, number>();
  const others = new Map<string, number>();
  const superseded = new Set<string>();
  let leadCount = leads.size;
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i];
    if (!outcome) continue;
    at[i] = parseIso(outcome.createdAt);
    if (outcome.supersedes) superseded.add(outcome.supersedes);
    const email = outcome.leadEmail;
    let n = leads.get(email) ?? others.get(email);
    if (n === undefined) {
      n = leadCount++;
      others.set(email, n);
    }
    lead[i] = n;
    let k = kindIndex.get(outcome.kind);
    if (k === undefined) {
      k = kinds.length;
      kinds.push(outcome.kind);
      kindIndex.set(outcome.kind, k);
    }
    kind[i] = k;
  }
  return { at, lead, leadCount, touched: leads, others, kind, kinds, superseded };
}

/** The lead's number in the table, or undefined when it has neither touchpoints nor outcomes. */
export function leadNumber(table: OutcomeTable, email: string): number | undefined {
  return table.touched.get(email) ?? table.others.get(email);
}

export const RUN = 16;

/**
 * Stable sort of at[from, to) with campaign[] alongside: insertion sort of short runs, then
 * bottom-up merges through the scratch arrays. No comparator calls, no allocation.
 */
export function sortByTime(
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
export class Credits {
  // Typed, so that whole and fractional shares (first/last touch, linear) are one kind of array
  // to the optimising compiler: switching the model does not send it back to the interpreter.
  campaign: Int32Array;
  share: Float64Array;
  /** Touches per campaign number in the current window; zeroed again after each outcome. */
  private readonly touches: Int32Array;

  constructor(
    private readonly index: TouchIndex,
    private readonly windowMs: number,
    private readonly model: AttributionModel,
    private readonly campaigns: Campaigns,
  ) {
    this.touches = new Int32Array(campaigns.ids.length);
    // Room for every campaign the index knows, the most a window can hold.
    this.campaign = new Int32Array(campaigns.ids.length + 1);
    this.share = new Float64Array(campaigns.ids.length + 1);
  }

  /**
   * Fills the arrays for this outcome of the lead numbered `lead` (a number at or past the
   * index's leads: a lead with no touchpoint here); returns how many campaigns share its credit.
   */
  of(outcome: Outcome, lead: number, at: number): number {
    // No history here at all: trust what was recorded with the outcome.
    const count =
      lead >= this.index.leads.size ? this.recorded(outcome.attribution) : this.inWindow(lead, at);
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
      if (count === this.share.length) {
        // A recorded attribution can name more campaigns than the index knows.
        this.campaign = withRoom(this.campaign, count + 1);
        this.share = withRoom(this.share, count + 1);
      }
      this.campaign[count] = c;
      this.share[count] = share;
      count++;
    }
    return count;
  }
}

/**
 * A sum per campaign number, growing with the campaign list (an outcome's recorded attribution
 * can add campaigns as the report goes). Typed for the same reason as Credits' arrays.
 */
export class CampaignSums {
  private values: Float64Array;

  constructor(size: number) {
    this.values = new Float64Array(Math.max(size, 1));
  }

  add(campaign: number, value: number): void {
    if (campaign >= this.values.length) this.values = withRoom(this.values, campaign + 1);
    this.values[campaign] = (this.values[campaign] ?? 0) + value;
  }

  get(campaign: number): number {
    return this.values[campaign] ?? 0;
  }
}

/**
 * Effective outcomes in time order, the same instant by id as localeCompare orders ids (stable,
 * so equal ids keep their input order). Within a tie the ids are put in code-unit order first,
 * which is cheap, and that order is kept when the collator agrees with it pair by pair: a
 * sequence the collator finds in order, its equals in input order, is exactly what a stable sort
 * by the collator gives. Where it does not agree (another locale's rules, capitals), the
 * collator sorts the tie itself. So a tie of n costs n − 1 collator calls rather than n log n.
 *
 * The code-unit order itself comes mostly from numbers: two stable typed-array sorts, by the
 * id's first three code units (idPrefix) and then by time, leave each instant's outcomes in
 * prefix order; only ids that share their prefix at the same instant are compared as strings.
 * `effective` must be in input order (ascending), as compute.ts builds it.
 */
export function sortByTimeThenId(
  effective: Int32Array,
  outcomes: readonly Outcome[],
  outcomeAt: Float64Array,
): void {
  const count = effective.length;
  // Everything below works on positions in `effective`, whose order is the input order. The ids
  // are gathered once, in that order: later reads in time order touch no outcome object.
  const ids: string[] = [];
  const keys = new Float64Array(count);
  const prefixOf = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const id = outcomes[effective[k] ?? 0]?.id ?? '';
    ids.push(id);
    const prefix = idPrefix(id);
    keys[k] = prefix;
    prefixOf[k] = prefix;
  }
  // By prefix, then by time: both stable, so an instant's outcomes end up by prefix, then input.
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  const scratchKeys = new Float64Array(count);
  const scratchOrder = new Int32Array(count);
  sortByTime(keys, order, 0, count, scratchKeys, scratchOrder);
  for (let k = 0; k < count; k++) keys[k] = outcomeAt[effective[order[k] ?? 0] ?? 0] ?? NaN;
  sortByTime(keys, order, 0, count, scratchKeys, scratchOrder);

  const idAt = (k: number) => ids[k] ?? '';
  const byCodeUnits = (a: number, b: number) => {
    const x = idAt(a);
    const y = idAt(b);
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  let collator: Intl.Collator | undefined;
  for (let i = 0; i < count;) {
    const at = keys[i] ?? NaN;
    let j = i + 1;
    while (j < count && keys[j] === at) j++;
    if (j - i > 1) {
      // Ids that share a prefix at this instant: in input order so far, put in code-unit order.
      for (let a = i; a < j;) {
        const prefix = prefixOf[order[a] ?? 0];
        let b = a + 1;
        while (b < j && prefixOf[order[b] ?? 0] === prefix) b++;
        if (b - a > 1) order.set(order.subarray(a, b).sort(byCodeUnits), a);
        a = b;
      }
      collator ??= new Intl.Collator();
      let previous = idAt(order[i] ?? 0);
      for (let k = i + 1; k < j; k++) {
        const id = idAt(order[k] ?? 0);
        const verdict = collator.compare(previous, id);
        if (verdict < 0 || (verdict === 0 && (order[k - 1] ?? 0) < (order[k] ?? 0))) {
          previous = id;
          continue;
        }
        // Input order within the tie, then a stable sort by the collator.
        const { compare } = collator;
        const tied = Array.from(order.subarray(i, j)).sort((x, y) => x - y);
        order.set(
          tied.sort((x, y) => compare(idAt(x), idAt(y))),
          i,
        );
        break;
      }
    }
    i = j;
  }
  const sorted = order.map((k) => effective[k] ?? 0);
  effective.set(sorted);
}

/**
 * The first three UTF-16 code units of an id as one number (a missing unit counts as 0), so
 * that ids in code-unit order have prefixes in order too: x < y implies idPrefix(x) <=
 * idPrefix(y). Equal prefixes say nothing; those ids are compared as strings.
 */
export function idPrefix(id: string): number {
  const length = id.length;
  const a = length > 0 ? id.charCodeAt(0) : 0;
  const b = length > 1 ? id.charCodeAt(1) : 0;
  const c = length > 2 ? id.charCodeAt(2) : 0;
  return a * 4_294_967_296 + b * 65_536 + c;
}

/** First index in [low, high) whose value is >= target (values sorted in that range). */
export function lowerBound(values: Float64Array, target: number, low = 0, high = values.length): number {
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((values[mid] ?? Infinity) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function engagedPerCampaign(
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

export function ratesOf(counts: Omit<FunnelCounts, 'rates'>): ConversionRates {
  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return {
    outcomeFromEngaged: rate(counts.leadsWithOutcome, counts.leadsEngaged),
    meetingFromOutcome: rate(counts.meetings, counts.leadsWithOutcome),
    sqlFromMeeting: rate(counts.sqls, counts.meetings),
    wonFromSql: rate(counts.won, counts.sqls),
  };
}

/** The currency most won amounts are in (ties: alphabetical); USD when nothing was won. */
export function mainCurrency(
  effective: ArrayLike<number>,
  outcomes: readonly Outcome[],
  stageOf: Map<string, Stage>,
): string {
  const counts = new Map<string, number>();
  for (let k = 0; k < effective.length; k++) {
    const outcome = outcomes[effective[k] ?? 0];
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
