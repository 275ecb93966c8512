/**
 * What the closed-loop report reads: leads, touchpoints and outcomes for a time range,
 * straight from the extension's IndexedDB (extension pages may open it; no message round trip
 * for a million rows). computeReport (./compute.ts) then does the counting.
 *
 * What is read, and why that is enough for computeReport to give the same answer as over all data:
 * - Outcomes created on or after `from` (less a day, see MARGIN_MS). An outcome before `from` is
 *   outside the range; the SLA's first touch is on or after an MQL date that is itself ≥ `from`;
 *   a correction is created after what it corrects. Undone and discarded outcomes never happened
 *   and are left out here, because computeReport does not look at delivery states.
 * - Touchpoints in [from − windowDays, to): credit looks back `windowDays` from each outcome,
 *   "leads engaged" looks at [from, to). Only campaign touches by a person are kept (machine
 *   activity is flagged here, with lib/insights/machine, because the stores keep raw data).
 * - One exception: a lead with an outcome whose history holds no campaign touch in that span
 *   still has a history, and computeReport then credits "no campaign" rather than the attribution
 *   recorded with the outcome. Such a lead gets one of its touchpoints, without its campaign, as a
 *   marker that the history exists.
 * - Leads with an MQL date (the SLA section is all that reads leads), merged across the local
 *   workspaces and the cached platform answers as the sidebar merges them.
 *
 * Touchpoints are read through the touchpoint repository (lib/store/touchpoints.ts) in one of
 * two ways (chooseStrategy picks the cheaper):
 * - `by-lead`: one key range per lead (and workspace), keeping the span [start, end).
 *   Reads only the lead, but every request is a round trip to the browser's storage process.
 *   Wins when the span is a small part of a long history (last 7 days of two years).
 * - `scan`: one pass over the whole store, in batches of chunks per request.
 *   Reads everything, with few requests. Wins when the span covers most of the history (the
 *   attribution window alone is usually 180 days) or when leads have few touchpoints each.
 */
import { TeamOutcomes } from '../messaging/protocol';
import { z } from 'zod';
import { isHumanEngagement } from '../insights/kinds';
import { markMachineActivity } from '../insights/machine';
import { mergeLeads } from '../leads/merge';
import { PLATFORMS } from '../connectors/registry';
import { isWithdrawn, Lead, Outcome, SOURCE_IDS, SourceId, type Touchpoint } from '../model';
import { Settings, SlaSettings } from '../settings/schema';
import type { CacheEntry, DB, StoredLead } from '../store/db';
import { allLeads } from '../store/lead-blocks';
import {
  earliestTouchpoints,
  eachTouchpoint,
  eachTouchpointOfLeads,
  touchpointCount,
  type WorkspaceTouchpoint,
} from '../store/touchpoints';

const DAY_MS = 86_400_000;
/**
 * The stores compare ISO strings, not instants; a string with an offset (`…+02:00`) sorts up to
 * 14 hours away from its instant. A day's margin on each side is read and computeReport, which
 * compares instants, decides. It also catches an email's send just before the span, which machine
 * detection needs to judge the opens after it.
 */
const MARGIN_MS = DAY_MS;
/** Touchpoints a scan reads per request (the cost model's unit; the store serves them in chunks). */
const BATCH = 5_000;
/**
 * What one request costs, counted in records read. An order of magnitude (an IPC round trip
 * against deserialising a record of a few hundred bytes); it only decides when the two costs are
 * far apart, and then either way is right.
 */
export const REQUEST_COST = 30;
/** Leads whose span is counted to estimate the by-lead path's reads. */
const SAMPLE_LEADS = 24;
/** The settings default; pass settings.historyDays, the window outcomes are attributed with. */
export const DEFAULT_WINDOW_DAYS = 180;

export type LoadStrategy = 'by-lead' | 'scan';

