/**
 * The Outlook adapter's page hooks: its scopes and candidate roots, what it watches, and the
 * signed-in account.
 */
import { describe, expect, it } from 'vitest';
import { loadFixture, parseHtml } from './fixture-helper';
import { outlookAccountEmail, outlookAccountName, outlookAdapter } from './outlook';
import { ITEM, OFFICE, scopesOf } from './outlook-test-setup';

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
