import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadFixture, parseHtml } from '../sites/fixture-helper';
import { gmailAdapter } from '../sites/gmail';
import { hubspotAdapter } from '../sites/hubspot';
import { outlookAdapter } from '../sites/outlook';
import type { Detection, SiteAdapter } from '../sites/types';
import { createPageWatcher, detectionKey, mutationMatters } from './watch';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const A_URL = `${GMAIL}#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq`;
const B_URL = `${GMAIL}#label/Kunden/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdZz`;
const INBOX_URL = `${GMAIL}#inbox`;
const A_KEY = 'gmail:thread:thread-f:1789000000000000101';
const B_KEY = 'gmail:thread:thread-f:1789000000000000201';

const controllers: AbortController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
});

/** A watcher over `doc` whose URL the test moves, recording every detection. */
function watch(doc: Document, startUrl: string, adapter: SiteAdapter = gmailAdapter) {
  const controller = new AbortController();
  controllers.push(controller);
  const seen: Detection[] = [];
  const state = { url: startUrl };
  const detect = vi.fn(adapter.detect);
  const watcher = createPageWatcher({
    adapter: { ...adapter, detect },
    doc,
    getUrl: () => state.url,
    signal: controller.signal,
    onDetection: (detection) => seen.push(detection),
    debounceMs: 0,
  });
  const navigate = (url: string) => {
    state.url = url;
    watcher.onLocationChange();
  };
  return { watcher, seen, keys: () => seen.map((d) => d.viewKey), controller, navigate, detect };
}

/** Gmail swapping the main region's content for another view, as it does on navigation. */
function showView(doc: Document, fixture: string) {
  const main = doc.querySelector('div[role="main"]');
  const next = loadFixture(fixture).querySelector('div[role="main"]');
  if (!main || !next) throw new Error('fixture has no main region');
  main.replaceChildren(...Array.from(next.childNodes, (node) => doc.importNode(node, true)));
}

function chip(doc: Document, email: string): Element {
  const element = doc.createElement('div');
  element.setAttribute('role', 'option');
  element.setAttribute('data-hovercard-id', email);
  element.setAttribute('data-name', email);
  return element;
}

