import { describe, expect, it, vi } from 'vitest';
import {
  A,
  B,
  C,
  chip,
  composeWindow,
  el,
  inboxView,
  ME,
  nextTask,
  person,
  setup,
  shownName,
  THREAD_A,
  THREAD_B,
  threadView,
  useGmailPage,
} from './controller-test-setup';

useGmailPage();

describe('content controller: following Gmail', () => {
  it('thread A → thread B → inbox → thread A selects A, B, nobody, A', async () => {
    const { state, asks, answer, navigate, found } = setup();
    expect(state.status.value).toBe('idle');

    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    expect(state.selected.value).toBe(A.email);
    await answer(0, found(A));
    expect(shownName(state)).toBe(A.name);

    await navigate(`#inbox/${THREAD_B}`, threadView(THREAD_B, [{ from: B, to: [ME] }]));
    expect(state.selected.value).toBe(B.email);
    await answer(1, found(B));
    expect(shownName(state)).toBe(B.name);

    await navigate('#inbox', inboxView());
    expect(state.status.value).toBe('idle');
    expect(state.selected.value).toBeNull();
    expect(state.people.value).toEqual([]);

    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    expect(state.selected.value).toBe(A.email);
    // A was seen before: shown at once from the state's cache while it is asked again.
    expect(shownName(state)).toBe(A.name);
    expect(asks.map((ask) => ask.email)).toEqual([A.email, B.email, A.email]);
  });

  it('skips the signed-in account, internal colleagues and addresses in message bodies', async () => {
    const { state, navigate } = setup();
    const colleague = { email: 'ines.navarro@tidemark.example', name: 'Ines Navarro' };
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: ME, to: [A, colleague] }]));
    expect(state.selected.value).toBe(A.email);
    expect(state.people.value.map((p) => p.email)).toEqual([A.email]);
  });

  it('a settings change that makes someone internal takes them out, keeping the person the user picked', async () => {
    const { state, navigate, changeTeam } = setup();
    const partner = { email: 'lee@partner.example', name: 'Lee Partner' };
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME, B, partner] }]));
    state.select(B.email);
    await changeTeam({ internalDomains: ['tidemark.example', 'partner.example'] });
    expect(state.people.value.map((p) => p.email)).toEqual([A.email, B.email]);
    expect(state.selected.value).toBe(B.email);
    await changeTeam({ internalDomains: ['tidemark.example', 'partner.example', 'brightwater.example'] });
    expect(state.people.value.map((p) => p.email)).toEqual([A.email]);
    expect(state.selected.value).toBe(A.email);
  });

  it('keeps the person the user picked when more people render in the same thread', async () => {
    const { state, navigate, main } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME, B] }]));
    expect(state.selected.value).toBe(A.email);
    state.select(B.email);

    // A reply box opens in the thread with a new recipient: same view, one more person.
    main.append(el('div', { name: 'to' }, chip(C.email)));
    await vi.waitFor(() => expect(state.people.value.map((p) => p.email)).toContain(C.email));
    expect(state.selected.value).toBe(B.email);
  });

  it('a person offered by hovering stays through re-detection and settings changes, and goes with the view', async () => {
    const { state, navigate, main, changeTeam } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    const emails = () => state.people.value.map((p) => p.email);
    // An address elsewhere on the page (a quoted signature, a contact card), hovered.
    const card = person(C, 'hover-card');
    document.body.append(card);
    card.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await vi.waitFor(() => expect(emails()).toEqual([A.email, C.email]));
    expect(state.selected.value).toBe(A.email);

    // More people render in the thread: C is still offered.
    main.append(el('div', { name: 'to' }, chip(B.email)));
    await vi.waitFor(() => expect(emails()).toEqual([A.email, B.email, C.email]));
    // The settings change: C still offered while not internal, gone once they are.
    await changeTeam({ internalDomains: ['tidemark.example', 'partner.example'] });
    expect(emails()).toEqual([A.email, B.email, C.email]);
    await changeTeam({ internalDomains: ['tidemark.example', 'lotus-pharma.example'] });
    expect(emails()).toEqual([A.email, B.email]);
    await changeTeam({ internalDomains: ['tidemark.example'] });
    expect(emails()).toEqual([A.email, B.email]);

    card.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await vi.waitFor(() => expect(emails()).toEqual([A.email, B.email, C.email]));
    await navigate(`#inbox/${THREAD_B}`, threadView(THREAD_B, [{ from: B, to: [ME] }]));
    expect(emails()).toEqual([B.email]);
    card.remove();
  });

  it('a compose window opened empty shows the lead once a recipient chip appears in it', async () => {
    const { state } = setup();
    const compose = composeWindow();
    document.body.append(compose.window);
    // Typing is not a recipient yet.
    (compose.to.querySelector('input') as HTMLInputElement).value = B.email;
    // The window's arrival is its own mutation batch, delivered before the user accepts the address.
    await nextTask();
    expect(state.status.value).toBe('idle');

    compose.to.insertBefore(chip(B.email), compose.to.firstChild);
    // Needs the watcher to start observing a compose window that arrived with nobody in it yet.
    await vi.waitFor(() => expect(state.selected.value).toBe(B.email));
  });

  it('hovering an address on a page with no lead offers that person', async () => {
    const { state, main } = setup();
    const row = main.querySelector('span[email]') as HTMLElement;
    row.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await vi.waitFor(() => expect(state.selected.value).toBe(A.email));
  });
});

describe('content controller: races between leads', () => {
  it.each([
    { name: 'A answers after B has been shown', first: 'B' as const },
    { name: 'A answers while B is still loading', first: 'A' as const },
  ])('moving from A to B never shows a late answer for A: $name', async ({ first }) => {
    const { state, answer, navigate, found, requestLead } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    await navigate(`#inbox/${THREAD_B}`, threadView(THREAD_B, [{ from: B, to: [ME] }]));
    expect(requestLead.mock.calls.map(([email]) => email)).toEqual([A.email, B.email]);
    const shown: (string | null)[] = [];
    const stop = state.view.subscribe((view) => shown.push(view?.email ?? null));

    if (first === 'B') {
      await answer(1, found(B));
      expect(shownName(state)).toBe(B.name);
      await answer(0, found(A));
    } else {
      await answer(0, found(A));
      expect(state.view.value).toBeNull();
      expect(state.status.value).toBe('loading');
      await answer(1, found(B));
    }
    stop();
    expect(state.selected.value).toBe(B.email);
    expect(shownName(state)).toBe(B.name);
    // Not even for a moment.
    expect(shown).not.toContain(A.email);
    expect(shown.at(-1)).toBe(B.email);
  });

  it('a late answer for A after leaving for the inbox leaves the sidebar idle', async () => {
    const { state, answer, navigate, found } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    await navigate('#inbox', inboxView());
    await answer(0, found(A));
    expect(state.status.value).toBe('idle');
    expect(state.view.value).toBeNull();
  });
});
