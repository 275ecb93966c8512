import { describe, expect, it, vi } from 'vitest';
import type { LeadView } from '../model/view';
import type { Result } from '../messaging/result';
import { EMAIL, deferred, fail, leadView, ok } from './test-data';
import { A, B, settle, stateMaker, viewFor } from './test-state';

const make = stateMaker();

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

  it('does not show a refresh of the person left as a refresh of the person chosen next', async () => {
    const refreshOfA = deferred<Result<LeadView>>();
    const answerForB = deferred<Result<LeadView>>();
    const answers = [Promise.resolve(ok(viewFor(A))), refreshOfA.promise, answerForB.promise];
    const state = make({ requestLead: () => answers.shift()! });
    state.select(A);
    await settle();
    void state.refresh();
    expect(state.refreshing.value).toBe(true);
    state.select(B);
    // B is loading, not refreshing: its own Refresh stays available.
    expect(state.refreshing.value).toBe(false);
    refreshOfA.resolve(ok(viewFor(A)));
    await settle();
    expect(state.refreshing.value).toBe(false);
    answerForB.resolve(ok(viewFor(B)));
    await settle();
    expect(state.view.value?.email).toBe(B);
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

describe('a lead shown from the cache', () => {
  /** An `afterPaint` that waits for the test to say the frame was painted. */
  function paints() {
    const queued: (() => void)[] = [];
    return {
      afterPaint: (run: () => void) => void queued.push(run),
      paint: () => queued.splice(0).forEach((run) => run()),
    };
  }

  it('is asked for again only once it has been painted; a new lead is asked for at once', async () => {
    const { afterPaint, paint } = paints();
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const state = make({ requestLead, afterPaint });
    state.select(A);
    expect(requestLead).toHaveBeenCalledTimes(1);
    await settle();
    state.select(B);
    expect(requestLead).toHaveBeenCalledTimes(2);
    await settle();
    state.select(A);
    expect(state.status.value).toBe('ready');
    expect(state.view.value?.email).toBe(A);
    await settle();
    expect(requestLead).toHaveBeenCalledTimes(2);
    paint();
    expect(requestLead).toHaveBeenCalledTimes(3);
    expect(requestLead).toHaveBeenLastCalledWith(A, { refresh: false });
    await settle();
    expect(state.view.value?.email).toBe(A);
  });

  it('is not asked for when someone else is shown before the paint, nor twice after a refresh', async () => {
    const { afterPaint, paint } = paints();
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const state = make({ requestLead, afterPaint });
    state.select(A);
    await settle();
    state.select(B);
    await settle();
    state.select(A);
    state.setPeople([]);
    paint();
    expect(requestLead).toHaveBeenCalledTimes(2);

    state.select(B);
    await state.refresh();
    expect(requestLead).toHaveBeenCalledTimes(3);
    paint();
    expect(requestLead).toHaveBeenCalledTimes(3);
  });
});

describe("people told ahead of the page's report", () => {
  it('shows someone whose answer the frame holds at once, and asks only once they are reported', async () => {
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const state = make({ requestLead });
    state.setPeople([{ email: A }]);
    await settle();
    state.setPeople([]);
    expect(requestLead).toHaveBeenCalledTimes(1);

    state.previewPeople([{ email: 'B@two.example' }, { email: A }], A);
    expect(state.status.value).toBe('ready');
    expect(state.view.value?.email).toBe(A);
    await settle();
    expect(requestLead).toHaveBeenCalledTimes(1);

    state.setPeople([{ email: B }, { email: A }], A);
    expect(state.people.value.map((person) => person.email)).toEqual([B, A]);
    expect(requestLead).toHaveBeenCalledTimes(2);
    expect(requestLead).toHaveBeenLastCalledWith(A, { refresh: false });
    // Reported again (a chip added): the person shown stays, nothing more is asked.
    state.setPeople([{ email: B }, { email: A }]);
    expect(requestLead).toHaveBeenCalledTimes(2);
  });

  it('waits for the report for anyone it holds nothing for, and for a name', async () => {
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const findByName = vi.fn(async () => ok({ matches: [], searched: [], failed: [] }));
    const state = make({ requestLead, findByName });
    state.previewPeople([{ email: A }], A);
    state.previewPeople([{ name: 'Jane Doe' }]);
    await settle();
    expect(state.status.value).toBe('idle');
    expect(state.selected.value).toBeNull();
    expect(requestLead).not.toHaveBeenCalled();
    expect(findByName).not.toHaveBeenCalled();
    state.setPeople([{ email: A }], A);
    expect(state.status.value).toBe('loading');
    expect(requestLead).toHaveBeenCalledTimes(1);
  });

  it('shows whom the reported list selects when it differs from the one told ahead', async () => {
    const requestLead = vi.fn(async (email: string) => ok(viewFor(email)));
    const state = make({ requestLead });
    state.setPeople([{ email: A }]);
    await settle();
    state.setPeople([{ email: B }]);
    await settle();
    state.previewPeople([{ email: A }], A);
    expect(state.view.value?.email).toBe(A);
    state.setPeople([{ email: B }], B);
    expect(state.view.value?.email).toBe(B);
    await settle();
    expect(requestLead.mock.calls.map(([email]) => email)).toEqual([A, B, B]);
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