/** Resolves once mutations made so far have been delivered to observers and their timers have run. */
async function settle(doc: Document) {
  await new Promise<void>((resolve) => {
    const probe = new MutationObserver(() => {
      probe.disconnect();
      resolve();
    });
    probe.observe(doc.body, { attributes: true });
    doc.body.setAttribute('data-settle', String(Math.random()));
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('createPageWatcher', () => {
  it('follows thread A → thread B → inbox → thread A in one page load', async () => {
    const doc = loadFixture('gmail/thread.html');
    const { keys, navigate } = watch(doc, A_URL);
    expect(keys()).toEqual([A_KEY]);

    // Gmail changes the URL first and renders the thread later: nothing new until it does.
    navigate(B_URL);
    await settle(doc);
    expect(keys()).toEqual([A_KEY]);
    showView(doc, 'gmail/thread-de.html');
    await vi.waitFor(() => expect(keys()).toEqual([A_KEY, B_KEY]));

    // Leaving for a list view goes idle on the URL alone, before the list has rendered.
    navigate(INBOX_URL);
    await vi.waitFor(() => expect(keys()).toEqual([A_KEY, B_KEY, null]));
    showView(doc, 'gmail/inbox.html');
    await settle(doc);

    navigate(A_URL);
    showView(doc, 'gmail/thread.html');
    await vi.waitFor(() => expect(keys()).toEqual([A_KEY, B_KEY, null, A_KEY]));
    await settle(doc);
    expect(keys()).toEqual([A_KEY, B_KEY, null, A_KEY]);
  });

  it('detects once per navigation, after the page has rendered the new view', async () => {
    const doc = loadFixture('gmail/thread.html');
    const { keys, navigate, detect } = watch(doc, A_URL);
    const calls = detect.mock.calls.length;
    // The Navigation API reports the new URL before the SPA renders: the old view is not read.
    navigate(B_URL);
    showView(doc, 'gmail/thread-de.html');
    expect(detect).toHaveBeenCalledTimes(calls);
    await vi.waitFor(() => expect(keys()).toEqual([A_KEY, B_KEY]));
    await settle(doc);
    expect(detect).toHaveBeenCalledTimes(calls + 1);
  });

  it('looks for the regions to observe once per navigation, not again for its detection', async () => {
    const doc = loadFixture('gmail/thread.html');
    const candidateRoots = vi.fn(gmailAdapter.candidateRoots!);
    const { keys, navigate } = watch(doc, A_URL, { ...gmailAdapter, candidateRoots });
    await settle(doc);
    navigate(B_URL);
    await settle(doc);
    const before = candidateRoots.mock.calls.length;
    showView(doc, 'gmail/thread-de.html');
    await vi.waitFor(() => expect(keys()).toEqual([A_KEY, B_KEY]));
    await settle(doc);
    expect(candidateRoots.mock.calls.length - before).toBe(1);
  });

  it('reports each chip added to a compose window, and nothing for typing', async () => {
    const doc = loadFixture('gmail/compose.html');
    for (const existing of Array.from(doc.querySelectorAll('div.dw [role="option"]'))) existing.remove();
    const { seen, keys, detect } = watch(doc, `${GMAIL}#inbox?compose=new`);
    expect(keys()).toEqual([null]);

    const to = doc.querySelector('div.dw div[name="to"] [role="listbox"]');
    to?.prepend(chip(doc, 'lena.fischer@fjord-robotics.de'));
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({
      viewKey: 'gmail:compose:new',
      candidates: [
        {
          email: 'lena.fischer@fjord-robotics.de',
          role: 'compose',
          order: 0,
          name: 'lena.fischer@fjord-robotics.de',
        },
      ],
    });

    // Typing in the body is not worth a detection.
    const calls = detect.mock.calls.length;
    doc
      .querySelector('div.dw [contenteditable="true"]')
      ?.append(doc.createTextNode(' More text, cc bob@x.com'));
    await settle(doc);
    expect(detect).toHaveBeenCalledTimes(calls);

    doc
      .querySelector('div.dw div[name="cc"] [role="listbox"]')
      ?.prepend(chip(doc, 'marta.gomez@fjord-robotics.de'));
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen[2]?.candidates.map((c) => c.email).sort()).toEqual([
      'lena.fischer@fjord-robotics.de',
      'marta.gomez@fjord-robotics.de',
    ]);
  });

  it('runs no detection while words are typed in an Outlook message, and one for a typed address', async () => {
    const doc = loadFixture('outlook/compose.html');
    const { seen, detect } = watch(doc, 'https://outlook.office.com/mail/deeplink/compose', outlookAdapter);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const shown = (email: string) => seen.at(-1)?.candidates.some((c) => c.email === email);
    const body = doc.querySelector('[aria-label="Message body"]')!;
    const calls = detect.mock.calls.length;
    // Typing: text nodes added and edited, as an editor does; a line with an address's '@'
    // sign in the body would matter, but words never do.
    const typed = doc.createTextNode(' Thanks');
    body.append(typed);
    await settle(doc);
    typed.data = ' Thanks again for the call';
    await settle(doc);
    body.append(doc.createElement('br'), doc.createTextNode('Best regards'));
    await settle(doc);
    expect(detect).toHaveBeenCalledTimes(calls);

    // An address typed into Cc, then deleted: each is a detection.
    const cc = doc.querySelector('[aria-label="Cc"]')!;
    const address = doc.createTextNode('; lena.fischer@fjord-robotics.de');
    cc.append(address);
    await vi.waitFor(() => expect(shown('lena.fischer@fjord-robotics.de')).toBe(true));
    address.data = '; ';
    await vi.waitFor(() => expect(shown('lena.fischer@fjord-robotics.de')).toBe(false));
  });

  it('notices a compose window that opens outside the main region', async () => {
    const doc = loadFixture('gmail/inbox.html');
    const { seen, keys } = watch(doc, INBOX_URL);
    expect(keys()).toEqual([null]);
    const compose = loadFixture('gmail/compose.html').querySelector('div.dw');
    if (!compose) throw new Error('fixture has no compose dock');
    doc.body.append(doc.importNode(compose, true));
    await vi.waitFor(() => expect(keys()).toEqual([null, 'gmail:compose:open']));
    expect(seen[1]?.candidates.map((c) => c.email).sort()).toEqual([
      'lena.fischer@fjord-robotics.de',
      'priya.shah@northwind.io',
    ]);
  });

  it('hands detection the scopes it observes, and forgets a compose window once it closes', async () => {
    const doc = loadFixture('gmail/compose.html');
    const { keys, detect } = watch(doc, `${GMAIL}#inbox?compose=new`);
    expect(keys()).toEqual(['gmail:compose:new']);
    const dock = doc.querySelector('div.dw');
    expect(detect.mock.calls[0]?.[2]).toEqual([doc.querySelector('div[role="main"]'), dock]);
    dock?.remove();
    await vi.waitFor(() => expect(keys()).toEqual(['gmail:compose:new', null]));
    expect(detect.mock.lastCall?.[2]).toEqual([doc.querySelector('div[role="main"]')]);
  });

  it('re-acquires the main region when Gmail replaces it', async () => {
    const doc = loadFixture('gmail/thread.html');
    const { keys, navigate, seen } = watch(doc, A_URL);
    const oldMain = doc.querySelector('div[role="main"]');
    const newMain = doc.importNode(
      loadFixture('gmail/thread-de.html').querySelector('div[role="main"]') as Element,
      true,
    );
    navigate(B_URL);
    oldMain?.replaceWith(newMain);
    await vi.waitFor(() => expect(keys()).toEqual([A_KEY, B_KEY]));

    // Mutations inside the new region are observed.
    const lastMessage = newMain.querySelectorAll('[data-message-id]');
    const reply = doc.createElement('div');
    reply.setAttribute('name', 'to');
    reply.append(chip(doc, 'new.person@bergmann-logistik.de'));
    lastMessage[lastMessage.length - 1]?.append(reply);
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(
      seen[2]?.candidates.some((c) => c.email === 'new.person@bergmann-logistik.de' && c.role === 'compose'),
    ).toBe(true);
  });

  it('waits for the main region while Gmail is still loading', async () => {
    const doc = parseHtml('<html><body><div id="loading">Loading…</div></body></html>');
    const { keys } = watch(doc, A_URL);
    expect(keys()).toEqual([null]);
    const main = doc.importNode(
      loadFixture('gmail/thread.html').querySelector('div[role="main"]') as Element,
      true,
    );
    const app = doc.createElement('div');
    doc.body.append(app);
    app.append(main);
    await vi.waitFor(() => expect(keys()).toEqual([null, A_KEY]));
  });

  it('does not wait for a record region on pages that never have one', async () => {
    const doc = loadFixture('hubspot/contacts-list.html');
    const { keys, detect } = watch(
      doc,
      'https://app.hubspot.com/contacts/2456789/objects/0-1/views/all/list',
      hubspotAdapter,
    );
    expect(keys()).toEqual([null]);
    const sidebar = loadFixture('hubspot/contact.html').querySelector(
      '[data-test-id="left-sidebar"]',
    ) as Element;
    doc.body.append(doc.importNode(sidebar, true));
    await settle(doc);
    expect(detect).toHaveBeenCalledTimes(1);
  });

  it('waits for the record region on a record URL', async () => {
    const doc = loadFixture('hubspot/contacts-list.html');
    const { keys } = watch(doc, 'https://app.hubspot.com/contacts/2456789/record/0-1/151', hubspotAdapter);
    expect(keys()).toEqual(['hubspot:2456789:151']);
    const sidebar = loadFixture('hubspot/contact.html').querySelector(
      '[data-test-id="left-sidebar"]',
    ) as Element;
    doc.body.append(doc.importNode(sidebar, true));
    await vi.waitFor(() => expect(keys()).toEqual(['hubspot:2456789:151', 'hubspot:2456789:151']));
  });

  it('stops every callback and observer on abort', async () => {
    const doc = loadFixture('gmail/thread.html');
    const { keys, controller, navigate, watcher, detect } = watch(doc, A_URL);
    const calls = detect.mock.calls.length;
    controller.abort();

    navigate(B_URL);
    showView(doc, 'gmail/thread-de.html');
    watcher.check();
    await settle(doc);
    expect(keys()).toEqual([A_KEY]);
    expect(detect).toHaveBeenCalledTimes(calls);
  });

  it('does nothing when started with an aborted signal', () => {
    const doc = loadFixture('gmail/thread.html');
    const onDetection = vi.fn();
    const watcher = createPageWatcher({
      adapter: gmailAdapter,
      doc,
      getUrl: () => A_URL,
      signal: AbortSignal.abort(),
      onDetection,
    });
    watcher.onLocationChange();
    expect(onDetection).not.toHaveBeenCalled();
  });

  it('treats an adapter that throws as a page without a lead', () => {
    const doc = parseHtml('<html><body><div role="main"></div></body></html>');
    const broken: SiteAdapter = {
      ...gmailAdapter,
      detect: () => {
        throw new Error('markup changed');
      },
    };
    const { seen } = watch(doc, A_URL, broken);
    expect(seen).toEqual([{ viewKey: null, candidates: [] }]);
  });
});

describe('mutationMatters', () => {
  /** The records one change produces, as a MutationObserver delivers them. */
  async function recordsOf(
    target: Node,
    options: MutationObserverInit,
    change: () => void,
  ): Promise<MutationRecord[]> {
    return new Promise((resolve) => {
      const observer = new MutationObserver((records) => {
        observer.disconnect();
        resolve(records);
      });
      observer.observe(target, options);
      change();
    });
  }

  const hints = gmailAdapter.watch;
  const all = { childList: true, subtree: true, characterData: true, attributes: true };

  it.each<[string, (doc: Document) => void, boolean]>([
    [
      'a chip added',
      (doc) => doc.querySelector('div[name="to"] [role="listbox"]')?.append(chip(doc, 'x@y.com')),
      true,
    ],
    ['a chip removed', (doc) => doc.querySelector('div[name="to"] [role="option"]')?.remove(), true],
    [
      'a subtree holding people added',
      (doc) => {
        const wrapper = doc.createElement('div');
        wrapper.append(chip(doc, 'x@y.com'));
        doc.querySelector('div.dw')?.append(wrapper);
      },
      true,
    ],
    [
      'typing in the body',
      (doc) => doc.querySelector('[contenteditable="true"]')?.append(doc.createTextNode('typed')),
      false,
    ],
    ['a tooltip added', (doc) => doc.querySelector('div.dw')?.append(doc.createElement('div')), false],
    [
      'a class toggled on a chip',
      (doc) => doc.querySelector('[role="option"]')?.classList.toggle('hover'),
      false,
    ],
    [
      'a chip address changed',
      (doc) => doc.querySelector('[role="option"]')?.setAttribute('data-hovercard-id', 'z@y.com'),
      true,
    ],
  ])('%s → %s', async (_name, change, expected) => {
    const doc = loadFixture('gmail/compose.html');
    const records = await recordsOf(doc.body, all, () => change(doc));
    expect(records.some((record) => mutationMatters(record, hints))).toBe(expected);
  });

  it('counts every mutation for adapters without hints', async () => {
    const doc = parseHtml('<html><body><main><p>x</p></main></body></html>');
    const records = await recordsOf(doc.body, all, () => doc.querySelector('p')?.append('y'));
    expect(records.some((record) => mutationMatters(record, undefined))).toBe(true);
  });
});

describe('detectionKey', () => {
  it('ignores candidate order in the list but not recency or role', () => {
    const a = { email: 'a@a.com', role: 'sender' as const, order: 1 };
    const b = { email: 'b@b.com', role: 'to' as const, order: 0 };
    expect(detectionKey({ viewKey: 'v', candidates: [a, b] })).toBe(
      detectionKey({ viewKey: 'v', candidates: [b, a] }),
    );
    expect(detectionKey({ viewKey: 'v', candidates: [a] })).not.toBe(
      detectionKey({ viewKey: 'v', candidates: [{ ...a, order: 2 }] }),
    );
    expect(detectionKey({ viewKey: 'v', candidates: [a] })).not.toBe(
      detectionKey({ viewKey: 'w', candidates: [a] }),
    );
    expect(detectionKey({ viewKey: null, candidates: [] })).not.toBe(
      detectionKey({ viewKey: 'v', candidates: [] }),
    );
  });
  it('tells people without an address apart by their name', () => {
    const jane = { name: 'Jane Doe', role: 'sender' as const, order: 0 };
    expect(detectionKey({ viewKey: 'v', candidates: [jane] })).not.toBe(
      detectionKey({ viewKey: 'v', candidates: [{ ...jane, name: 'John Roe' }] }),
    );
  });
});
