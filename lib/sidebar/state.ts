/**
 * The sidebar's state: signals plus the actions that change them. Created per sidebar by
 * `createSidebarState(deps)` and handed down through `SidebarContext` (STYLE.md §8), so every
 * test starts fresh and nothing lives in module globals. Everything that talks to the
 * background is an injected callback; this module never touches `browser.*`.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { slaStatus } from '../insights/sla';
import { isWithdrawn, type Outcome, type Touchpoint } from '../model';
import type { LeadView } from '../model/view';
import type { OutcomeDraft } from '../messaging/protocol';
import type { Result } from '../messaging/result';
import type {
  ActivitySeries,
  CampaignEngagement,
  ClockState,
  EngagementScore,
  Signal,
} from '../insights/types';
import { defaultSidebarConfig, type SidebarConfig } from './config';
import { createFormatter, type Formatter } from './format';
import { defaultInsights, type InsightFns } from './insights';
import { internView, sameData } from './intern';
import type { KindFilter } from './labels';
import {
  TIMELINE_FIRST_PAGE,
  TIMELINE_PAGE,
  countByGroup,
  filterTimeline,
  isFiltered,
  searchText,
  sortNewestFirst,
  type TimelineFilter,
} from './timeline';

export type ViewStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Work done once per touchpoints array (see derivedOf in createSidebarState). */
interface Derived {
  marked: Touchpoint[];
  /** Per insight: the value, and what else (the hour, say) it was computed from. */
  memos: Map<string, { key: string; value: unknown }>;
}

export interface Person {
  email: string;
  name?: string;
  role?: 'sender' | 'to' | 'cc' | 'record';
}

export interface SidebarDeps {
  requestLead(email: string, options: { refresh: boolean }): Promise<Result<LeadView>>;
  recordOutcome(draft: OutcomeDraft): Promise<Result<Outcome>>;
  undoOutcome(id: string): Promise<Result<{ undone: boolean }>>;
  retryOutcome(id: string): Promise<Result<Outcome>>;
  discardOutcome(id: string): Promise<Result<Outcome>>;
  openOptions(section?: string): unknown;
  useSampleWorkspace(): Promise<Result<unknown>>;
  setOpen(open: boolean): unknown;
  config?: SidebarConfig;
  /** The insight functions; the real ones by default, fakes in tests. */
  insights?: Partial<InsightFns>;
  now?: () => number;
  /** How often "3 min ago" and the SLA clock move. */
  tickMs?: number;
  /**
   * What moves them instead of a plain interval of `tickMs`: calls `tick` when the time shown
   * should move, and returns how to stop (the frame's ticker skips hidden tabs).
   */
  ticker?: (tick: () => void) => () => void;
  undoSeconds?: number;
  open?: boolean;
  online?: boolean;
  locale?: string;
  timeZone?: string;
}

/** An outcome just recorded: undo while `undoLeft` > 0, then its delivery state. */
export interface PendingOutcome {
  outcome: Outcome;
  undoLeft: number;
  /** An undo, retry or discard that the background refused. */
  error?: string;
}

/** What the outcome bar sends; the lead's address and `supersedes` are filled in here. */
export type OutcomeChoice = Omit<OutcomeDraft, 'leadEmail' | 'supersedes'>;

export const ACTIVITY_DAYS = 90;
const HOUR = 3_600_000;
const CACHE_SIZE = 8;
const NO_TOUCHPOINTS: Touchpoint[] = [];

/**
 * The moment a lead's data is in the frame, ready to show (from the cache on selection, or the
 * background's first answer); the sidebar marks the first paint after it (see SidebarApp), and
 * the benchmark reads the measure between the two. Marks are cheap; they are always on.
 */
export const LEAD_ARRIVED_MARK = 'loopline:lead-arrived';

