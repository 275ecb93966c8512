/**
 * The Outlook adapter over its fixtures (read, compose, conversation, persona card, inbox) and
 * small pages: who the reading pane shows, what is never read, and the bounds.
 */
import { describe, expect, it } from 'vitest';
import { loadFixture, parseHtml } from './fixture-helper';
import { outlookAdapter } from './outlook';
import { ITEM, OFFICE, READ_CONV, detectFixture, scopesOf, summary } from './outlook-test-setup';

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
