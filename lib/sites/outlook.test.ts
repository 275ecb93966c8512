import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPageWatcher } from '../detect/watch';
import { loadFixture, parseHtml } from './fixture-helper';
import { outlookAccountEmail, outlookAccountName, outlookAdapter, outlookRoute } from './outlook';
import type { Detection } from './types';

const OFFICE = 'https://outlook.office.com/mail/';
const ITEM = 'AAkALgAAAAAAHYQDEapmEc2byACqAC%2FEWg0AJ9zqNMeBAEWm1k7p5aAAAGr8QAAA';
const ITEM_DECODED = 'AAkALgAAAAAAHYQDEapmEc2byACqAC/EWg0AJ9zqNMeBAEWm1k7p5aAAAGr8QAAA';
const OTHER_ITEM = 'AAkALgAAAAAAHYQDEapmEc2byACqAC%2FEWg0AJ9zqNMeBAEWm1k7p5aAAAGr8QBBB';
const READ_CONV = 'outlook:conversation:AAQkAGI2YjE4ZmEwLWNmNDItNDIxNi04ODk1LWQwMTIwMTI1ZDY0MQAQAJ5HzmTq';

/** `email|-  name|-  role order`, sorted: name-only candidates show `-` for the address. */
function summary(detection: Detection): string[] {
  return detection.candidates.map((c) => `${c.email ?? '-'} ${c.name ?? '-'} ${c.role} ${c.order}`).sort();
}

function detectFixture(file: string, url: string): Detection {
  return outlookAdapter.detect(loadFixture(`outlook/${file}`), new URL(url));
}

/** What the watcher would hand in: the scope and the extra scopes. */
function scopesOf(doc: Document, url: URL): Element[] {
  const pane = outlookAdapter.scope(doc, url);
  return pane ? [pane, ...(outlookAdapter.extraScopes?.(doc, url, pane) ?? [])] : [];
}

