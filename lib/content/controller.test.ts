import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../messaging/result';
import type { LeadView } from '../model/view';
import { signal } from '@preact/signals';
import { applyBackgroundMessage, linkFrame } from '../sidebar/frame';
import { createSidebarState, type Person, type SidebarState } from '../sidebar/state';
import { deferred, leadView, ok, testDeps } from '../sidebar/test-data';
import { portPair } from '../sidebar/test-port';
import { gmailAdapter } from '../sites/gmail';
import { startContentController, type ContentController, type TeamFilter } from './controller';
import { createFrameLink } from './frame-link';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const ACCOUNT = 'sam.rivera@tidemark.example';
const THREAD_A = 'FMfcgzQbfThreadA00000001';
const THREAD_B = 'FMfcgzQbfThreadB00000002';
const A = { email: 'ada.lane@kelp-energy.example', name: 'Ada Lane' };
const B = { email: 'ben.okafor@brightwater.example', name: 'Ben Okafor' };
const C = { email: 'chloe.ito@lotus-pharma.example', name: 'Chloe Ito' };
const ME = { email: ACCOUNT, name: 'Sam Rivera' };

type Who = { email: string; name: string };

/** Builds elements with DOM APIs, the way Gmail renders them (attributes Gmail uses, no text parsing). */
function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const person = (who: Who, cls: string) =>
  el('span', { class: cls, email: who.email, name: who.name }, who.name);

/** One expanded message: sender in `h3.iw span.gD`, recipients in `span.hb span.g2`, a body with a decoy address. */
function message(threadId: string, index: number, from: Who, to: Who[]): HTMLElement {
  return el(
    'div',
    { class: 'adn ads', 'data-message-id': `#msg-f:${threadId}${index}` },
    el('h3', { class: 'iw' }, person(from, 'gD')),
    el('span', { class: 'hb' }, 'to ', ...to.map((who) => person(who, 'g2'))),
    el('div', { class: 'a3s' }, 'Please also copy billing@decoy-in-body.example'),
  );
}

function threadView(threadId: string, messages: { from: Who; to: Who[] }[]): Node[] {
  return [
    el('h2', { class: 'hP', 'data-thread-perm-id': `thread-f:${threadId}` }, `Subject of ${threadId}`),
    el('div', { role: 'list' }, ...messages.map((m, index) => message(threadId, index, m.from, m.to))),
  ];
}

function inboxView(): Node[] {
  return [
    el('table', { class: 'F' }, el('tbody', {}, el('tr', { class: 'zA' }, el('td', {}, person(A, 'yP'))))),
  ];
}

/** A pop-up compose window outside the main region, as Gmail appends it to the page. */
function composeWindow(): { window: HTMLElement; to: HTMLElement } {
  const to = el('div', { name: 'to' }, el('input', { type: 'text' }));
  return { window: el('div', { role: 'dialog', class: 'nH Hd' }, to), to };
}

const chip = (email: string) =>
  el('div', { role: 'option', 'data-hovercard-id': email, 'data-name': email }, email);

interface Ask {
  email: string;
  resolve(result: Result<LeadView>): void;
}

