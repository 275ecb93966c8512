import { describe, expect, it, vi } from 'vitest';
import type { Touchpoint } from '../model';
import { searchText } from './timeline';
import { EMAIL, NOW, fakeInsights, hoursAgo, iso, leadView, ok, outcome } from './test-data';
import { A, B, settle, stateMaker, viewFor } from './test-state';

const make = stateMaker();

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
