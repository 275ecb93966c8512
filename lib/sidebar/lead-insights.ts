/**
 * What the sidebar works out from the lead on screen: its timeline sorted newest first, score,
 * signals, engagement by campaign, activity, the SLA clock, and where the data came from. Kept
 * per touchpoints array, so that coming back to a lead costs nothing, and guarded, so that an
 * insight function with a bug costs its own section, not the whole sidebar. Part of the
 * sidebar's state (state.ts).
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import { slaStatus } from '../insights/sla';
import type { Outcome, Touchpoint } from '../model';
import type { LeadView } from '../model/view';
import type {
  ActivitySeries,
  CampaignEngagement,
  ClockState,
  EngagementScore,
  Signal,
} from '../insights/types';
import type { SidebarConfig } from './config';
import type { InsightFns } from './insights';
import { sameData } from './intern';
import { countByGroup, searchText, sortNewestFirst } from './timeline';

export const ACTIVITY_DAYS = 90;
const HOUR = 3_600_000;
const NO_TOUCHPOINTS: Touchpoint[] = [];

/** Work done once per touchpoints array (see derivedOf). */
interface Derived {
  marked: Touchpoint[];
  /** Per insight: the value, and what else (the hour, say) it was computed from. */
  memos: Map<string, { key: string; value: unknown }>;
}

/** An insight function with a bug must cost its own section, not the whole sidebar. */
function guarded<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

export interface LeadInsightsInput {
  view: ReadonlySignal<LeadView | null>;
  /** The time shown (moves on the sidebar's ticker). */
  clock: ReadonlySignal<number>;
  /** The outcomes shown, one just recorded included (they stop the SLA clock). */
  outcomes: ReadonlySignal<Outcome[]>;
  sla: ReadonlySignal<SidebarConfig['sla']>;
  insights: InsightFns;
  timeZone?: string;
}

export function createLeadInsights({ view, clock, outcomes, sla, insights, timeZone }: LeadInsightsInput) {
  // Scores and signals move with the hour, not with every tick of the clock.
  const hour = computed(() => Math.floor(clock.value / HOUR) * HOUR);

  // Its own signal, so that a new view with the same touchpoints (see internView) leaves the
  // insights and the timeline alone.
  const rawTouchpoints = computed(() => view.value?.touchpoints ?? NO_TOUCHPOINTS);

  // What is worked out from a lead's touchpoints, kept per touchpoints array: coming back to a
  // lead (its view is in the loader's cache, with the same array) costs nothing for a
  // 20,000-touch history. Insights that move with the hour remember the hour (and what else
  // they read) they were computed for. Held weakly: a view leaving the cache takes its work.
  const derivedByList = new WeakMap<Touchpoint[], Derived>();
  const derivedOf = (raw: Touchpoint[]): Derived => {
    let derived = derivedByList.get(raw);
    if (!derived) {
      const mark = insights.markMachineActivity;
      derived = { marked: mark ? guarded(() => mark(raw), raw) : raw, memos: new Map() };
      derivedByList.set(raw, derived);
    }
    return derived;
  };
  function remembered<T>(
    raw: Touchpoint[],
    name: string,
    key: string,
    compute: (marked: Touchpoint[]) => T,
  ): T {
    const derived = derivedOf(raw);
    const memo = derived.memos.get(name);
    if (memo && memo.key === key) return memo.value as T;
    const value = compute(derived.marked);
    derived.memos.set(name, { key, value });
    return value;
  }

  const sorted = computed(() =>
    remembered(rawTouchpoints.value, 'sorted', '', (marked) => sortNewestFirst(marked)),
  );
  // Only a search reads these; built on the first keystroke, not on every open.
  const texts = computed(() =>
    remembered(rawTouchpoints.value, 'texts', '', () => sorted.value.map(searchText)),
  );
  const groupCounts = computed(() =>
    remembered(rawTouchpoints.value, 'groupCounts', '', () => countByGroup(sorted.value)),
  );

  const colleaguesEngaged = computed(() => view.value?.colleaguesEngaged ?? 0);
  const score = computed<EngagementScore | null>(() => {
    const at = hour.value;
    return remembered(rawTouchpoints.value, 'score', String(at), (list) =>
      guarded(() => insights.engagementScore(list, new Date(at)), null),
    );
  });
  const signals = computed<Signal[]>(() => {
    const at = hour.value;
    const colleagues = colleaguesEngaged.value;
    return remembered(rawTouchpoints.value, 'signals', `${at}:${colleagues}`, (list) =>
      guarded(() => insights.computeSignals(list, { now: new Date(at), colleagues }), []),
    );
  });
  const campaigns = computed<CampaignEngagement[]>(() =>
    remembered(rawTouchpoints.value, 'campaigns', '', (list) => guarded(() => insights.byCampaign(list), [])),
  );
  const activity = computed<ActivitySeries>(() => {
    const at = hour.value;
    return remembered(rawTouchpoints.value, 'activity', String(at), (list) =>
      guarded(() => insights.activitySeries(list, new Date(at), ACTIVITY_DAYS, timeZone), []),
    );
  });

  const slaClock = computed<ClockState>(() => {
    const lead = view.value?.lead;
    if (!lead) return { kind: 'none' };
    // The one SLA rule (lib/insights/sla.ts), over the outcomes shown, including one just recorded.
    return guarded(
      () =>
        slaStatus(
          { lead, outcomes: outcomes.value, now: new Date(clock.value), sla: sla.value },
          insights.slaClock,
        ),
      { kind: 'none' } as ClockState,
    );
  });

  /** Source id → the name the background gave it ("Sample workspace"); one object per change. */
  let names: Record<string, string> = {};
  const sourceNames = computed<Record<string, string>>(() => {
    const next: Record<string, string> = {};
    for (const source of view.value?.sources ?? []) next[source.source] = source.label;
    // The sources change with every fetch time; their names almost never do.
    if (!sameData(next, names)) names = next;
    return names;
  });

  /** Newest fetch across the sources: "updated 3 min ago". */
  const fetchedAt = computed<string | undefined>(() => {
    let best: number | undefined;
    for (const source of view.value?.sources ?? []) {
      const time = source.fetchedAt ? Date.parse(source.fetchedAt) : NaN;
      if (Number.isFinite(time) && (best === undefined || time > best)) best = time;
    }
    return best === undefined ? undefined : new Date(best).toISOString();
  });

  return {
    sorted,
    texts,
    groupCounts,
    score,
    signals,
    campaigns,
    activity,
    slaClock,
    sourceNames,
    fetchedAt,
  };
}
