/**
 * The sidebar's state: signals plus the actions that change them. Created per sidebar by
 * `createSidebarState(deps)` and handed down through `SidebarContext` (STYLE.md §8), so every
 * test starts fresh and nothing lives in module globals. Everything that talks to the
 * background is an injected callback; this module never touches `browser.*`.
 *
 * Composed of three parts, each its own module: which lead is shown (lead-loader.ts), the
 * timeline as the user narrows it (timeline-filter.ts), and recording an outcome
 * (outcome-flow.ts); what is worked out from the lead sits between them (lead-insights.ts).
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { defaultSidebarConfig, type SidebarConfig } from './config';
import { createFormatter, type Formatter } from './format';
import { defaultInsights, type InsightFns } from './insights';
import { createLeadInsights } from './lead-insights';
import { createLeadLoader, type LeadLoaderDeps } from './lead-loader';
import { createOutcomeFlow, type OutcomeCalls } from './outcome-flow';
import { createTimelineFilter } from './timeline-filter';

export { ACTIVITY_DAYS } from './lead-insights';
export {
  FIRST_SCREEN_MEASURE,
  LEAD_ARRIVED_MARK,
  LEAD_PAINTED_MARK,
  markLeadPainted,
  type NameLookup,
  type Person,
  type ShownByName,
  type ViewStatus,
} from './lead-loader';
export type { OutcomeChoice, PendingOutcome } from './outcome-flow';

export interface SidebarDeps extends Omit<LeadLoaderDeps, 'onLeadChange'>, OutcomeCalls {
  openOptions(section?: string): unknown;
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

export function createSidebarState(deps: SidebarDeps) {
  const now = deps.now ?? (() => Date.now());
  const format: Formatter = createFormatter({ locale: deps.locale, timeZone: deps.timeZone });

  const config = signal<SidebarConfig>(deps.config ?? defaultSidebarConfig());
  const open = signal(deps.open ?? true);
  const online = signal(deps.online ?? true);
  const clock = signal(now());
  const tick = () => (clock.value = now());
  const every = (ms: number) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  };
  const stopTicks = deps.ticker ? deps.ticker(tick) : every(deps.tickMs ?? 30_000);
  /**
   * Only the lead's first screen is drawn, the timeline not yet: it sits below the first screen
   * and is most of the sidebar's elements, so a lead is shown first and its timeline is drawn
   * once that has been painted (`firstScreenPainted`, from SidebarApp). Only in a frame that
   * paints (`afterPaint`); elsewhere everything is drawn at once.
   */
  const firstScreenOnly = signal(false);

  const lead = createLeadLoader({
    requestLead: deps.requestLead,
    findByName: deps.findByName,
    confirmName: deps.confirmName,
    forgetName: deps.forgetName,
    useSampleWorkspace: deps.useSampleWorkspace,
    afterPaint: deps.afterPaint,
    // What belongs to the last lead goes with it (called only after construction).
    onLeadChange() {
      filters.clearFilters();
      outcomeFlow.resetForLead();
      if (deps.afterPaint) firstScreenOnly.value = true;
    },
  });
  const outcomeFlow = createOutcomeFlow({
    calls: deps,
    selected: lead.selected,
    view: lead.view,
    undoSeconds: deps.undoSeconds ?? 5,
  });
  const derived = createLeadInsights({
    view: lead.view,
    clock,
    outcomes: outcomeFlow.outcomes,
    sla: computed(() => config.value.sla),
    insights: { ...defaultInsights, ...deps.insights },
    timeZone: deps.timeZone,
  });
  const filters = createTimelineFilter(derived);

  function setOpen(value: boolean) {
    if (open.value === value) return;
    open.value = value;
    void deps.setOpen(value);
  }

  function setOnline(value: boolean) {
    const cameBack = value && !online.value;
    online.value = value;
    if (cameBack) lead.retryAfterOffline();
  }

  const readonly = <T>(value: ReadonlySignal<T>) => value;

  return {
    format,
    config,
    open: readonly(open),
    online: readonly(online),
    clock: readonly(clock),
    status: readonly(lead.status),
    view: readonly(lead.view),
    error: readonly(lead.error),
    refreshing: readonly(lead.refreshing),
    people: readonly(lead.people),
    selected: readonly(lead.selected),
    selectedKey: readonly(lead.selectedKey),
    naming: readonly(lead.naming),
    shownByName: readonly(lead.shownByName),
    group: filters.group,
    query: filters.query,
    activeSignal: filters.activeSignal,
    hideMachine: filters.hideMachine,
    visibleCount: filters.visibleCount,
    firstScreenOnly: readonly(firstScreenOnly),
    saving: outcomeFlow.saving,
    recordError: outcomeFlow.recordError,
    correcting: outcomeFlow.correcting,
    pendingOutcome: outcomeFlow.pendingOutcome,
    outcomes: outcomeFlow.outcomes,
    score: derived.score,
    signals: derived.signals,
    campaigns: derived.campaigns,
    activity: derived.activity,
    slaClock: derived.slaClock,
    groupCounts: derived.groupCounts,
    timeline: filters.timeline,
    sourceNames: derived.sourceNames,
    fetchedAt: derived.fetchedAt,

    setPeople: lead.setPeople,
    previewPeople: lead.previewPeople,
    select: lead.select,
    confirmMatch: lead.confirmMatch,
    rejectMatch: lead.rejectMatch,
    clear: lead.clear,
    refresh: lead.refresh,
    receiveUpdate: lead.receiveUpdate,
    setOpen,
    /** The lead's first screen has been painted: the rest of it (the timeline) is drawn now. */
    firstScreenPainted: () => void (firstScreenOnly.value = false),
    toggle: () => setOpen(!open.value),
    setOnline,
    setConfig: (next: SidebarConfig) => (config.value = next),
    setGroup: filters.setGroup,
    setQuery: filters.setQuery,
    setHideMachine: filters.setHideMachine,
    toggleSignal: filters.toggleSignal,
    clearFilters: filters.clearFilters,
    showMore: filters.showMore,
    recordOutcome: outcomeFlow.recordOutcome,
    undo: outcomeFlow.undo,
    retry: outcomeFlow.retry,
    discard: outcomeFlow.discard,
    startCorrection: outcomeFlow.startCorrection,
    cancelCorrection: outcomeFlow.cancelCorrection,
    dismissPending: outcomeFlow.dismissPending,
    openOptions: (section?: string) => void deps.openOptions(section),
    useSampleWorkspace: lead.useSampleWorkspace,
    dispose() {
      stopTicks();
      outcomeFlow.dispose();
      lead.dispose();
    },
  };
}

export type SidebarState = ReturnType<typeof createSidebarState>;
