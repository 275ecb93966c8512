/**
 * Idle means idle, end to end in the content script: with a thread's lead shown, a page that
 * keeps changing around it (a hidden inbox list, counters, an attribute on the thread's
 * container, person elements outside the thread) costs no detection run and no message to the
 * sidebar frame. Counted, not timed; fake timers stand in for the watcher's debounce.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkPort, ToFrame } from '../sidebar/link';
import type { Person } from '../sidebar/state';
import { gmailAdapter } from '../sites/gmail';
import { startContentController } from './controller';
import { createFrameLink } from './frame-link';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const ACCOUNT = 'sam.rivera@tidemark.example';
const THREAD = 'FMfcgzQbfThreadA00000001';
const LEAD = { email: 'ada.lane@kelp-energy.example', name: 'Ada Lane' };
const NEWCOMER = 'noor.haddad@kelp-energy.example';
/** The watcher's default debounce: one throttle window. */
const WINDOW_MS = 30;

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const aborts: AbortController[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  document.title = `Re: Pricing - ${ACCOUNT} - Gmail`;
  // Gmail with a thread open: the inbox list stays in the main region, hidden, beside the thread.
  document.body.replaceChildren(
    el('nav', {}, el('div', { class: 'bsU' }, '3'), el('div', { class: 'bsU' }, '1')),
    el(
      'div',
      { role: 'main' },
      el('div', { gh: 'tl', style: 'display: none' }, el('table', {}, el('tbody'))),
      el(
        'div',
        { class: 'thread' },
        el('h2', { class: 'hP', 'data-thread-perm-id': `thread-f:${THREAD}` }, 'Re: Pricing'),
        el(
          'div',
          { role: 'list' },
          el(
            'div',
            { class: 'adn', 'data-message-id': '#msg-f:1' },
            el('h3', { class: 'iw' }, el('span', { class: 'gD', email: LEAD.email, name: LEAD.name })),
            el('span', { class: 'hb' }, el('span', { class: 'g2', email: ACCOUNT, name: 'Sam' })),
          ),
        ),
        el('div', { name: 'to' }),
      ),
    ),
  );
});
afterEach(() => {
  for (const abort of aborts.splice(0)) abort.abort();
  document.body.replaceChildren();
  vi.useRealTimers();
});

/** Mutation observers hear in a microtask; then the throttle window runs out. */
async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  vi.advanceTimersByTime(WINDOW_MS);
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

async function start() {
  const toFrame: ToFrame[] = [];
  const port: LinkPort = {
    postMessage: (message) => toFrame.push(message as ToFrame),
    disconnect: () => {},
    onMessage: { addListener: () => {} },
    onDisconnect: { addListener: () => {} },
  };
  const link = createFrameLink({ layout: () => {}, configChanged: () => {} });
  link.attach(port);
  const reports: Person[][] = [];
  const detect = vi.fn(gmailAdapter.detect);
  const abort = new AbortController();
  aborts.push(abort);
  const controller = startContentController({
    adapter: { ...gmailAdapter, detect },
    doc: document,
    getUrl: () => new URL(`${GMAIL}#inbox/${THREAD}`),
    signal: abort.signal,
    sidebar: link,
    report: async (people) => {
      reports.push(people);
      return true;
    },
    team: () => ({ ownAddresses: [], internalDomains: ['tidemark.example'], lookUpFreeMail: true }),
  });
  await controller.reported();
  // Each list is told twice: ahead of its report, and once the background has it.
  type PeopleMessage = Extract<ToFrame, { type: 'people' }>;
  const told = (message: ToFrame): message is PeopleMessage => message.type === 'people';
  const people = () => toFrame.filter(told).filter((message) => !message.ahead);
  const ahead = () => toFrame.filter(told).filter((message) => message.ahead);
  return { detect, reports, people, ahead, controller };
}

/** One tick of a live page that changes nobody the open thread is about. */
function churn(tick: number) {
  const rows = document.querySelector('[gh="tl"] tbody')!;
  rows.prepend(
    el(
      'tr',
      {},
      el(
        'td',
        {},
        el('span', { email: `sender${tick}@newsletter.example`, 'data-hovercard-id': `s${tick}` }),
      ),
    ),
  );
  for (const counter of document.querySelectorAll('.bsU')) counter.textContent = String(tick);
  const thread = document.querySelector('.thread')!;
  thread.classList.toggle('busy');
  thread.setAttribute('aria-busy', String(tick % 2 === 0));
  document.querySelector('[data-chat]')?.remove();
  document.body.append(el('span', { 'data-chat': '', email: `chat${tick}@elsewhere.example` }));
}

describe('content script: idle means idle', () => {
  it('with the lead shown, irrelevant changes cause no detection and no message to the frame', async () => {
    const { detect, reports, people, ahead } = await start();
    expect(people()).toEqual([
      {
        type: 'people',
        people: [{ email: LEAD.email, name: LEAD.name, role: 'sender' }],
        preferred: LEAD.email,
      },
    ]);
    const runs = detect.mock.calls.length;
    for (let tick = 1; tick <= 50; tick++) {
      churn(tick);
      await settle();
    }
    expect(detect.mock.calls.length).toBe(runs);
    expect(people()).toHaveLength(1);
    expect(ahead()).toHaveLength(1);
    expect(reports).toHaveLength(1);
  });

  it('a new recipient chip in the open thread is told within one throttle window', async () => {
    const { detect, people, controller } = await start();
    churn(1);
    await settle();
    const runs = detect.mock.calls.length;
    document
      .querySelector('div[name="to"]')!
      .append(el('div', { role: 'option', 'data-hovercard-id': NEWCOMER, 'data-name': 'Noor' }));
    await settle();
    await controller.reported();
    expect(detect.mock.calls.length).toBe(runs + 1);
    expect(people()).toHaveLength(2);
    expect(people()[1]?.people.map((person) => person.email)).toEqual([LEAD.email, NEWCOMER]);
  });

  it('a compose window opening is told within one throttle window', async () => {
    const { people, controller } = await start();
    churn(1);
    await settle();
    document.body.append(
      el(
        'div',
        { role: 'dialog' },
        el('div', { name: 'to' }, el('div', { role: 'option', 'data-hovercard-id': NEWCOMER })),
      ),
    );
    await settle();
    await controller.reported();
    expect(people()).toHaveLength(2);
    expect(people()[1]?.people.map((person) => person.email)).toContain(NEWCOMER);
  });
});