export const LEAD_PAINTED_MARK = 'loopline:lead-painted';
/** From LEAD_ARRIVED_MARK to the first paint of the lead's content. */
export const FIRST_SCREEN_MEASURE = 'loopline:first-screen';

function markLeadArrived() {
  globalThis.performance?.mark?.(LEAD_ARRIVED_MARK);
}

/** Called once the lead's content has been painted (after a frame with it on screen). */
export function markLeadPainted(): void {
  const performance = globalThis.performance;
  if (!performance?.mark || !performance.measure) return;
  performance.mark(LEAD_PAINTED_MARK);
  try {
    performance.measure(FIRST_SCREEN_MEASURE, LEAD_ARRIVED_MARK, LEAD_PAINTED_MARK);
  } catch {
    // No arrival mark (cleared by someone): nothing to measure.
  }
}

function failure(result: Result<unknown>): string {
  return result.ok ? '' : result.error.message;
}

/** Callbacks cross into the background; a thrown error is turned into a Result, never lost. */
async function attempt<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message } };
  }
}

/** An insight function with a bug must cost its own section, not the whole sidebar. */
function guarded<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

export function createSidebarState(deps: SidebarDeps) {
  const now = deps.now ?? (() => Date.now());
  const insights: InsightFns = { ...defaultInsights, ...deps.insights };
  const undoSeconds = deps.undoSeconds ?? 5;
  const format: Formatter = createFormatter({ locale: deps.locale, timeZone: deps.timeZone });

  const config = signal<SidebarConfig>(deps.config ?? defaultSidebarConfig());
  const open = signal(deps.open ?? true);
  const online = signal(deps.online ?? true);
  const clock = signal(now());
  const status = signal<ViewStatus>('idle');
  const view = signal<LeadView | null>(null);
  /** The last request's failure; shown over the data when there is data, instead of it when not. */
  const error = signal<string | null>(null);
  const refreshing = signal(false);
  const people = signal<Person[]>([]);
  const selected = signal<string | null>(null);

  const group = signal<KindFilter>('all');
  const query = signal('');
  const activeSignal = signal<string | null>(null);
  const hideMachine = signal(false);
  const visibleCount = signal(TIMELINE_FIRST_PAGE);

  const saving = signal(false);
  const recordError = signal<string | null>(null);
  const pending = signal<PendingOutcome | null>(null);
  /** Id of a delivered outcome the next click corrects. */
  const correcting = signal<string | null>(null);

  // Last answers per address, so switching back to a person shows them at once while refreshing.
  // Bounded: a long Gmail session visits hundreds of threads, and one view can hold 20,000
  // touchpoints. Map order is insertion order, so the first key is the least recently used.
  const viewCache = new Map<string, LeadView>();
  const remember = (email: string, value: LeadView) => {
    viewCache.delete(email);
    viewCache.set(email, value);
    if (viewCache.size > CACHE_SIZE) viewCache.delete(viewCache.keys().next().value!);
  };
  let requestToken = 0;
  let undoTimer: ReturnType<typeof setInterval> | undefined;
  const tick = () => (clock.value = now());
  const every = (ms: number) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  };
  const stopTicks = deps.ticker ? deps.ticker(tick) : every(deps.tickMs ?? 30_000);

  // Scores and signals move with the hour, not with every 30-second tick of the clock.
  const hour = computed(() => Math.floor(clock.value / HOUR) * HOUR);

  // Its own signal, so that a new view with the same touchpoints (see internView) leaves the
  // insights and the timeline alone.
  const rawTouchpoints = computed(() => view.value?.touchpoints ?? NO_TOUCHPOINTS);

  // What is worked out from a lead's touchpoints, kept per touchpoints array: coming back to a
  // lead (its view is in viewCache, with the same array) costs nothing for a 20,000-touch
  // history. Insights that move with the hour remember the hour (and what else they read)
  // they were computed for. Held weakly: a view leaving viewCache takes its work with it.
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
      guarded(() => insights.activitySeries(list, new Date(at), ACTIVITY_DAYS, deps.timeZone), []),
    );
  });

  /** The just-recorded outcome, with the freshest delivery state the background has pushed. */
  const pendingOutcome = computed<PendingOutcome | null>(() => {
    const current = pending.value;
    if (!current || current.outcome.leadEmail !== selected.value) return null;
    const pushed = view.value?.outcomes.find((outcome) => outcome.id === current.outcome.id);
    return pushed ? { ...current, outcome: pushed } : current;
  });

  /** Outcomes on this lead, newest first, including one recorded a moment ago. */
  const outcomes = computed<Outcome[]>(() => {
    const list = (view.value?.outcomes ?? []).filter((outcome) => !isWithdrawn(outcome.delivery));
    const mine = pendingOutcome.value?.outcome;
    if (mine && !isWithdrawn(mine.delivery) && !list.some((outcome) => outcome.id === mine.id)) {
      return [mine, ...list];
    }
    return list;
  });

  const slaClock = computed<ClockState>(() => {
    const lead = view.value?.lead;
    if (!lead) return { kind: 'none' };
    // The one SLA rule (lib/insights/sla.ts), over the outcomes shown, including one just recorded.
    return guarded(
      () =>
        slaStatus(
          { lead, outcomes: outcomes.value, now: new Date(clock.value), sla: config.value.sla },
          insights.slaClock,
        ),
      { kind: 'none' } as ClockState,
    );
  });

  const signalIds = computed<ReadonlySet<string> | null>(() => {
    const id = activeSignal.value;
    if (!id) return null;
    const found = signals.value.find((item) => item.id === id);
    return found ? new Set(found.touchpointIds) : null;
  });

  const filter = computed<TimelineFilter>(() => ({
    group: group.value,
    query: query.value,
    ids: signalIds.value,
    hideMachine: hideMachine.value,
  }));

  const matched = computed(() => {
    const current = filter.value;
    // The search texts are read only when there is something to search for.
    return filterTimeline(sorted.value, current.query.trim() ? texts.value : [], current);
  });

  const timeline = computed(() => {
    const all = matched.value;
    const shown = Math.min(all.length, visibleCount.value);
    return {
      items: all.slice(0, shown),
      matched: all.length,
      total: sorted.value.length,
      hasMore: shown < all.length,
      filtered: isFiltered(filter.value),
    };
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

  function resetLeadScopedState() {
    group.value = 'all';
    query.value = '';
    activeSignal.value = null;
    hideMachine.value = false;
    visibleCount.value = TIMELINE_FIRST_PAGE;
    correcting.value = null;
    recordError.value = null;
  }

  async function load(email: string, refresh: boolean) {
    const token = ++requestToken;
    if (refresh) refreshing.value = true;
    const result = await attempt(() => deps.requestLead(email, { refresh }));
    // A late answer for a person no longer selected (or overtaken by a newer request) is not
    // shown; it is kept for coming back to that person unless something newer is kept already.
    if (token !== requestToken || selected.value !== email) {
      if (result.ok && selected.value !== email && !viewCache.has(email)) remember(email, result.value);
      return;
    }
    batch(() => {
      refreshing.value = false;
      if (result.ok) {
        if (!view.value) markLeadArrived();
        const next = internView(view.value, result.value);
        remember(email, next);
        view.value = next;
        error.value = null;
        status.value = 'ready';
      } else {
        error.value = result.error.message;
        // Keep showing what we had; the error is a banner over it.
        status.value = view.value ? 'ready' : 'error';
      }
    });
  }

  function select(email: string) {
    const address = email.trim().toLowerCase();
    if (!address) return;
    // Selecting the person already shown (or loading) is a no-op; after an error it retries.
    if (address === selected.value && (status.value === 'loading' || status.value === 'ready')) return;
    const cached = viewCache.get(address);
    if (cached) markLeadArrived();
    batch(() => {
      selected.value = address;
      view.value = cached ?? null;
      error.value = null;
      status.value = cached ? 'ready' : 'loading';
      resetLeadScopedState();
    });
    void load(address, false);
  }

  /** The content script found these people on the page; keep the selection if still there. */
  function setPeople(list: Person[], preferred?: string) {
    const unique: Person[] = [];
    for (const person of list) {
      const email = person.email.trim().toLowerCase();
      if (email && !unique.some((other) => other.email === email)) unique.push({ ...person, email });
    }
    if (!sameData(unique, people.value)) people.value = unique;
    if (unique.length === 0) {
      clear();
      return;
    }
    const keep = unique.find((person) => person.email === selected.value);
    const wanted = preferred?.trim().toLowerCase();
    const next = unique.find((person) => person.email === wanted) ?? keep ?? unique[0];
    if (next) select(next.email);
  }

  /** Nothing on the page to show (navigated away from the thread). */
  function clear() {
    requestToken++;
    batch(() => {
      selected.value = null;
      view.value = null;
      error.value = null;
      refreshing.value = false;
      status.value = 'idle';
      people.value = [];
      resetLeadScopedState();
    });
  }

  function refresh() {
    const email = selected.value;
    if (!email) return Promise.resolve();
    if (!view.value) status.value = 'loading';
    return load(email, true);
  }

  /** Fresh data pushed by the background (`lead.updated`). */
  function receiveUpdate(next: LeadView) {
    // Only people on this page are worth keeping; a push for anyone else is dropped.
    if (next.email !== selected.value) {
      if (viewCache.has(next.email)) remember(next.email, next);
      return;
    }
    const kept = internView(view.value, next);
    remember(next.email, kept);
    batch(() => {
      view.value = kept;
      error.value = null;
      status.value = 'ready';
    });
  }

  function setOpen(value: boolean) {
    if (open.value === value) return;
    open.value = value;
    void deps.setOpen(value);
  }

  function setOnline(value: boolean) {
    const cameBack = value && !online.value;
    online.value = value;
    if (cameBack && selected.value && (status.value === 'error' || error.value)) void refresh();
  }

  function stopUndoTimer() {
    if (undoTimer !== undefined) clearInterval(undoTimer);
    undoTimer = undefined;
  }

  function startUndoTimer() {
    stopUndoTimer();
    undoTimer = setInterval(() => {
      const current = pending.value;
      if (!current || current.undoLeft <= 1) {
        stopUndoTimer();
        if (current) pending.value = { ...current, undoLeft: 0 };
        return;
      }
      pending.value = { ...current, undoLeft: current.undoLeft - 1 };
    }, 1000);
  }

  async function recordOutcome(choice: OutcomeChoice): Promise<boolean> {
    const email = selected.value;
    if (!email || saving.value) return false;
    const supersedes = correcting.value ?? undefined;
    saving.value = true;
    recordError.value = null;
    const result = await attempt(() => deps.recordOutcome({ ...choice, leadEmail: email, supersedes }));
    saving.value = false;
    if (!result.ok) {
      recordError.value = `Not saved: ${failure(result)}`;
      return false;
    }
    batch(() => {
      correcting.value = null;
      pending.value = { outcome: result.value, undoLeft: undoSeconds };
    });
    startUndoTimer();
    return true;
  }

  async function undo(): Promise<boolean> {
    const current = pending.value;
    if (!current || current.undoLeft <= 0) return false;
    stopUndoTimer();
    const result = await attempt(() => deps.undoOutcome(current.outcome.id));
    if (result.ok && result.value.undone) {
      const id = current.outcome.id;
      batch(() => {
        pending.value = null;
        if (view.value)
          view.value = { ...view.value, outcomes: view.value.outcomes.filter((o) => o.id !== id) };
      });
      return true;
    }
    // Too late (already on its way) or refused: the outcome stands; say so.
    pending.value = {
      ...current,
      undoLeft: 0,
      error: result.ok
        ? 'Too late to undo: it is already on its way. Record a correction instead.'
        : failure(result),
    };
    return false;
  }

  /** Apply an outcome the background answered with to whatever shows it. */
  function applyOutcome(updated: Outcome) {
    batch(() => {
      const current = pending.value;
      if (current && current.outcome.id === updated.id) pending.value = { ...current, outcome: updated };
      if (view.value?.outcomes.some((o) => o.id === updated.id)) {
        view.value = {
          ...view.value,
          outcomes: view.value.outcomes.map((o) => (o.id === updated.id ? updated : o)),
        };
      }
    });
  }

  async function act(id: string, call: (id: string) => Promise<Result<Outcome>>) {
    const result = await attempt(() => call(id));
    if (result.ok) applyOutcome(result.value);
    else if (pending.value?.outcome.id === id) pending.value = { ...pending.value, error: failure(result) };
    else recordError.value = failure(result);
    return result.ok;
  }

  const retry = (id: string) => act(id, deps.retryOutcome);
  const discard = (id: string) => act(id, deps.discardOutcome);

  function startCorrection(id: string) {
    correcting.value = id;
  }

  function cancelCorrection() {
    correcting.value = null;
  }

  async function useSampleWorkspace() {
    const result = await attempt(() => deps.useSampleWorkspace());
    if (!result.ok) {
      error.value = failure(result);
      return false;
    }
    await refresh();
    return true;
  }

  function dispose() {
    stopTicks();
    stopUndoTimer();
    requestToken++;
  }

  const readonly = <T>(value: ReadonlySignal<T>) => value;

  return {
    format,
    config,
    open: readonly(open),
    online: readonly(online),
    clock: readonly(clock),
    status: readonly(status),
    view: readonly(view),
    error: readonly(error),
    refreshing: readonly(refreshing),
    people: readonly(people),
    selected: readonly(selected),
    group: readonly(group),
    query: readonly(query),
    activeSignal: readonly(activeSignal),
    hideMachine: readonly(hideMachine),
    visibleCount: readonly(visibleCount),
    saving: readonly(saving),
    recordError: readonly(recordError),
    correcting: readonly(correcting),
    pendingOutcome,
    outcomes,
    score,
    signals,
    campaigns,
    activity,
    slaClock,
    groupCounts,
    timeline,
    sourceNames,
    fetchedAt,

    setPeople,
    select,
    clear,
    refresh,
    receiveUpdate,
    setOpen,
    toggle: () => setOpen(!open.value),
    setOnline,
    setConfig: (next: SidebarConfig) => (config.value = next),
    setGroup(next: KindFilter) {
      group.value = next;
      visibleCount.value = TIMELINE_FIRST_PAGE;
    },
    setQuery(next: string) {
      query.value = next;
      visibleCount.value = TIMELINE_FIRST_PAGE;
    },
    setHideMachine(next: boolean) {
      hideMachine.value = next;
      visibleCount.value = TIMELINE_FIRST_PAGE;
    },
    /** Activating the active signal again turns its filter off. */
    toggleSignal(id: string) {
      activeSignal.value = activeSignal.value === id ? null : id;
      visibleCount.value = TIMELINE_FIRST_PAGE;
    },
    clearFilters() {
      batch(() => {
        group.value = 'all';
        query.value = '';
        activeSignal.value = null;
        hideMachine.value = false;
        visibleCount.value = TIMELINE_FIRST_PAGE;
      });
    },
    showMore() {
      visibleCount.value += TIMELINE_PAGE;
    },
    recordOutcome,
    undo,
    retry,
    discard,
    startCorrection,
    cancelCorrection,
    dismissPending: () => (pending.value = null),
    openOptions: (section?: string) => void deps.openOptions(section),
    useSampleWorkspace,
    dispose,
  };
}

export type SidebarState = ReturnType<typeof createSidebarState>;
