/**
 * Idle means idle (DESIGN.md budgets): with a thread's lead shown, a page that keeps changing in
 * ways that cannot change who is on it costs no detection at all. Counted, not timed: how often
 * the adapter's `detect` runs, with fake timers standing in for the watcher's debounce.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadFixture } from '../sites/fixture-helper';
import { gmailAdapter } from '../sites/gmail';
import type { Detection } from '../sites/types';
import { createPageWatcher, selectorTags } from './watch';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const THREAD_URL = `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdRr`;
const DEBOUNCE_MS = 30;
const CHURN_TICKS = 40;

const controllers: AbortController[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
  vi.useRealTimers();
});

/** Mutation observers are told in a microtask; then the debounce window runs out. */
async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  vi.advanceTimersByTime(DEBOUNCE_MS);
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A real Gmail page (saved) with a thread open, its inbox list hidden beside it. */
function watchThread() {
  const doc = loadFixture('gmail/inline-reply.html');
  const controller = new AbortController();
  controllers.push(controller);
  const seen: Detection[] = [];
  const detect = vi.fn(gmailAdapter.detect);
  createPageWatcher({
    adapter: { ...gmailAdapter, detect },
    doc,
    getUrl: () => THREAD_URL,
    signal: controller.signal,
    onDetection: (detection) => seen.push(detection),
    debounceMs: DEBOUNCE_MS,
  });
  return { doc, seen, detect };
}

/** One tick of a live Gmail page that changes nobody on screen. */
function churn(doc: Document, tick: number) {
  const main = doc.querySelector('div[role="main"]')!;
  // The hidden inbox list gets a new row with a sender element.
  const list = main.querySelector('[gh="tl"] tbody')!;
  const row = doc.createElement('tr');
  const sender = doc.createElement('span');
  sender.setAttribute('email', `sender${tick}@newsletter.example`);
  sender.setAttribute('data-hovercard-id', `sender${tick}@newsletter.example`);
  sender.setAttribute('name', `Sender ${tick}`);
  row.append(doc.createElement('td'));
  row.firstElementChild!.append(sender);
  list.prepend(row);
  // Unread counters.
  for (const counter of doc.querySelectorAll('.bsU')) counter.textContent = String(tick);
  // An attribute flips on the open thread's container (and on the main region).
  const container = doc.querySelector('h2.hP')!.closest('.nH.a98')!;
  container.classList.toggle('busy', tick % 2 === 0);
  container.setAttribute('aria-busy', String(tick % 2 === 0));
  main.setAttribute('data-tick', String(tick));
  // A person element outside the thread: a chat line, a hover card.
  doc.querySelector('[data-stray]')?.remove();
  const stray = doc.createElement('span');
  stray.setAttribute('data-stray', '');
  stray.setAttribute('email', `chat${tick}@elsewhere.example`);
  doc.body.append(stray);
}

describe('page watcher: idle means idle', () => {
  it('runs no detection for changes outside the open thread, however many', async () => {
    const { doc, seen, detect } = watchThread();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.viewKey).toBe('gmail:thread:thread-f:1789000000000000301');
    const runs = detect.mock.calls.length;
    for (let tick = 1; tick <= CHURN_TICKS; tick++) {
      churn(doc, tick);
      await settle();
    }
    expect(detect.mock.calls.length).toBe(runs);
    expect(seen).toHaveLength(1);
  });

  it('still sees a new recipient chip in the thread within one debounce window', async () => {
    const { doc, seen, detect } = watchThread();
    churn(doc, 1);
    await settle();
    const runs = detect.mock.calls.length;
    const field = doc.querySelector('div[name="cc"] [role="listbox"]')!;
    const chip = doc.createElement('div');
    chip.setAttribute('role', 'option');
    chip.setAttribute('data-hovercard-id', 'new.person@acme-analytics.com');
    field.append(chip);
    await settle();
    expect(detect.mock.calls.length).toBe(runs + 1);
    expect(seen.at(-1)?.candidates.map((c) => c.email)).toContain('new.person@acme-analytics.com');
  });

  it('still sees a compose window that opens outside the main region', async () => {
    const { doc, seen } = watchThread();
    churn(doc, 1);
    await settle();
    const compose = loadFixture('gmail/compose.html').querySelector('div.dw');
    doc.body.append(doc.importNode(compose!, true));
    await settle();
    expect(seen.at(-1)?.candidates.map((c) => c.email)).toContain('lena.fischer@fjord-robotics.de');
  });

  it('still follows a thread that Gmail re-renders in place', async () => {
    const { doc, seen } = watchThread();
    const view = doc.querySelector('h2.hP')!.closest('.nH.a98')!;
    const copy = view.cloneNode(true) as Element;
    copy.querySelector('h2.hP')!.setAttribute('data-thread-perm-id', 'thread-f:re-rendered');
    view.replaceWith(copy);
    await settle();
    expect(seen.at(-1)?.viewKey).toBe('gmail:thread:thread-f:re-rendered');
    // And the new view is the one observed.
    const sender = copy.querySelector('span.gD[email]')!;
    sender.setAttribute('email', 'someone.else@acme-analytics.com');
    await settle();
    expect(seen.at(-1)?.candidates.map((c) => c.email)).toContain('someone.else@acme-analytics.com');
  });
});

describe('selectorTags', () => {
  it('names the tags a selector list can match, or null when it could match any', () => {
    expect(selectorTags('div[role="main"], div.dw, div[role="dialog"]')).toEqual(new Set(['div']));
    expect(selectorTags('.kv span[email], H2.hP')).toEqual(new Set(['span', 'h2']));
    expect(selectorTags('[email], div.dw')).toBeNull();
    expect(selectorTags('div > .x')).toBeNull();
    expect(selectorTags('div:is(.a, .b)')).toBeNull();
    expect(selectorTags('div[title="a, b"], span')).toEqual(new Set(['div', 'span']));
    expect(selectorTags('div[title="a, .b"]')).toEqual(new Set(['div']));
  });
});
