import { beforeEach, describe, expect, it } from 'vitest';
import type { SidebarState } from './state';
import { EMAIL, NOW, iso, leadView, ok, touchpoint } from './test-data';
import { A, settle, stateMaker } from './test-state';

const make = stateMaker();

describe('timeline paging and filters', () => {
  const many = Array.from({ length: 250 }, (_, i) =>
    touchpoint({
      id: `m-${i}`,
      title: i % 50 === 0 ? 'Pricing' : `Blog ${i}`,
      occurredAt: iso(NOW - i * 60_000),
    }),
  );
  let state: SidebarState;
  beforeEach(async () => {
    state = make({ requestLead: async () => ok(leadView({ touchpoints: many })) });
    state.select(EMAIL);
    await settle();
  });

  it('shows one page, then more', () => {
    expect(state.timeline.value).toMatchObject({ matched: 250, total: 250, hasMore: true, filtered: false });
    expect(state.timeline.value.items).toHaveLength(25);
    expect(state.timeline.value.items[0]?.id).toBe('m-0');
    state.showMore();
    expect(state.timeline.value.items).toHaveLength(125);
    state.showMore();
    state.showMore();
    expect(state.timeline.value.items).toHaveLength(250);
    expect(state.timeline.value.hasMore).toBe(false);
  });

  it('goes back to the first page when a filter changes', () => {
    state.showMore();
    state.setQuery('blog');
    expect(state.timeline.value.items).toHaveLength(25);
    expect(state.timeline.value.matched).toBe(245);
  });

  it('narrows to a signal, and lets go when it is activated again', () => {
    state.toggleSignal('pricing');
    expect(state.timeline.value.items.map((t) => t.id)).toEqual(['m-0', 'm-50', 'm-100', 'm-150', 'm-200']);
    state.toggleSignal('pricing');
    expect(state.timeline.value.matched).toBe(250);
  });

  it('clears every filter at once, and resets them for the next lead', async () => {
    state.setGroup('forms');
    state.setHideMachine(true);
    state.setQuery('x');
    state.clearFilters();
    expect(state.timeline.value.filtered).toBe(false);
    state.setQuery('blog');
    state.select(A);
    expect(state.query.value).toBe('');
  });
});