export interface LoadQuery {
  range: { from: Date; to: Date };
  /** Sources to read; `local` is the local workspaces. Default: all. */
  sources?: readonly SourceId[];
  /** The attribution window (settings.historyDays): touchpoints this long before `from` are read. */
  windowDays?: number;
  /** Force a strategy (tests, benchmarks); default: the cheaper by chooseStrategy. */
  strategy?: LoadStrategy;
}

export interface ReportData {
  /** Leads with an MQL date in (about) the range. */
  leads: Lead[];
  /** Campaign touches by a person in the span, plus history markers (see above). */
  touchpoints: Touchpoint[];
  outcomes: Outcome[];
  /** How the local touchpoints were read (also when there were none). */
  strategy: LoadStrategy;
  /** Stored outcomes that did not parse and were left out. */
  skipped: number;
  /** Leads known at all (before the MQL filter), for the page's "no data yet" state. */
  knownLeads: number;
  /** Outcomes ever recorded in this browser and not undone, for "no outcomes yet". */
  outcomesEver: number;
  /** Leads of the bundled sample workspace among those read: the page says the data is partly fictional. */
  sampleLeads: number;
}

/** The part of the settings the report uses, parsed from `settings.get` (secrets masked, unused). */
const Enabled = z.object({ enabled: z.boolean() });
export const ReportSettings = z.object({
  outcomes: Settings.shape.outcomes,
  sla: SlaSettings,
  historyDays: Settings.shape.historyDays,
  sources: z.object(
    Object.fromEntries(SOURCE_IDS.map((source) => [source, Enabled])) as Record<SourceId, typeof Enabled>,
  ),
});
export type ReportSettings = z.infer<typeof ReportSettings>;

export function enabledSources(settings: ReportSettings): SourceId[] {
  return SOURCE_IDS.filter((source) => settings.sources[source].enabled);
}

export async function loadReportData(db: DB, query: LoadQuery): Promise<ReportData> {
  const from = query.range.from.getTime();
  const to = query.range.to.getTime();
  const windowDays = query.windowDays ?? DEFAULT_WINDOW_DAYS;
  const span = {
    start: new Date(from - windowDays * DAY_MS - MARGIN_MS).toISOString(),
    end: new Date(to + MARGIN_MS).toISOString(),
  };
  const sources = new Set<SourceId>(query.sources ?? SOURCE_IDS);

  const { outcomes, skipped } = await readOutcomes(db, new Date(from - MARGIN_MS).toISOString());
  const outcomeLeads = new Set(outcomes.map((outcome) => outcome.leadEmail));
  const touches = createTouchCollector(span, outcomeLeads);
  const leadParts = new Map<string, { source: SourceId; lead: Lead }[]>();
  const addLead = (source: SourceId, lead: Lead) => {
    const parts = leadParts.get(lead.email) ?? [];
    parts.push({ source, lead });
    leadParts.set(lead.email, parts);
  };

  let strategy: LoadStrategy = query.strategy ?? 'by-lead';
  let sampleLeads = 0;
  if (sources.has('local')) {
    const stored = await allLeads(db);
    sampleLeads = stored.filter((lead) => lead.workspace === 'sample').length;
    // Imported data wins over the sample, as in the sidebar (getWorkspaceLead).
    stored.sort((a, b) => Number(a.workspace !== 'imported') - Number(b.workspace !== 'imported'));
    for (const { workspace: _workspace, ...lead } of stored) addLead('local', lead);
    const emails = [...new Set(stored.map((lead: StoredLead) => lead.email))];
    strategy = query.strategy ?? (await chooseFor(db, emails, span));
    if (strategy === 'scan') await scanTouchpoints(db, new Set(emails), touches);
    else await touchpointsByLead(db, emails, touches);
    await findHistoryMarkers(db, touches);
  }
  for (const source of SOURCE_IDS) {
    if (source === 'local' || !sources.has(source)) continue;
    const entries: CacheEntry[] = await db.getAll(
      'cache',
      IDBKeyRange.bound([source, ''], [source, '\uffff']),
    );
    for (const entry of entries) {
      if (!entry.lead) continue;
      addLead(source, entry.lead);
      for (const touchpoint of entry.touchpoints) touches.add(touchpoint);
    }
  }

  const leads: Lead[] = [];
  for (const [email, parts] of leadParts) {
    const lead = mergeLeads(email, parts);
    if (lead?.mqlAt && inSpan(lead.mqlAt, from - MARGIN_MS, to + MARGIN_MS)) {
      leads.push(lead);
    }
  }
  return {
    leads,
    touchpoints: touches.result(),
    outcomes,
    strategy,
    skipped,
    knownLeads: leadParts.size,
    outcomesEver:
      (await db.count('outcomes')) -
      (await db.countFromIndex('outcomes', 'byDelivery', 'discarded')) -
      (await db.countFromIndex('outcomes', 'byDelivery', 'undone')),
    sampleLeads,
  };
}