/** A page, a sidebar state and a controller, with every lead request waiting for the test to answer it. */
function setup(reportWith?: (people: Person[]) => Promise<boolean>) {
  const url = { current: `${GMAIL}#inbox` };
  const asks: Ask[] = [];
  const requestLead = vi.fn((email: string) => {
    const pending = deferred<Result<LeadView>>();
    asks.push({ email, resolve: pending.resolve });
    return pending.promise;
  });

  /** Answer the `index`-th request and let the state's awaits settle. */
  async function answer(index: number, result: Result<LeadView>) {
    const ask = asks[index];
    if (!ask) throw new Error(`no request #${index} (asked: ${asks.map((a) => a.email).join(', ')})`);
    ask.resolve(result);
    await nextTask();
  }
  const setOpen = vi.fn();
  const state: SidebarState = createSidebarState(testDeps({ requestLead, setOpen }));
  // The content script and the sidebar frame, joined as in the browser.
  const layouts: unknown[] = [];
  const sidebar = createFrameLink({ layout: (layout) => layouts.push(layout), configChanged: () => {} });
  const [pagePort, framePort] = portPair();
  const frame = linkFrame({ state, theme: signal('light'), port: framePort });
  sidebar.attach(pagePort);
  /** What the background was told (`page.people`), in order; each answered at once. */
  const reports: Person[][] = [];
  const report = vi.fn(async (people: Person[]) => {
    reports.push(people);
    return true;
  });
  let team: TeamFilter = { ownAddresses: [], internalDomains: ['tidemark.example'], lookUpFreeMail: true };
  /** As boot.ts does when the settings change: the new filter, then a choice among the same people. */
  const changeTeam = async (next: Partial<TeamFilter>) => {
    team = { ...team, ...next };
    controller.rechoose();
    await controller.reported();
  };
  const abort = new AbortController();
  // As boot.ts does when WXT's context is invalidated.
  abort.signal.addEventListener('abort', () => sidebar.close());
  const main = document.querySelector('div[role="main"]') as HTMLElement;
  const controller: ContentController = startContentController({
    adapter: gmailAdapter,
    doc: document,
    getUrl: () => new URL(url.current),
    signal: abort.signal,
    sidebar,
    report: (people) => (reportWith ?? report)(people),
    team: () => team,
    hoverDwellMs: 0,
  });
  aborts.push(abort);
  states.push(state);

  /**
   * Gmail's navigation: the hash changes, the main region is re-rendered, WXT reports the change,
   * and the watcher's debounce runs out (`check()` stands for the timer firing). Resolves once
   * the people found are reported to the background and told to the frame.
   */
  async function navigate(hash: string, view: Node[]) {
    url.current = `${GMAIL}${hash}`;
    main.replaceChildren(...view);
    controller.watcher.onLocationChange();
    controller.watcher.check();
    await controller.reported();
  }

  /** The answer for a lead, as the background sends it. */
  const found = (who: Who) =>
    ok(leadView({ email: who.email, lead: { email: who.email, name: who.name, refs: [] } }));

  return {
    state,
    controller,
    abort,
    asks,
    answer,
    requestLead,
    setOpen,
    navigate,
    found,
    main,
    layouts,
    frame,
    sidebar,
    changeTeam,
    reports,
    report,
    url,
  };
}

const aborts: AbortController[] = [];
const states: SidebarState[] = [];

beforeEach(() => {
  document.title = `Inbox (3) - ${ACCOUNT} - Gmail`;
  document.body.replaceChildren(el('div', { role: 'main', class: 'nH bkK' }, ...inboxView()));
});

afterEach(() => {
  for (const abort of aborts.splice(0)) abort.abort();
  for (const state of states.splice(0)) state.dispose();
  document.body.replaceChildren();
});

