/**
 * Every adapter claims its own URLs and no other adapter's: the router must never hand a page
 * to the wrong site. The cases are each built-in site's `test/fixtures/sites/<id>/urls.json`.
 */
import { describe, expect, it } from 'vitest';
import { loadSiteUrls } from './fixture-helper';
import { createGenericAdapter } from './generic';
import { adapterFor, BUILTIN_ADAPTERS } from './index';
import { parseMatchPattern } from './match-pattern';
import type { SiteAdapter } from './types';

const customSite = createGenericAdapter({
  pattern: 'https://crm.custom-example.test/*',
  selector: '.customer-email',
});

const OWN_URLS = new Map<SiteAdapter, string[]>([
  ...BUILTIN_ADAPTERS.map((site) => [site, loadSiteUrls(site.id).claims] as [SiteAdapter, string[]]),
  [customSite, ['https://crm.custom-example.test/customers/4711', 'https://crm.custom-example.test/']],
]);

/** URLs nobody may claim: look-alikes, other apps on the same companies' hosts, plain http. */
const NOBODYS_URLS = [
  ...BUILTIN_ADAPTERS.flatMap((site) => loadSiteUrls(site.id).lookAlikes),
  'https://crm.custom-example.test.evil.test/customers/4711',
];

const adapters = [...OWN_URLS.keys()];

describe('URL ownership', () => {
  it('has URLs for every built-in site', () => {
    for (const site of BUILTIN_ADAPTERS) expect(OWN_URLS.get(site)?.length, site.id).toBeGreaterThan(0);
  });

  for (const [owner, urls] of OWN_URLS) {
    describe(owner.id, () => {
      it.each(urls)('claims %s, and no other adapter does', (url) => {
        const parsed = new URL(url);
        expect(owner.matches(parsed)).toBe(true);
        const others = adapters
          .filter((adapter) => adapter !== owner && adapter.matches(parsed))
          .map((adapter) => adapter.id);
        expect(others).toEqual([]);
      });
    });
  }

  // The content script only runs where the manifest says: a URL the adapter claims but no match
  // pattern covers would never see Loopline.
  for (const site of BUILTIN_ADAPTERS) {
    it.each(OWN_URLS.get(site) ?? [])(`${site.id}'s match patterns cover %s`, (url) => {
      const parsed = new URL(url);
      expect(site.matchPatterns.some((pattern) => parseMatchPattern(pattern)?.(parsed))).toBe(true);
    });
  }

  it.each(NOBODYS_URLS)('nobody claims %s', (url) => {
    const parsed = new URL(url);
    expect(adapters.filter((adapter) => adapter.matches(parsed)).map((adapter) => adapter.id)).toEqual([]);
    expect(adapterFor(parsed, { custom: [{ pattern: 'https://crm.custom-example.test/*' }] })).toBeNull();
  });
});