function inSpan(iso: string, start: number, end: number): boolean {
  const at = Date.parse(iso);
  return at >= start && at < end;
}

async function readOutcomes(db: DB, since: string): Promise<{ outcomes: Outcome[]; skipped: number }> {
  const rows: unknown[] = await db.getAllFromIndex('outcomes', 'byCreated', IDBKeyRange.lowerBound(since));
  const outcomes: Outcome[] = [];
  let skipped = 0;
  for (const row of rows) {
    // Rows were parsed when recorded, but a store outlives versions of the schema: check again.
    const parsed = Outcome.safeParse(row);
    if (!parsed.success) skipped++;
    else if (!isWithdrawn(parsed.data.delivery)) outcomes.push(parsed.data);
  }
  return { outcomes, skipped };
}

/**
 * The cheaper way to read the workspace's touchpoints (see the module comment). `sampleInSpan`
 * is the number of touchpoints in the span of `sampledLeads` leads.
 */
export function chooseStrategy(counts: {
  leads: number;
  touchpoints: number;
  sampledLeads: number;
  sampleInSpan: number;
}): LoadStrategy {
  const { leads, touchpoints, sampledLeads, sampleInSpan } = counts;
  if (leads === 0 || touchpoints === 0) return 'by-lead';
  const perLead = sampledLeads > 0 ? sampleInSpan / sampledLeads : touchpoints / leads;
  const byLead = leads * (perLead + REQUEST_COST);
  const scan = touchpoints + Math.ceil(touchpoints / BATCH) * REQUEST_COST;
  return byLead <= scan ? 'by-lead' : 'scan';
}

async function chooseFor(
  db: DB,
  emails: string[],
  span: { start: string; end: string },
): Promise<LoadStrategy> {
  const touchpoints = await touchpointCount(db);
  if (emails.length === 0 || touchpoints === 0) return 'by-lead';
  // Evenly spaced leads, so a workspace sorted by anything still gives a fair sample.
  const step = Math.max(1, Math.floor(emails.length / SAMPLE_LEADS));
  const sample = emails.filter((_, index) => index % step === 0).slice(0, SAMPLE_LEADS);
  let sampleInSpan = 0;
  await eachTouchpointOfLeads(db, sample, span, () => sampleInSpan++);
  return chooseStrategy({ leads: emails.length, touchpoints, sampledLeads: sample.length, sampleInSpan });
}

async function touchpointsByLead(db: DB, emails: string[], touches: TouchCollector): Promise<void> {
  await eachTouchpointOfLeads(db, emails, touches.span, (touchpoint) => touches.add(touchpoint));
}

async function scanTouchpoints(db: DB, known: Set<string>, touches: TouchCollector): Promise<void> {
  await eachTouchpoint(db, (touchpoint) => {
    // The by-lead path only sees leads the workspace knows; so does the scan, to agree with it.
    if (known.has(touchpoint.leadEmail)) touches.add(touchpoint);
  });
}

