import { describe, expect, it } from 'vitest';
import { loadFixture, parseHtml } from './fixture-helper';
import { outlookAdapter } from './outlook';
import { adapterFor, adapterForSite, BUILTIN_ADAPTERS } from './index';

const GMAIL = new URL('https://mail.google.com/mail/u/0/#inbox');
const CUSTOM = new URL('https://crm.custom-example.test/customers/4711');

describe('adapterFor', () => {
  it('picks the built-in adapter for its site', () => {
    expect(adapterFor(GMAIL)?.id).toBe('gmail');
    expect(adapterFor(new URL('https://app-eu1.hubspot.com/contacts/1/record/0-1/2'))?.id).toBe('hubspot');
  });

  it('skips a built-in the user switched off', () => {
    expect(adapterFor(GMAIL, { builtins: { gmail: false } })).toBeNull();
    expect(adapterFor(GMAIL, { builtins: { salesforce: false } })?.id).toBe('gmail');
  });

  it('lets a built-in win over a broad user pattern', () => {
    expect(adapterFor(GMAIL, { custom: [{ pattern: 'https://*/*' }] })?.id).toBe('gmail');
  });

  it('falls through to a user pattern when the built-in is off', () => {
    const adapter = adapterFor(GMAIL, {
      builtins: { gmail: false },
      custom: [{ pattern: 'https://mail.google.com/*' }],
    });
    expect(adapter?.id).toBe('generic');
  });

  it('builds a generic adapter for the first user site that matches, skipping invalid patterns', () => {
    const adapter = adapterFor(CUSTOM, {
      custom: [
        { pattern: 'not a pattern' },
        { pattern: 'https://crm.custom-example.test/customers/*', selector: '.customer-email' },
        { pattern: 'https://crm.custom-example.test/*' },
      ],
    });
    expect(adapter?.id).toBe('generic');
    expect(adapter?.label).toBe('crm.custom-example.test');
    expect(adapter?.matches(CUSTOM)).toBe(true);
    // The second site's selector is in use: the address is a record field, not page text.
    const doc = parseHtml(
      '<html><body><main><p class="customer-email">ada@acme.com</p></main></body></html>',
    );
    expect(adapter?.detect(doc, CUSTOM).candidates.map((c) => c.role)).toEqual(['record']);
  });

  it('has nothing for other sites', () => {
    expect(adapterFor(new URL('https://example.com/'))).toBeNull();
    expect(adapterFor(CUSTOM, { custom: [] })).toBeNull();
  });
});

describe('adapterForSite', () => {
  it('gives the built-in adapter the background named, for every built-in', () => {
    for (const adapter of BUILTIN_ADAPTERS) expect(adapterForSite({ id: adapter.id })).toBe(adapter);
  });

  it('builds the generic adapter from the user’s site, selector included', () => {
    const adapter = adapterForSite({
      id: 'generic',
      custom: { id: 'crm', pattern: 'https://crm.custom-example.test/*', selector: '.customer-email' },
    });
    expect(adapter?.id).toBe('generic');
    expect(adapter?.label).toBe('crm.custom-example.test');
    expect(adapter?.matches(CUSTOM)).toBe(true);
    const doc = parseHtml(
      '<html><body><main><p class="customer-email">ada@acme.com</p><p>bo@acme.com</p></main></body></html>',
    );
    expect(adapter?.detect(doc, CUSTOM).candidates.map((c) => [c.email, c.role])).toEqual([
      ['ada@acme.com', 'record'],
    ]);
  });

  it('has nothing when Loopline does not run on the page, or for a generic site without its settings', () => {
    expect(adapterForSite(null)).toBeNull();
    expect(adapterForSite({ id: 'generic' })).toBeNull();
  });
});

describe('an on-premises Outlook the user added', () => {
  const OWA = 'https://mail.corp.example/owa/';
  const site = {
    id: 'generic' as const,
    custom: { pattern: 'https://mail.corp.example/owa/*', selector: '', reader: 'outlook' as const },
  };

  it('is read as Outlook on the web, on the pages its pattern matches only', () => {
    const adapter = adapterForSite(site);
    expect(adapter?.matches(new URL(`${OWA}#path=/mail`))).toBe(true);
    expect(adapter?.matches(new URL('https://mail.corp.example/ecp/'))).toBe(false);
    expect(adapter?.matches(new URL('https://outlook.office.com/mail/'))).toBe(false);
    const page = loadFixture('outlook/read.html');
    const detection = adapter!.detect(page, new URL(`${OWA}mail/id/AAMkAGI2`));
    expect(detection.viewKey).not.toBeNull();
    expect(detection).toEqual(
      outlookAdapter.detect(page, new URL('https://outlook.office.com/mail/id/AAMkAGI2')),
    );
  });

  it('is read as any page when added that way', () => {
    expect(adapterForSite({ id: 'generic', custom: { ...site.custom, reader: 'page' } })?.id).toBe('generic');
    expect(
      adapterForSite({ id: 'generic', custom: { ...site.custom, pattern: 'not a pattern' } })?.matches(
        new URL(OWA),
      ),
    ).toBe(false);
  });
});
