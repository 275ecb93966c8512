/**
 * Shared by the sidebar state's tests (state, lead-loader, lead-insights, timeline-filter and
 * outcome-flow): two people, a view for each, and states that are disposed after each test.
 */
import { afterEach, vi } from 'vitest';
import type { LeadView } from '../model/view';
import { createSidebarState, type SidebarDeps, type SidebarState } from './state';
import { leadView, testDeps } from './test-data';

export const A = 'a@one.example';
export const B = 'b@two.example';
export const viewFor = (email: string, extra: Partial<LeadView> = {}) =>
  leadView({ email, lead: { ...leadView().lead!, email, name: email.toUpperCase() }, ...extra });

/** Lets the awaited callbacks inside the state's actions settle. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A `make(overrides)` for this test file: each state is disposed, and real timers restored, after each test. */
export function stateMaker(): (overrides?: Partial<SidebarDeps>) => SidebarState {
  let states: SidebarState[] = [];
  afterEach(() => {
    for (const state of states) state.dispose();
    states = [];
    vi.useRealTimers();
  });
  return (overrides = {}) => {
    const state = createSidebarState(testDeps(overrides));
    states.push(state);
    return state;
  };
}