/** Leads with an outcome and no touchpoint read: look up whether they have any history at all. */
async function findHistoryMarkers(db: DB, touches: TouchCollector): Promise<void> {
  const missing = touches.leadsWithoutHistory();
  if (missing.length === 0) return;
  for (const first of await earliestTouchpoints(db, missing)) touches.marker(first);
}

interface TouchCollector {
  readonly span: { start: string; end: string };
  /** Any touchpoint read: kept when it is a campaign touch in the span. */
  add(touchpoint: Touchpoint | WorkspaceTouchpoint): void;
  /** A touchpoint outside the span, only to show that its lead has a history. */
  marker(touchpoint: Touchpoint | WorkspaceTouchpoint): void;
  /** Leads with an outcome of which nothing has been seen yet. */
  leadsWithoutHistory(): string[];
  result(): Touchpoint[];
}

function createTouchCollector(
  span: { start: string; end: string },
  outcomeLeads: Set<string>,
): TouchCollector {
  const kept: Touchpoint[] = [];
  // The sidebar shows the same id from the same source once (mergeTouchpoints); so does the report.
  const seen = new Set<string>();
  /** Outcome leads → a touchpoint of theirs, for the marker. */
  const history = new Map<string, Touchpoint | WorkspaceTouchpoint>();

  return {
    span,
    add(touchpoint) {
      if (outcomeLeads.has(touchpoint.leadEmail) && !history.has(touchpoint.leadEmail)) {
        history.set(touchpoint.leadEmail, touchpoint);
      }
      if (!touchpoint.campaign || touchpoint.occurredAt < span.start || touchpoint.occurredAt >= span.end)
        return;
      const key = `${touchpoint.source}\u0000${touchpoint.id}\u0000${touchpoint.leadEmail}`;
      if (seen.has(key)) return;
      seen.add(key);
      kept.push(plain(touchpoint));
    },
    marker(touchpoint) {
      if (!history.has(touchpoint.leadEmail)) history.set(touchpoint.leadEmail, touchpoint);
    },
    leadsWithoutHistory() {
      return [...outcomeLeads].filter((email) => !history.has(email));
    },
    result() {
      const human = markMachineActivity(kept).filter(isHumanEngagement);
      const withTouches = new Set(human.map((touchpoint) => touchpoint.leadEmail));
      for (const [email, touchpoint] of history) {
        if (withTouches.has(email)) continue;
        const { campaign: _campaign, ...marker } = plain(touchpoint);
        human.push(marker);
      }
      return human;
    },
  };
}

/** A stored touchpoint without the store's own fields. */
function plain(touchpoint: Touchpoint | WorkspaceTouchpoint): Touchpoint {
  if (!('workspace' in touchpoint)) return touchpoint;
  const { workspace: _workspace, ...rest } = touchpoint;
  return rest;
}

/** The same outcome from the platform and from this browser once; drop undone ones. */
export function mergeOutcomes(local: readonly Outcome[], team: readonly Outcome[]): Outcome[] {
  const byId = new Map<string, Outcome>();
  for (const outcome of local) byId.set(outcome.id, outcome);
  // This browser's copy knows whether it was undone; the platform's only that it arrived.
  for (const outcome of team) if (!byId.has(outcome.id)) byId.set(outcome.id, outcome);
  return [...byId.values()].filter((outcome) => !isWithdrawn(outcome.delivery));
}

/**
 * Team scope: the report page asks the background for the team's outcomes from a platform that
 * can list them (`report.teamOutcomes`: the REST contract's `GET {base}/outcomes?since=`;
 * HubSpot notes could follow). Where none can, the page shows this browser's outcomes, saying
 * why. These are the sources whose connector can list them today.
 */
export const TEAM_OUTCOME_SOURCES: readonly SourceId[] = PLATFORMS.filter((p) => p.listsTeamOutcomes).map(
  (p) => p.id,
);
export { TeamOutcomes };