describe('outlook adapter over fixtures', () => {
  const cases: { name: string; file: string; url: string; viewKey: string | null; candidates: string[] }[] = [
    {
      name: 'read message whose personas show names only',
      file: 'read.html',
      url: `${OFFICE}id/${ITEM}`,
      viewKey: READ_CONV,
      candidates: ['- Lena Fischer sender 0', '- Marcus Lee to 0', '- Priya Shah cc 0', '- Sam Rep to 0'],
    },
    {
      name: 'the same message in the German UI',
      file: 'read-de.html',
      url: `${OFFICE}id/${ITEM}`,
      viewKey: READ_CONV,
      candidates: ['- Lena Fischer sender 0', '- Marcus Lee to 0', '- Priya Shah cc 0', '- Sam Rep to 0'],
    },
    {
      name: 'persona labelled with its address, title address, mailto links in the header (consumer URL)',
      file: 'address-persona.html',
      url: 'https://outlook.live.com/mail/0/inbox/id/AQQkADAwATM0MDAAMS1iNGQ3LWJlYWEtMDACLTAwCgAQAGtq7C1k',
      viewKey: 'outlook:conversation:AAQkADAwATM0MDAAMS1iNGQ3LWJlYWEtMDACLTAwCgAQAGtq7C1k',
      candidates: [
        '- Sam Rep to 0',
        'dana.cole@orbital-freight.example Dana Cole to 0',
        'kim.nguyen@orbital-freight.example - sender 0',
        'ops@orbital-freight.example Orbital Ops cc 0',
        // Named in To without an address, and with one in a Cc mailto: the address goes with the name.
        'ravi.patel@orbital-freight.example Ravi Patel cc 0',
        'ravi.patel@orbital-freight.example Ravi Patel to 0',
      ],
    },
    {
      name: 'new message in the reading pane: a resolved pill, a typed address, a pill showing an address',
      file: 'compose.html',
      url: OFFICE,
      viewKey: 'outlook:compose:AAMkADraft0001',
      candidates: [
        '- Jonas Weber compose 0',
        'einkauf@bergmann-logistik.example - compose 0',
        'mia.schulz@bergmann-logistik.example - compose 0',
      ],
    },
    {
      name: 'conversation of three messages with an inline reply',
      file: 'conversation.html',
      url: 'https://outlook.cloud.microsoft/mail/inbox/id/AAQkAGZmNzE4MWFhLTc2ZjItNDc1Zi1hYmZjLTBmMWQyMDg3MjQwYgAQAEd6vG0s',
      viewKey: 'outlook:conversation:AAQkAGZmNzE4MWFhLTc2ZjItNDc1Zi1hYmZjLTBmMWQyMDg3MjQwYgAQAEd6vG0s',
      candidates: [
        '- Ada Lovelace compose 0',
        '- Ada Lovelace sender 2',
        '- Grace Hopper cc 2',
        '- Sam Rep sender 1',
        '- Sam Rep to 2',
        'marcus.lee@acme-analytics.example - compose 0',
      ],
    },
    {
      name: "sender's persona card opened by the user",
      file: 'persona-card.html',
      url: `${OFFICE}id/${ITEM}`,
      viewKey: 'outlook:conversation:AAQkADk3YjEwLTU3NDMtNGUxZS1hMzA1LTljNjFkNTQ0NjBiYQAQAEmPq1nB',
      candidates: [
        '- Nadia Roy to 0',
        '- Sam Rep to 0',
        'tomas.ortega@lumen-health.example Tomás Ortega sender 0',
      ],
    },
    {
      name: 'inbox with nothing open is idle',
      file: 'inbox.html',
      url: OFFICE,
      viewKey: null,
      candidates: [],
    },
    {
      name: 'inbox with nothing open is idle under an item URL too (the list is not read)',
      file: 'inbox.html',
      url: `${OFFICE}id/${ITEM}`,
      viewKey: null,
      candidates: [],
    },
  ];

  it.each(cases)('$name', ({ file, url, viewKey, candidates }) => {
    const detection = detectFixture(file, url);
    expect(detection.viewKey).toBe(viewKey);
    expect(summary(detection)).toEqual(candidates);
  });

  it.each(cases)('$name: the same with the scopes the watcher found', ({ file, url }) => {
    const doc = loadFixture(`outlook/${file}`);
    const at = new URL(url);
    const scopes = scopesOf(doc, at);
    expect(outlookAdapter.detect(doc, at, scopes.length > 0 ? scopes : undefined)).toEqual(
      outlookAdapter.detect(doc, at),
    );
  });

  it('reports a persona that shows only a name without any address', () => {
    const detection = detectFixture('read.html', `${OFFICE}id/${ITEM}`);
    expect(detection.candidates).toHaveLength(4);
    for (const candidate of detection.candidates) {
      expect(candidate).not.toHaveProperty('email');
      expect(candidate.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });

  it('detects the German UI exactly as the English one', () => {
    const url = `${OFFICE}id/${ITEM}`;
    expect(detectFixture('read-de.html', url)).toEqual(detectFixture('read.html', url));
    expect(loadFixture('outlook/read-de.html').documentElement.lang).toBe('de');
  });

  it('never reads message bodies (text, mailto links, quoted headers, forged wells) or the message list', () => {
    const read = [
      ['read.html', `${OFFICE}id/${ITEM}`],
      ['address-persona.html', `${OFFICE}id/${ITEM}`],
      ['conversation.html', `${OFFICE}id/${ITEM}`],
      ['compose.html', OFFICE],
    ].flatMap(([file, url]) => detectFixture(file!, url!).candidates);
    const emails = read.map((c) => c.email);
    for (const elsewhere of [
      'billing@fjord-robotics.example', // body mailto whose text is the sender's name
      'ap@fjord-robotics.example',
      'lena.fischer@fjord-robotics.example', // quoted header in the body; list row title
      'sam.rep@loopline-sales.example',
      'quotes@orbital-freight.example',
      'kim@personal-mail.example',
      'spoof@evil.example',
      'ada@acme-analytics.example',
      'legal@acme-analytics.example',
      'finance@loopline-sales.example', // the inline reply's body
      'backup@bergmann-logistik.example', // the compose body
      'orders@fjord-robotics.example',
      'digest@saas-weekly.example',
      'jordan@list-only.example',
    ]) {
      expect(emails).not.toContain(elsewhere);
    }
    // The body's mailto named "Lena Fischer" does not give the sender an address.
    const lena = detectFixture('read.html', `${OFFICE}id/${ITEM}`).candidates.find(
      (c) => c.role === 'sender',
    );
    expect(lena).toEqual({ role: 'sender', order: 0, name: 'Lena Fischer' });
  });

  it('reads a typed address in a compose field, in the document as the watcher scopes it', () => {
    const doc = loadFixture('outlook/compose.html');
    const url = new URL(OFFICE);
    const field = doc.querySelector('[contenteditable][aria-label="To"]')!;
    field.append(doc.createTextNode('; jan.berg@bergmann-logistik.example'));
    const emails = outlookAdapter.detect(doc, url, scopesOf(doc, url)).candidates.map((c) => c.email);
    expect(emails).toContain('jan.berg@bergmann-logistik.example');
    expect(emails).toContain('mia.schulz@bergmann-logistik.example');
  });

  it('keeps the address for a name shown with two different addresses unguessed', () => {
    const doc = parseHtml(`<html><body><div id="ReadingPaneContainerId" role="main">
      <div data-app-section="ConversationContainer" data-convid="conv-1">
        <div id="MSG_m1_FROM"><span data-lpc-hover-target-id="a">Alex Kim</span></div>
        <div id="MSG_m1_TO"><a href="mailto:alex@one.example">Alex Kim</a><a href="mailto:alex@two.example">Alex Kim</a></div>
      </div></div></body></html>`);
    expect(summary(outlookAdapter.detect(doc, new URL(OFFICE)))).toEqual([
      '- Alex Kim sender 0',
      'alex@one.example Alex Kim to 0',
      'alex@two.example Alex Kim to 0',
    ]);
  });

  it('offers the person of a card the user opened who is not in the view as pointed at', () => {
    const doc = loadFixture('outlook/persona-card.html');
    const heading = doc.querySelector('#fluent-default-layer-host [role="heading"]')!;
    heading.textContent = 'Somebody Else';
    const detection = outlookAdapter.detect(doc, new URL(`${OFFICE}id/${ITEM}`));
    expect(summary(detection)).toContain('tomas.ortega@lumen-health.example Somebody Else hover 0');
    expect(summary(detection)).toContain('- Tomás Ortega sender 0');
  });

  it('skips hidden wells and personas, and ignores wells of other fields', () => {
    const doc = parseHtml(`<html><body><div id="ReadingPaneContainerId" role="main">
      <div data-app-section="ConversationContainer" data-convid="conv-1">
        <div id="MSG_m1_FROM" hidden><span data-lpc-hover-target-id="a">Hidden Sender</span></div>
        <div id="MSG_m2_FROM"><span data-lpc-hover-target-id="b">Shown Sender</span></div>
        <div id="MSG_m2_TO"><span data-lpc-hover-target-id="c" style="display: none">Hidden Recipient</span>
          <span class="lpc-hoverTarget"><span data-lpc-hover-target-id="d">Nested Pill</span></span></div>
        <div id="MSG_m2_DATE"><span data-lpc-hover-target-id="e">Not A Person</span></div>
      </div></div></body></html>`);
    expect(summary(outlookAdapter.detect(doc, new URL(OFFICE)))).toEqual([
      // The hidden message is not counted either.
      '- Nested Pill to 0',
      '- Shown Sender sender 0',
    ]);
  });

  it('bounds a header with thousands of recipients and a flood of text in a persona', () => {
    const many = Array.from(
      { length: 5000 },
      (_, i) => `<span data-lpc-hover-target-id="t${i}">m${i}@list.example</span>`,
    ).join('');
    const doc = parseHtml(`<html><body><div id="ReadingPaneContainerId" role="main">
      <div data-app-section="ConversationContainer" data-convid="conv-1">
        <div id="MSG_m1_FROM"><span data-lpc-hover-target-id="a">${'x'.repeat(100_000)} Ada</span></div>
        <div id="MSG_m1_TO">${many}</div>
      </div></div></body></html>`);
    const detection = outlookAdapter.detect(doc, new URL(OFFICE));
    expect(detection.candidates.length).toBeLessThanOrEqual(500);
    expect(detection.candidates.length).toBeGreaterThan(100);
    const sender = detection.candidates.find((c) => c.role === 'sender');
    expect(sender?.name?.length).toBeLessThanOrEqual(200);
  });
});

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

describe('outlook scopes', () => {
  it('scopes to the reading pane, observes the persona card layer, and never the message list', () => {
    for (const file of ['read.html', 'compose.html', 'conversation.html', 'persona-card.html']) {
      const doc = loadFixture(`outlook/${file}`);
      const url = new URL(`${OFFICE}id/${ITEM}`);
      const scopes = scopesOf(doc, url);
      expect(scopes.map((scope) => scope.id)).toEqual([
        'ReadingPaneContainerId',
        'fluent-default-layer-host',
      ]);
      const roots = outlookAdapter.candidateRoots?.(doc, url, scopes) ?? [];
      expect(roots.length).toBeGreaterThan(0);
      const list = doc.querySelector('[role="listbox"]')!;
      expect(list.querySelector('[data-convid]')).not.toBeNull();
      for (const root of roots) {
        expect(root.contains(list) || list.contains(root), file).toBe(false);
      }
      expect(roots[0]?.getAttribute('data-app-section')).toBe('MailReadCompose');
    }
  });

  it('narrows a main landmark that also holds the list to the conversation', () => {
    const doc = parseHtml(`<html><body><div role="main">
      <div role="listbox"><div role="option" data-convid="row"></div></div>
      <div data-app-section="ConversationContainer" data-convid="c1"></div></div></body></html>`);
    const url = new URL(OFFICE);
    const scopes = scopesOf(doc, url);
    expect(scopes.map((scope) => scope.getAttribute('role'))).toEqual(['main']);
    expect(outlookAdapter.candidateRoots?.(doc, url, scopes)).toEqual([
      doc.querySelector('[data-app-section="ConversationContainer"]'),
    ]);
  });

  it('watches the hooks it reads and reads the view from the page', () => {
    const hints = outlookAdapter.watch!;
    expect(hints.viewFromPage).toBe(true);
    const doc = loadFixture('outlook/conversation.html');
    for (const hook of [
      '#MSG_AAMkAGZmNzE4MWFhAAA3AQ_TO',
      '[data-lpc-hover-target-id]',
      '[contenteditable]',
    ]) {
      expect(doc.querySelector(hook)?.matches(hints.selector), hook).toBe(true);
    }
    expect(doc.getElementById('ReadingPaneContainerId')?.matches(hints.scopeSelector!)).toBe(true);
    expect(doc.getElementById('fluent-default-layer-host')?.matches(hints.extraScopeSelector!)).toBe(true);
  });
});

describe('outlook account', () => {
  it('reads the signed-in address and name from the account manager', () => {
    const doc = loadFixture('outlook/inbox.html');
    expect(outlookAccountEmail(doc)).toBe('sam.rep@loopline-sales.example');
    expect(outlookAccountName(doc)).toBe('Sam Rep');
    expect(outlookAdapter.accountEmail?.(doc)).toBe('sam.rep@loopline-sales.example');
    expect(outlookAdapter.accountName?.(doc)).toBe('Sam Rep');
    expect(outlookAccountName(loadFixture('outlook/read-de.html'))).toBe('Sam Rep');
  });

  it.each([
    ['<title>sam.rep@loopline-sales.example - Outlook Web App</title>', 'sam.rep@loopline-sales.example'],
    ['<title>Mail - Sam Rep - Outlook</title>', null],
    ['<title></title>', null],
  ])('reads old OWA titles: %s', (head, expected) => {
    const doc = parseHtml(`<html><head>${head}</head><body></body></html>`);
    expect(outlookAccountEmail(doc)).toBe(expected);
    expect(outlookAccountName(doc)).toBeNull();
  });

  it('does not take an address or an empty line for a name', () => {
    const doc = parseHtml(
      `<html><body><div id="mectrl_currentAccount_primary">sam@x.example</div></body></html>`,
    );
    expect(outlookAccountName(doc)).toBeNull();
    expect(outlookAccountName(parseHtml('<div id="mectrl_currentAccount_primary">  </div>'))).toBeNull();
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