/** Mutation observers are notified in a microtask: by the next task every batch so far is delivered. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

const shownName = (state: SidebarState) => state.view.value?.lead?.name ?? null;

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

describe('content controller: messages from the background', () => {
  async function showingA() {
    const context = setup();
    await context.navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    await context.answer(0, context.found(A));
    expect(shownName(context.state)).toBe(A.name);
    return context;
  }

  it('applies lead.updated for the lead on screen', async () => {
    const { state } = await showingA();
    applyBackgroundMessage(state, {
      type: 'lead.updated',
      payload: leadView({ email: A.email, lead: { email: A.email, name: 'Ada Lane-Moreau', refs: [] } }),
    });
    expect(shownName(state)).toBe('Ada Lane-Moreau');
  });

  it('ignores lead.updated for another email', async () => {
    const { state } = await showingA();
    applyBackgroundMessage(state, {
      type: 'lead.updated',
      payload: leadView({ email: B.email, lead: { email: B.email, name: B.name, refs: [] } }),
    });
    expect(state.selected.value).toBe(A.email);
    expect(shownName(state)).toBe(A.name);
    expect(state.view.value?.email).toBe(A.email);
  });

  it.each([
    { name: 'no payload', message: { type: 'lead.updated' } },
    {
      name: 'an unknown status',
      message: { type: 'lead.updated', payload: { ...leadView({ email: A.email }), status: 'hacked' } },
    },
    {
      name: 'no touchpoints list',
      message: {
        type: 'lead.updated',
        payload: { email: A.email, status: 'found', sources: [], outcomes: [] },
      },
    },
    {
      name: 'an address that is not one',
      message: { type: 'lead.updated', payload: leadView({ email: 'not an address' }) },
    },
    {
      name: 'a lead name as an object',
      message: {
        type: 'lead.updated',
        payload: { ...leadView({ email: A.email }), lead: { email: A.email, name: { html: '<b>x</b>' } } },
      },
    },
    { name: 'a string', message: 'lead.updated' },
    { name: 'null', message: null },
    { name: 'an unknown type', message: { type: 'lead.replace', payload: leadView({ email: A.email }) } },
  ])('ignores an invalid message: $name', async ({ message }) => {
    const { state } = await showingA();
    const before = state.view.value;
    expect(() => applyBackgroundMessage(state, message)).not.toThrow();
    expect(state.view.value).toBe(before);
    expect(shownName(state)).toBe(A.name);
  });

  it('sidebar.toggle collapses and reopens the sidebar', () => {
    const { state, controller, setOpen } = setup();
    expect(state.open.value).toBe(true);
    controller.onMessage({ type: 'sidebar.toggle', payload: {} });
    expect(state.open.value).toBe(false);
    controller.onMessage({ type: 'sidebar.toggle', payload: {} });
    expect(state.open.value).toBe(true);
    expect(setOpen.mock.calls).toEqual([[false], [true]]);
  });
});

describe('content controller: teardown', () => {
  it('after abort the sidebar is cleared; navigation, page changes and hovering ask for nothing, and a pending answer is dropped', async () => {
    const { state, answer, abort, navigate, requestLead, found, controller, main, report } = setup();
    await navigate(`#inbox/${THREAD_A}`, threadView(THREAD_A, [{ from: A, to: [ME] }]));
    expect(requestLead).toHaveBeenCalledTimes(1);
    // The inbox the page opened on (nobody), then the thread.
    expect(report).toHaveBeenCalledTimes(2);

    abort.abort();
    await answer(0, found(A));
    expect(state.view.value).toBeNull();

    await navigate(`#inbox/${THREAD_B}`, threadView(THREAD_B, [{ from: B, to: [ME] }]));
    main.append(el('div', { name: 'to' }, chip(C.email)));
    controller.watcher.check();
    (main.querySelector('span.gD') as HTMLElement).dispatchEvent(
      new MouseEvent('mouseover', { bubbles: true }),
    );
    // Gives any timer the controller or the watcher could still have set a chance to fire.
    await new Promise((resolve) => setTimeout(resolve, 150));

    expect(requestLead).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenCalledTimes(2);
    expect(state.selected.value).toBeNull();
    expect(state.status.value).toBe('idle');
    expect(controller.lastDetection()?.viewKey).toBe(`gmail:thread:thread-f:${THREAD_A}`);
  });

  it('a report still on its way when the page goes tells the frame nothing', async () => {
    const pending: ((ok: boolean) => void)[] = [];
    const { state, abort, controller, url, main } = setup(
      () => new Promise<boolean>((resolve) => pending.push(resolve)),
    );
    url.current = `${GMAIL}#inbox/${THREAD_A}`;
    main.replaceChildren(...threadView(THREAD_A, [{ from: A, to: [ME] }]));
    controller.watcher.onLocationChange();
    controller.watcher.check();
    expect(pending).toHaveLength(1);
    abort.abort();
    pending[0]!(true);
    await controller.reported();
    expect(state.people.value).toEqual([]);
    expect(state.status.value).toBe('idle');
  });
});

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
    const stop = state.people.subscribe((people) => shown.push(people.map((p) => p.email)));
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
