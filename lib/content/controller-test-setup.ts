/** Test support for controller*.test.ts: a Gmail page built with DOM APIs, and a controller wired to a sidebar. */
import { afterEach, beforeEach, vi } from 'vitest';
import type { Result } from '../messaging/result';
import type { LeadView } from '../model/view';
import { createSidebarState, type Person, type SidebarState } from '../sidebar/state';
import { deferred, leadView, ok, testDeps } from '../sidebar/test-data';
import { linkTestFrame, portPair } from '../sidebar/test-port';
import { gmailAdapter } from '../sites/gmail';
import { startContentController, type ContentController, type TeamFilter } from './controller';
import { createFrameLink } from './frame-link';

export const GMAIL = 'https://mail.google.com/mail/u/0/';
export const ACCOUNT = 'sam.rivera@tidemark.example';
export const THREAD_A = 'FMfcgzQbfThreadA00000001';
export const THREAD_B = 'FMfcgzQbfThreadB00000002';
export const A = { email: 'ada.lane@kelp-energy.example', name: 'Ada Lane' };
export const B = { email: 'ben.okafor@brightwater.example', name: 'Ben Okafor' };
export const C = { email: 'chloe.ito@lotus-pharma.example', name: 'Chloe Ito' };
export const ME = { email: ACCOUNT, name: 'Sam Rivera' };

export type Who = { email: string; name: string };

/** Builds elements with DOM APIs, the way Gmail renders them (attributes Gmail uses, no text parsing). */
export function el(
  tag: string,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

export const person = (who: Who, cls: string) =>
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

export function threadView(threadId: string, messages: { from: Who; to: Who[] }[]): Node[] {
  return [
    el('h2', { class: 'hP', 'data-thread-perm-id': `thread-f:${threadId}` }, `Subject of ${threadId}`),
    el('div', { role: 'list' }, ...messages.map((m, index) => message(threadId, index, m.from, m.to))),
  ];
}

export function inboxView(): Node[] {
  return [
    el('table', { class: 'F' }, el('tbody', {}, el('tr', { class: 'zA' }, el('td', {}, person(A, 'yP'))))),
  ];
}

/** A pop-up compose window outside the main region, as Gmail appends it to the page. */
export function composeWindow(): { window: HTMLElement; to: HTMLElement } {
  const to = el('div', { name: 'to' }, el('input', { type: 'text' }));
  return { window: el('div', { role: 'dialog', class: 'nH Hd' }, to), to };
}

export const chip = (email: string) =>
  el('div', { role: 'option', 'data-hovercard-id': email, 'data-name': email }, email);

interface Ask {
  email: string;
  resolve(result: Result<LeadView>): void;
}

/** A page, a sidebar state and a controller, with every lead request waiting for the test to answer it. */
export function setup(reportWith?: (people: Person[]) => Promise<boolean>) {
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
  const frame = linkTestFrame(state, framePort);
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

/**
 * Registers the hooks every controller test needs: a Gmail page showing the inbox before each
 * test, and every controller and state from `setup()` stopped after it.
 */
export function useGmailPage() {
  beforeEach(() => {
    document.title = `Inbox (3) - ${ACCOUNT} - Gmail`;
    document.body.replaceChildren(el('div', { role: 'main', class: 'nH bkK' }, ...inboxView()));
  });

  afterEach(() => {
    for (const abort of aborts.splice(0)) abort.abort();
    for (const state of states.splice(0)) state.dispose();
    document.body.replaceChildren();
  });
}

/** Mutation observers are notified in a microtask: by the next task every batch so far is delivered. */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

export const shownName = (state: SidebarState) => state.view.value?.lead?.name ?? null;
