import { describe, expect, it, vi } from 'vitest';
import type { LeadView } from '../model/view';
import type { Result } from '../messaging/result';
import { EMAIL, NOW, fail, leadView, ok } from './test-data';
import { settle, stateMaker, viewFor } from './test-state';

const make = stateMaker();

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
