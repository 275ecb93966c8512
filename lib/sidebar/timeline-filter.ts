/**
 * The timeline as the user narrows it: a kind of activity, a search, one signal's touchpoints,
 * likely-automated activity hidden, and how many pages are shown. Every change of filter goes
 * back to the first page; another lead starts unfiltered. Part of the sidebar's state
 * (state.ts); the filtering itself is pure (timeline.ts).
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Touchpoint } from '../model';
import type { Signal } from '../insights/types';
import type { KindFilter } from './labels';
import {
  TIMELINE_FIRST_PAGE,
  TIMELINE_PAGE,
  filterTimeline,
  isFiltered,
  type TimelineFilter,
} from './timeline';

export interface TimelineFilterInput {
  /** The lead's touchpoints, newest first. */
  sorted: ReadonlySignal<Touchpoint[]>;
  /** Each touchpoint's search text, in the same order (read only while searching). */
  texts: ReadonlySignal<string[]>;
  signals: ReadonlySignal<Signal[]>;
}

export function createTimelineFilter({ sorted, texts, signals }: TimelineFilterInput) {
  const group = signal<KindFilter>('all');
  const query = signal('');
  const activeSignal = signal<string | null>(null);
  const hideMachine = signal(false);
  const visibleCount = signal(TIMELINE_FIRST_PAGE);

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

  /** No filter, first page: for another lead, and the "clear filters" button. */
  function clearFilters() {
    batch(() => {
      group.value = 'all';
      query.value = '';
      activeSignal.value = null;
      hideMachine.value = false;
      visibleCount.value = TIMELINE_FIRST_PAGE;
    });
  }

  const readonly = <T>(value: ReadonlySignal<T>) => value;

  return {
    group: readonly(group),
    query: readonly(query),
    activeSignal: readonly(activeSignal),
    hideMachine: readonly(hideMachine),
    visibleCount: readonly(visibleCount),
    timeline,
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
    clearFilters,
    showMore() {
      visibleCount.value += TIMELINE_PAGE;
    },
  };
}
