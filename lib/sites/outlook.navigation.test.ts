/**
 * Which view Outlook shows: the view key from the rendered conversation (not the URL), the
 * routes the URL names, and the adapter under the page watcher while the user navigates.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPageWatcher } from '../detect/watch';
import { loadFixture, parseHtml } from './fixture-helper';
import { outlookAdapter, outlookRoute } from './outlook';
import {
  ITEM,
  ITEM_DECODED,
  OFFICE,
  OTHER_ITEM,
  READ_CONV,
  detectFixture,
  scopesOf,
  summary,
} from './outlook-test-setup';
import type { Detection } from './types';

describe('outlook view key', () => {
  it.each([
    `${OFFICE}id/${ITEM}`,
    `${OFFICE}id/${ITEM_DECODED}`,
    `${OFFICE}inbox/id/${ITEM}`,
    `https://outlook.office365.com/mail/id/${ITEM}`,
    `https://outlook.live.com/mail/0/id/${ITEM}`,
    `${OFFICE}deeplink/read/${ITEM}`,
    // Search and the reading pane do not always change the URL: the page still names the view.
    OFFICE,
    `${OFFICE}id/${OTHER_ITEM}`,
  ])('is the rendered conversation at %s', (url) => {
    expect(detectFixture('read.html', url).viewKey).toBe(READ_CONV);
  });

  it("keeps the old conversation's key while the URL already names the next item (stale view)", () => {
    const doc = loadFixture('outlook/read.html');
    const next = new URL(`${OFFICE}id/${OTHER_ITEM}`);
    const detection = outlookAdapter.detect(doc, next, scopesOf(doc, next));
    expect(detection.viewKey).toBe(READ_CONV);
    expect(detection.viewKey).not.toContain('QBBB');
    // The old conversation left the pane for the next item: nothing, until that renders with its own id.
    doc.querySelector('[data-app-section="ConversationContainer"]')!.remove();
    expect(outlookAdapter.detect(doc, next)).toEqual({ viewKey: null, candidates: [] });
  });

  it('never keys headers the page does not name on an item URL, but does in a deeplink read window', () => {
    const html = `<html><body><div id="ReadingPaneContainerId" role="main"><div data-app-section="MailReadCompose">
      <div id="MSG_m1_FROM"><span data-lpc-hover-target-id="a">Ada Lovelace</span></div></div></div></body></html>`;
    expect(outlookAdapter.detect(parseHtml(html), new URL(`${OFFICE}id/${ITEM}`))).toEqual({
      viewKey: null,
      candidates: [],
    });
    const deeplink = outlookAdapter.detect(parseHtml(html), new URL(`${OFFICE}deeplink/read/${ITEM}`));
    expect(deeplink.viewKey).toBe(`outlook:item:${ITEM_DECODED}`);
    expect(summary(deeplink)).toEqual(['- Ada Lovelace sender 0']);
  });

  it.each(['div data-app-section="ConversationContainer"', 'div'])(
    'does not take a selected message-list row for the rendered conversation (%s)',
    (container) => {
      const doc = parseHtml(`<html><body><div role="main">
      <div role="listbox"><div role="option" aria-selected="true" id="${ITEM_DECODED}" data-convid="row-conv">
        <span data-lpc-hover-target-id="r">Row Person</span></div></div>
      <${container}><div id="MSG_m1_FROM"><span data-lpc-hover-target-id="a">Ada Lovelace</span></div></div>
    </div></body></html>`);
      expect(outlookAdapter.detect(doc, new URL(`${OFFICE}id/${ITEM}`))).toEqual({
        viewKey: null,
        candidates: [],
      });
    },
  );

  it('keys a compose without a draft id, and stays idle for an empty one', () => {
    const form = (to: string) =>
      parseHtml(`<html><body><div id="ReadingPaneContainerId" role="main"><div data-app-section="MailReadCompose">
        <div><div contenteditable="true">${to}</div><div contenteditable="true">Body lena@body.example</div>
        <button data-testid="ComposeSendButton">Senden</button></div></div></div></body></html>`);
    const url = new URL(`${OFFICE}deeplink/compose`);
    expect(outlookAdapter.detect(form('lena@fjord-robotics.example'), url)).toEqual({
      viewKey: 'outlook:compose:new',
      candidates: [{ email: 'lena@fjord-robotics.example', role: 'compose', order: 0 }],
    });
    expect(outlookAdapter.detect(form(''), url)).toEqual({ viewKey: null, candidates: [] });
  });
});

describe('outlookRoute', () => {
  it.each([
    [OFFICE, { kind: 'other' }],
    [`${OFFICE}inbox`, { kind: 'other' }],
    [`${OFFICE}id/${ITEM}`, { kind: 'item', itemId: ITEM_DECODED, deeplink: false }],
    [`${OFFICE}inbox/id/${ITEM}`, { kind: 'item', itemId: ITEM_DECODED, deeplink: false }],
    [`https://outlook.live.com/mail/0/id/${ITEM}`, { kind: 'item', itemId: ITEM_DECODED, deeplink: false }],
    [`${OFFICE}deeplink/read/${ITEM}`, { kind: 'item', itemId: ITEM_DECODED, deeplink: true }],
    [`${OFFICE}deeplink/compose?to=a%40b.example`, { kind: 'compose' }],
    [
      `https://outlook.office.com/owa/?ItemID=${ITEM}&viewmodel=ReadMessageItem`,
      { kind: 'item', itemId: ITEM_DECODED, deeplink: true },
    ],
    ['https://outlook.office.com/owa/?path=/mail/action/compose&to=a%40b.example', { kind: 'compose' }],
    [`${OFFICE}id/%E0%A4%A`, { kind: 'other' }],
    [`${OFFICE}id/short`, { kind: 'other' }],
    [`${OFFICE}id/${'A'.repeat(2000)}`, { kind: 'other' }],
  ])('%s', (url, route) => {
    expect(outlookRoute(new URL(url))).toEqual(route);
  });
});

describe('outlook under the page watcher', () => {
  const controllers: AbortController[] = [];
  afterEach(() => {
    for (const controller of controllers.splice(0)) controller.abort();
  });

  /** Lets observers and zero-delay timers run. */
  const settle = async () => {
    for (let round = 0; round < 5; round++) await new Promise((resolve) => setTimeout(resolve, 0));
  };

  function watch(doc: Document, startUrl: string) {
    const controller = new AbortController();
    controllers.push(controller);
    const seen: Detection[] = [];
    const state = { url: startUrl };
    const detect = vi.fn(outlookAdapter.detect);
    const watcher = createPageWatcher({
      adapter: { ...outlookAdapter, detect },
      doc,
      getUrl: () => state.url,
      signal: controller.signal,
      onDetection: (detection) => seen.push(detection),
      debounceMs: 0,
    });
    // Outlook navigates with the History API: the path changes, then the pane re-renders.
    const navigate = (url: string) => {
      state.url = url;
      watcher.onLocationChange();
    };
    return { seen, detect, navigate };
  }

  it('follows a path change only once the next conversation renders, and ignores the message list', async () => {
    const doc = loadFixture('outlook/read.html');
    const { seen, detect, navigate } = watch(doc, `${OFFICE}id/${ITEM}`);
    expect(seen.map((d) => d.viewKey)).toEqual([READ_CONV]);

    // The list churns (a new message arrives): no detection at all.
    detect.mockClear();
    const list = doc.querySelector('[role="listbox"]')!;
    list.prepend(list.firstElementChild!.cloneNode(true));
    list.firstElementChild!.setAttribute('data-convid', 'AAQkNewArrival');
    await settle();
    expect(detect).not.toHaveBeenCalled();

    // The URL names the next item while the old conversation is still on screen.
    navigate(`${OFFICE}id/${OTHER_ITEM}`);
    await settle();
    expect(seen.map((d) => d.viewKey)).toEqual([READ_CONV]);

    // Outlook renders the next conversation in the pane.
    const section = doc.querySelector('[data-app-section="MailReadCompose"]')!;
    const next = loadFixture('outlook/conversation.html').querySelector(
      '[data-app-section="MailReadCompose"]',
    )!;
    section.replaceChildren(...Array.from(next.childNodes, (node) => doc.importNode(node, true)));
    await settle();
    const last = seen.at(-1)!;
    expect(last.viewKey).toBe(
      'outlook:conversation:AAQkAGZmNzE4MWFhLTc2ZjItNDc1Zi1hYmZjLTBmMWQyMDg3MjQwYgAQAEd6vG0s',
    );
    expect(summary(last)).toContain('- Grace Hopper cc 2');
    // No detection ever put the first message's people under another key.
    for (const detection of seen) {
      if (detection.viewKey !== READ_CONV) expect(summary(detection).join()).not.toContain('Lena Fischer');
    }
  });

  it('notices an address typed into a compose field', async () => {
    const doc = loadFixture('outlook/compose.html');
    const { seen } = watch(doc, OFFICE);
    expect(seen).toHaveLength(1);
    const bcc = doc.querySelectorAll('[contenteditable][aria-label]')[2]!;
    bcc.append(doc.createTextNode('lena@fjord-robotics.example'));
    await settle();
    expect(seen.at(-1)?.candidates.map((c) => c.email)).toContain('lena@fjord-robotics.example');
  });
});
