import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeadView } from '../model/view';
import type { Result } from '../messaging/result';
import type { Touchpoint } from '../model';
import { createSidebarState, type SidebarDeps, type SidebarState } from './state';
import { searchText } from './timeline';
import {
  EMAIL,
  NOW,
  deferred,
  fakeInsights,
  fail,
  hoursAgo,
  iso,
  leadView,
  ok,
  outcome,
  testDeps,
  touchpoint,
} from './test-data';

const A = 'a@one.example';
const B = 'b@two.example';
const viewFor = (email: string, extra: Partial<LeadView> = {}) =>
  leadView({ email, lead: { ...leadView().lead!, email, name: email.toUpperCase() }, ...extra });

let states: SidebarState[] = [];
function make(overrides: Partial<SidebarDeps> = {}) {
  const state = createSidebarState(testDeps(overrides));
  states.push(state);
  return state;
}

/** Lets the awaited callbacks inside the state's actions settle. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  for (const state of states) state.dispose();
  states = [];
  vi.useRealTimers();
});

describe('loading a lead', () => {
  it('goes idle → loading → ready', async () => {
    const state = make();
    expect(state.status.value).toBe('idle');
    state.select(EMAIL);
    expect(state.status.value).toBe('loading');
    await settle();
    expect(state.status.value).toBe('ready');
    expect(state.view.value?.lead?.name).toBe('Dana Whitfield');
  });

  it('normalises the address and ignores a blank one', async () => {
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const state = make({ requestLead });
    state.select('  ');
    state.select(' Dana@ACME.example ');
    await settle();
    expect(requestLead).toHaveBeenCalledTimes(1);
    expect(requestLead).toHaveBeenCalledWith(EMAIL, { refresh: false });
    expect(state.selected.value).toBe(EMAIL);
  });

  it('shows an error state when nothing could be loaded, and a banner over older data', async () => {
    let answer: Result<LeadView> = fail('Loopline was updated. Reload the page.');
    const state = make({ requestLead: async () => answer });
    state.select(EMAIL);
    await settle();
    expect(state.status.value).toBe('error');
    expect(state.error.value).toBe('Loopline was updated. Reload the page.');

    answer = ok(leadView());
    await state.refresh();
    expect(state.status.value).toBe('ready');
    expect(state.error.value).toBeNull();

    answer = fail('HubSpot timed out');
    await state.refresh();
    expect(state.status.value).toBe('ready');
    expect(state.view.value?.lead?.name).toBe('Dana Whitfield');
    expect(state.error.value).toBe('HubSpot timed out');
  });

  it('turns a thrown callback into an error instead of an unhandled rejection', async () => {
    const state = make({
      requestLead: async () => {
        throw new Error('Extension context invalidated.');
      },
    });
    state.select(EMAIL);
    await settle();
    expect(state.status.value).toBe('error');
    expect(state.error.value).toBe('Extension context invalidated.');
  });
});

describe('the race rule: a late answer for A is never shown for B', () => {
  it.each([
    ['A answers after B', ['B', 'A']],
    ['A answers before B', ['A', 'B']],
  ])('%s', async (_name, order) => {
    const answers = { A: deferred<Result<LeadView>>(), B: deferred<Result<LeadView>>() };
    const state = make({ requestLead: (email) => (email === A ? answers.A.promise : answers.B.promise) });
    state.select(A);
    state.select(B);
    for (const who of order as ('A' | 'B')[]) {
      answers[who].resolve(ok(viewFor(who === 'A' ? A : B)));
      await settle();
      if (who === 'A') {
        expect(state.view.value?.email).not.toBe(A);
      }
    }
    expect(state.selected.value).toBe(B);
    expect(state.view.value?.email).toBe(B);
    expect(state.status.value).toBe('ready');
  });

  it('keeps a late answer for A to show at once when A is selected again', async () => {
    const first = deferred<Result<LeadView>>();
    const again = deferred<Result<LeadView>>();
    const forA = [first, again];
    const state = make({
      requestLead: (email) => (email === A ? forA.shift()!.promise : Promise.resolve(ok(viewFor(B)))),
    });
    state.select(A);
    state.select(B);
    first.resolve(ok(viewFor(A)));
    await settle();
    expect(state.view.value?.email).toBe(B);
    state.select(A);
    expect(state.status.value).toBe('ready');
    expect(state.view.value?.email).toBe(A);
    again.resolve(ok(viewFor(A)));
    await settle();
    expect(state.view.value?.email).toBe(A);
  });

  it('drops a late error for A too', async () => {
    const answers = { A: deferred<Result<LeadView>>(), B: deferred<Result<LeadView>>() };
    const state = make({ requestLead: (email) => (email === A ? answers.A.promise : answers.B.promise) });
    state.select(A);
    state.select(B);
    answers.B.resolve(ok(viewFor(B)));
    await settle();
    answers.A.resolve(fail('A failed'));
    await settle();
    expect(state.error.value).toBeNull();
    expect(state.view.value?.email).toBe(B);
  });

  it('drops an older answer for the same person overtaken by a refresh', async () => {
    const first = deferred<Result<LeadView>>();
    const second = deferred<Result<LeadView>>();
    const calls = [first, second];
    const state = make({ requestLead: () => calls.shift()!.promise });
    state.select(A);
    void state.refresh();
    second.resolve(ok(viewFor(A, { colleaguesEngaged: 2 })));
    await settle();
    first.resolve(ok(viewFor(A, { colleaguesEngaged: 1 })));
    await settle();
    expect(state.view.value?.colleaguesEngaged).toBe(2);
  });

  it('ignores a pushed update for someone else, applies one for the selected person', async () => {
    const state = make();
    state.select(B);
    await settle();
    state.receiveUpdate(viewFor(A));
    expect(state.view.value?.email).toBe(B);
    state.receiveUpdate(viewFor(B, { colleaguesEngaged: 4 }));
    expect(state.view.value?.colleaguesEngaged).toBe(4);
  });

  it('ignores an answer that arrives after the page was left', async () => {
    const answer = deferred<Result<LeadView>>();
    const state = make({ requestLead: () => answer.promise });
    state.select(A);
    state.clear();
    answer.resolve(ok(viewFor(A)));
    await settle();
    expect(state.status.value).toBe('idle');
    expect(state.view.value).toBeNull();
  });

  it('retries when the person is selected again after an error', async () => {
    const requestLead = vi.fn(async () => fail('offline'));
    const state = make({ requestLead });
    state.select(A);
    await settle();
    state.select(A);
    expect(state.status.value).toBe('loading');
    await settle();
    expect(requestLead).toHaveBeenCalledTimes(2);
    expect(state.status.value).toBe('error');
  });

  it('keeps only the last few people in memory', async () => {
    const state = make();
    for (let i = 0; i < 10; i++) {
      state.select(`p${i}@x.example`);
      await settle();
    }
    state.select('p1@x.example');
    expect(state.status.value).toBe('loading');
    state.select('p9@x.example');
    expect(state.status.value).toBe('ready');
  });

  it('shows the last answer at once when switching back, while it refreshes', async () => {
    const state = make();
    state.select(A);
    await settle();
    state.select(B);
    await settle();
    state.select(A);
    expect(state.status.value).toBe('ready');
    expect(state.view.value?.email).toBe(A);
  });
});

describe('people on the page', () => {
  it('de-duplicates, keeps the current selection, honours a preferred address', async () => {
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const state = make({ requestLead });
    state.setPeople([{ email: A, role: 'sender' }, { email: 'A@one.example' }, { email: B, role: 'cc' }]);
    expect(state.people.value.map((p) => p.email)).toEqual([A, B]);
    expect(state.selected.value).toBe(A);
    state.select(B);
    state.setPeople([{ email: A }, { email: B }]);
    expect(state.selected.value).toBe(B);
    state.setPeople([{ email: A }, { email: B }], A);
    expect(state.selected.value).toBe(A);
    await settle();
    state.setPeople([]);
    expect(state.status.value).toBe('idle');
    expect(state.selected.value).toBeNull();
  });
});

describe('derived data', () => {
  it('computes insights from the view and survives one that throws', async () => {
    const state = make({
      insights: {
        ...fakeInsights,
        engagementScore: () => {
          throw new Error('bug');
        },
      },
    });
    state.select(EMAIL);
    await settle();
    expect(state.score.value).toBeNull();
    expect(state.signals.value.map((s) => s.id)).toEqual(['pricing']);
    expect(state.campaigns.value.map((c) => c.campaignId)).toEqual(['c-webinar', 'c-news']);
    expect(state.activity.value).toHaveLength(90);
  });

  it('leaves the insights alone when a refresh answers what is already shown', async () => {
    const view = leadView();
    const engagementScore = vi.fn(fakeInsights.engagementScore);
    const state = make({
      // Each answer is a fresh copy, as runtime messaging delivers it; the second one has moved
      // only its sources' fetch time.
      requestLead: vi
        .fn()
        .mockResolvedValueOnce(ok(structuredClone(view)))
        .mockResolvedValueOnce(
          ok({
            ...structuredClone(view),
            sources: view.sources.map((source) => ({ ...source, fetchedAt: iso(NOW + 60_000) })),
          }),
        ),
      insights: { ...fakeInsights, engagementScore },
    });
    state.select(EMAIL);
    await settle();
    const firstScore = state.score.value;
    const firstTimeline = state.timeline.value;
    await state.refresh();
    expect(state.fetchedAt.value).toBe(iso(NOW + 60_000));
    expect(state.score.value).toBe(firstScore);
    expect(state.timeline.value).toBe(firstTimeline);
    expect(engagementScore).toHaveBeenCalledTimes(1);
  });

  it('works a lead out once: going back to it reuses the insights, the hour moving redoes them', async () => {
    let now = NOW;
    const spies = {
      engagementScore: vi.fn(fakeInsights.engagementScore),
      computeSignals: vi.fn(fakeInsights.computeSignals),
      byCampaign: vi.fn(fakeInsights.byCampaign),
      activitySeries: vi.fn(fakeInsights.activitySeries),
      markMachineActivity: vi.fn((list: Touchpoint[]) => list.slice()),
    };
    // The cache keeps the first answer for each person; later answers are equal copies.
    const state = make({
      requestLead: async (email) => ok(structuredClone(viewFor(email))),
      insights: { ...fakeInsights, ...spies },
      now: () => now,
      tickMs: 60_000,
    });
    const read = () => [state.score.value, state.signals.value, state.campaigns.value, state.activity.value];
    state.select(A);
    await settle();
    const first = read();
    state.select(B);
    await settle();
    read();
    state.select(A);
    await settle();
    expect(read()).toEqual(first);
    read().forEach((value, index) => expect(value).toBe(first[index]));
    for (const spy of Object.values(spies)) expect(spy).toHaveBeenCalledTimes(2);

    vi.useFakeTimers();
    now = NOW + 2 * 3_600_000;
    const restarted = make({
      requestLead: async (email) => ok(viewFor(email)),
      insights: { ...fakeInsights, ...spies },
      now: () => now,
      tickMs: 60_000,
    });
    restarted.select(A);
    await vi.advanceTimersByTimeAsync(0);
    const before = restarted.score.value;
    const campaigns = restarted.campaigns.value;
    const calls = spies.engagementScore.mock.calls.length;
    now += 3_600_000;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(restarted.score.value).not.toBe(before);
    expect(spies.engagementScore).toHaveBeenCalledTimes(calls + 1);
    // Campaign engagement does not move with the clock.
    expect(restarted.campaigns.value).toBe(campaigns);
  });

  it('builds the search texts on the first search, and finds by them', async () => {
    const state = make();
    state.select(EMAIL);
    await settle();
    const all = state.timeline.value.matched;
    expect(all).toBeGreaterThan(1);
    state.setQuery('pricing');
    expect(state.timeline.value.matched).toBeGreaterThan(0);
    expect(state.timeline.value.matched).toBeLessThan(all);
    expect(state.timeline.value.items.every((t) => /pricing/i.test(searchText(t)))).toBe(true);
    state.setQuery('  ');
    expect(state.timeline.value.matched).toBe(all);
  });

  it('uses the real insight functions by default', async () => {
    const state = make({ insights: {} });
    state.select(EMAIL);
    await settle();
    expect(state.score.value?.value).toBeGreaterThan(0);
    expect(state.signals.value.length).toBeGreaterThan(0);
    expect(state.slaClock.value.kind).toBe('running');
    expect(state.campaigns.value.map((c) => c.campaignId)).toContain('c-webinar');
    expect(state.activity.value).toHaveLength(90);
    expect(state.activity.value.at(-1)).toEqual({ day: '2026-01-16', count: 1 });
  });

  it('takes the freshness stamp from the newest source fetch', async () => {
    const state = make({
      requestLead: async () =>
        ok(
          leadView({
            sources: [
              { source: 'hubspot', label: 'HubSpot', state: 'fresh', fetchedAt: hoursAgo(2) },
              { source: 'local', label: 'Workspace', state: 'stale', fetchedAt: hoursAgo(1) },
              { source: 'marketo', label: 'Marketo', state: 'error' },
            ],
          }),
        ),
    });
    state.select(EMAIL);
    await settle();
    expect(state.fetchedAt.value).toBe(hoursAgo(1));
  });

  it('runs the SLA clock from the MQL date and stops it at the first outcome since then', async () => {
    const old = outcome({ id: '33333333-3333-4333-8333-333333333333', createdAt: hoursAgo(100) });
    const state = make({ requestLead: async () => ok(leadView({ outcomes: [old] })) });
    state.select(EMAIL);
    await settle();
    // The outcome from before this MQL (a re-MQL) does not count as following up on it.
    expect(state.slaClock.value.kind).toBe('running');
    await state.recordOutcome({ kind: 'meeting_booked' });
    expect(state.slaClock.value).toMatchObject({ kind: 'stopped', touchedAt: iso(NOW), withinSla: true });
  });

  it('has no clock without an MQL date', async () => {
    const state = make({
      requestLead: async () => ok(leadView({ lead: { ...leadView().lead!, mqlAt: undefined } })),
    });
    state.select(EMAIL);
    await settle();
    expect(state.slaClock.value).toEqual({ kind: 'none' });
  });
});

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

describe('recording an outcome', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  });

  async function ready(overrides: Partial<SidebarDeps> = {}) {
    const state = make(overrides);
    state.select(EMAIL);
    await vi.advanceTimersByTimeAsync(0);
    return state;
  }

  it('counts the undo window down a second at a time, then offers no undo', async () => {
    const undoOutcome = vi.fn(async () => ok({ undone: true }));
    const state = await ready({ undoOutcome });
    expect(await state.recordOutcome({ kind: 'meeting_booked', note: 'Call Tuesday' })).toBe(true);
    expect(state.pendingOutcome.value?.undoLeft).toBe(5);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.pendingOutcome.value?.undoLeft).toBe(4);
    await vi.advanceTimersByTimeAsync(3000);
    expect(state.pendingOutcome.value?.undoLeft).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state.pendingOutcome.value?.undoLeft).toBe(0);
    expect(await state.undo()).toBe(false);
    expect(undoOutcome).not.toHaveBeenCalled();
    expect(state.pendingOutcome.value?.outcome.kind).toBe('meeting_booked');
  });

  it('undoes within the window: the outcome is gone and the clock runs again', async () => {
    const undoOutcome = vi.fn(async () => ok({ undone: true }));
    const state = await ready({ undoOutcome });
    await state.recordOutcome({ kind: 'meeting_booked' });
    expect(state.slaClock.value.kind).toBe('stopped');
    await vi.advanceTimersByTimeAsync(2000);
    expect(await state.undo()).toBe(true);
    expect(undoOutcome).toHaveBeenCalledWith('22222222-2222-4222-8222-222222222222');
    expect(state.pendingOutcome.value).toBeNull();
    expect(state.outcomes.value).toEqual([]);
    expect(state.slaClock.value.kind).toBe('running');
  });

  it('says so when the background could no longer undo', async () => {
    const state = await ready({ undoOutcome: async () => ok({ undone: false }) });
    await state.recordOutcome({ kind: 'meeting_booked' });
    expect(await state.undo()).toBe(false);
    expect(state.pendingOutcome.value?.error).toMatch(/too late to undo/i);
    expect(state.pendingOutcome.value?.undoLeft).toBe(0);
  });

  it('fills in the lead, and reports a failure without pretending it saved', async () => {
    const recordOutcome = vi.fn(async () => fail('Storage is full'));
    const state = await ready({ recordOutcome });
    expect(await state.recordOutcome({ kind: 'won', amount: 1200, currency: 'EUR' })).toBe(false);
    expect(recordOutcome).toHaveBeenCalledWith({
      kind: 'won',
      amount: 1200,
      currency: 'EUR',
      leadEmail: EMAIL,
      supersedes: undefined,
    });
    expect(state.saving.value).toBe(false);
    expect(state.recordError.value).toBe('Not saved: Storage is full');
    expect(state.pendingOutcome.value).toBeNull();
  });

  it('follows the delivery state the background pushes', async () => {
    const state = await ready();
    await state.recordOutcome({ kind: 'meeting_booked' });
    const saved = state.pendingOutcome.value!.outcome;
    state.receiveUpdate(leadView({ outcomes: [{ ...saved, delivery: 'delivered', receipt: 'note 9' }] }));
    expect(state.pendingOutcome.value?.outcome.delivery).toBe('delivered');
    expect(state.outcomes.value.map((o) => o.id)).toEqual([saved.id]);
  });

  it('corrects a delivered outcome with a new one that supersedes it', async () => {
    const earlier = outcome({ delivery: 'delivered' });
    const recordOutcome = vi.fn(testDeps().recordOutcome);
    const state = await ready({
      recordOutcome,
      requestLead: async () => ok(leadView({ outcomes: [earlier] })),
    });
    await vi.advanceTimersByTimeAsync(0);
    state.startCorrection(earlier.id);
    expect(state.correcting.value).toBe(earlier.id);
    await state.recordOutcome({ kind: 'not_a_fit', reason: 'No budget' });
    expect(recordOutcome).toHaveBeenLastCalledWith(expect.objectContaining({ supersedes: earlier.id }));
    expect(state.correcting.value).toBeNull();
    await state.recordOutcome({ kind: 'qualified' });
    expect(recordOutcome).toHaveBeenLastCalledWith(expect.objectContaining({ supersedes: undefined }));
  });

  it('retries and discards a failed outcome', async () => {
    const failed = outcome({ delivery: 'failed', lastError: 'HubSpot said 403' });
    const state = await ready({ requestLead: async () => ok(leadView({ outcomes: [failed] })) });
    await vi.advanceTimersByTimeAsync(0);
    expect(await state.retry(failed.id)).toBe(true);
    expect(state.outcomes.value[0]?.delivery).toBe('pending');
    expect(await state.discard(failed.id)).toBe(true);
    expect(state.outcomes.value).toEqual([]);
  });

  it('reports a refused retry', async () => {
    const failed = outcome({ delivery: 'failed' });
    const state = await ready({
      requestLead: async () => ok(leadView({ outcomes: [failed] })),
      retryOutcome: async () => fail('Outbox unavailable'),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(await state.retry(failed.id)).toBe(false);
    expect(state.recordError.value).toBe('Outbox unavailable');
  });

  it('hides a pending outcome of another person', async () => {
    const state = await ready();
    await state.recordOutcome({ kind: 'meeting_booked' });
    state.select(B);
    expect(state.pendingOutcome.value).toBeNull();
  });
});

describe('shell actions', () => {
  it('tells the background when the user opens or collapses the sidebar', () => {
    const setOpen = vi.fn();
    const state = make({ setOpen, open: true });
    state.setOpen(true);
    expect(setOpen).not.toHaveBeenCalled();
    state.toggle();
    expect(state.open.value).toBe(false);
    expect(setOpen).toHaveBeenCalledWith(false);
  });

  it('refreshes when the network comes back after a failure', async () => {
    let answer: Result<LeadView> = fail('Failed to fetch');
    const requestLead = vi.fn(async () => answer);
    const state = make({ requestLead, online: false });
    state.select(EMAIL);
    await settle();
    expect(state.status.value).toBe('error');
    answer = ok(leadView());
    state.setOnline(true);
    await settle();
    expect(requestLead).toHaveBeenLastCalledWith(EMAIL, { refresh: true });
    expect(state.status.value).toBe('ready');
  });

  it('loads the sample workspace, then asks for the lead again', async () => {
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const useSampleWorkspace = vi.fn(async () => ok({ leads: 3, touchpoints: 9 }));
    const state = make({ requestLead, useSampleWorkspace });
    state.select(EMAIL);
    await settle();
    expect(await state.useSampleWorkspace()).toBe(true);
    expect(useSampleWorkspace).toHaveBeenCalledTimes(1);
    expect(requestLead).toHaveBeenLastCalledWith(EMAIL, { refresh: true });
  });

  it('moves its clock on a timer and stops it on dispose', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    let time = NOW;
    const state = make({ now: () => time, tickMs: 30_000 });
    time += 30_000;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(state.clock.value).toBe(NOW + 30_000);
    state.dispose();
    time += 60_000;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.clock.value).toBe(NOW + 30_000);
  });
});
