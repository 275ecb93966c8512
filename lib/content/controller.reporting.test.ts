import { describe, expect, it, vi } from 'vitest';
import type { Person } from '../sidebar/state';
import {
  A,
  B,
  C,
  GMAIL,
  inboxView,
  ME,
  nextTask,
  person,
  setup,
  THREAD_A,
  THREAD_B,
  threadView,
  useGmailPage,
} from './controller-test-setup';

useGmailPage();

describe('content controller: reporting who is on the page', () => {
  /** A setup whose reports wait for the test to answer them. */
  function slowReports() {
    const pending: { people: Person[]; answer(ok: boolean): Promise<void> }[] = [];
    const context = setup(
      (people) =>
        new Promise<boolean>((resolve) => {
          pending.push({
            people,
            async answer(ok) {
              resolve(ok);
              await nextTask();
            },
          });
        }),
    );
    /** Navigates without waiting for the report (which waits for the test). */
    const goTo = (hash: string, view: Node[]) => {
      context.url.current = `${GMAIL}${hash}`;
      context.main.replaceChildren(...view);
      context.controller.watcher.onLocationChange();
      context.controller.watcher.check();
    };
    // The inbox the page opened on: nobody, reported at once.
    expect(pending.map((r) => r.people)).toEqual([[]]);
    return { ...context, pending, goTo, opened: pending[0]! };
  }

  it('reports the people to the background before the frame hears of them', async () => {
    const { state, pending, goTo, requestLead, opened } = slowReports();
    await opened.answer(true);
    goTo(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME, B] }]));
    expect(pending.map((r) => r.people).slice(1)).toEqual([
      [
        { email: A.email, name: A.name, role: 'sender' },
        { email: B.email, name: B.name, role: 'to' },
      ],
    ]);
    // Not before the background has them: the frame's lookup would be refused.
    expect(state.people.value).toEqual([]);
    expect(requestLead).not.toHaveBeenCalled();
    await pending[1]!.answer(true);
    expect(state.people.value.map((p) => p.email)).toEqual([A.email, B.email]);
    expect(state.selected.value).toBe(A.email);
    expect(requestLead.mock.calls.map(([email]) => email)).toEqual([A.email]);
  });

  it('one report at a time: a newer list waits for the earlier one, and lists in between are skipped', async () => {
    const { state, pending, goTo, opened } = slowReports();
    await opened.answer(true);
    const asked = () => pending.slice(1).map((r) => r.people.map((p) => p.email));
    goTo(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    goTo(`#inbox/${THREAD_B}`, threadView(THREAD_B, [{ from: B, to: [ME] }]));
    goTo(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: C, to: [ME] }]));
    expect(asked()).toEqual([[A.email]]);
    const shown: string[][] = [];
    const stop = state.people.subscribe((people) => shown.push(people.map((p) => p.email ?? '')));
    await pending[1]!.answer(true);
    // The first list reached the background, so the frame may show it; then the newest goes.
    expect(asked()).toEqual([[A.email], [C.email]]);
    expect(state.selected.value).toBe(A.email);
    await pending[2]!.answer(true);
    stop();
    expect(shown).toEqual([[], [A.email], [C.email]]);
    expect(state.selected.value).toBe(C.email);
  });

  it('sends nothing when the people have not changed, and reports hovered people with the rest', async () => {
    const { navigate, reports, controller, changeTeam, state } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    controller.watcher.check();
    controller.rechoose();
    await changeTeam({ internalDomains: ['tidemark.example', 'partner.example'] });
    await controller.reported();
    // Nobody on the inbox the page opened on, then the thread's lead, once.
    expect(reports).toEqual([[], [{ email: A.email, name: A.name, role: 'sender' }]]);

    const card = person(C, 'hover-card');
    document.body.append(card);
    card.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await vi.waitFor(() => expect(reports).toHaveLength(3));
    expect(reports[2]).toEqual([
      { email: A.email, name: A.name, role: 'sender' },
      { email: C.email, name: C.name },
    ]);
    await vi.waitFor(() => expect(state.people.value.map((p) => p.email)).toEqual([A.email, C.email]));
    card.remove();

    await navigate('#inbox', inboxView());
    expect(reports.at(-1)).toEqual([]);
    expect(state.status.value).toBe('idle');
  });

  it('a refused report is made again next time, even for the same people', async () => {
    const { pending, goTo, state, controller, opened } = slowReports();
    await opened.answer(true);
    goTo(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    await pending[1]!.answer(false);
    // The frame hears of them anyway: the background's refusal is where lookups stop.
    expect(state.selected.value).toBe(A.email);
    controller.rechoose();
    expect(pending).toHaveLength(3);
    expect(pending[2]!.people.map((p) => p.email)).toEqual([A.email]);
    await pending[2]!.answer(true);
    controller.rechoose();
    await controller.reported();
    expect(pending).toHaveLength(3);
  });

  it('keeps a hovered name from the page within what a report may carry', async () => {
    const { navigate, reports, state } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    const long = { email: C.email, name: `Chloe ${'x'.repeat(600)}` };
    const card = person(long, 'hover-card');
    document.body.append(card);
    card.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await vi.waitFor(() => expect(reports).toHaveLength(3));
    expect(reports[2]!.at(-1)).toEqual({ email: C.email, name: long.name.slice(0, 500) });
    await vi.waitFor(() => expect(state.people.value.at(-1)?.name).toHaveLength(500));
    card.remove();
  });
});
