import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SidebarDeps } from './state';
import { EMAIL, fail, leadView, ok, outcome, testDeps } from './test-data';
import { B, stateMaker } from './test-state';

const make = stateMaker();

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
