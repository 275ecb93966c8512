/**
 * Every adapter claims its own URLs and no other adapter's: the router must never hand a page
 * to the wrong site.
 */
import { describe, expect, it } from 'vitest';
import { createGenericAdapter } from './generic';
import { adapterFor, BUILTIN_ADAPTERS } from './index';
import type { SiteAdapter } from './types';

const customSite = createGenericAdapter({
  pattern: 'https://crm.custom-example.test/*',
  selector: '.customer-email',
});

const OWN_URLS = new Map<SiteAdapter, string[]>([
  [
    BUILTIN_ADAPTERS[0] as SiteAdapter,
    [
      'https://mail.google.com/mail/u/0/',
      'https://mail.google.com/mail/u/0/#inbox',
      'https://mail.google.com/mail/u/1/#inbox/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq',
      'https://mail.google.com/mail/u/0/#label/Clients%2FAcme/FMfcgzQZTMJxbwdvqhLmNrXcVvTwGdKq',
      'https://mail.google.com/mail/u/0/#search/pricing/18d4c1a2b3c4d5e6',
      'https://mail.google.com/mail/u/2/#inbox?compose=new',
      'https://mail.google.com/mail/u/0/?ui=2#settings/general',
    ],
  ],
  [
    BUILTIN_ADAPTERS[1] as SiteAdapter,
    [
      'https://northwind.lightning.force.com/lightning/r/Lead/00Q5g00000NbCkrEAF/view',
      'https://northwind.lightning.force.com/lightning/r/Contact/0035g00000OlVcHAAV/view',
      'https://northwind--uat.sandbox.lightning.force.com/lightning/r/Lead/00Q5g00000NbCkrEAF/view',
      'https://northwind.lightning.force.com/lightning/app/06m5g000001AbCdAAK/r/Lead/00Q5g00000KnJWtEAF/view',
      'https://northwind.lightning.force.com/lightning/o/Lead/list',
    ],
  ],
  [
    BUILTIN_ADAPTERS[2] as SiteAdapter,
    [
      'https://app.hubspot.com/contacts/2456789/record/0-1/151',
      'https://app.hubspot.com/contacts/2456789/contact/151',
      'https://app-eu1.hubspot.com/contacts/2456789/record/0-1/151',
      'https://app-na2.hubspot.com/contacts/2456789/record/0-1/151',
      'https://app.hubspot.com/contacts/2456789/objects/0-1/views/all/list',
    ],
  ],
  [
    BUILTIN_ADAPTERS[3] as SiteAdapter,
    [
      'https://northwind.pipedrive.com/person/2231',
      'https://app.pipedrive.com/person/2231',
      'https://northwind.pipedrive.com/deal/88',
    ],
  ],
  [
    BUILTIN_ADAPTERS[4] as SiteAdapter,
    [
      'https://crm.zoho.com/crm/org20071234/tab/Leads/4876876000000512001',
      'https://crm.zoho.eu/crm/org20071234/tab/Contacts/4876876000000734005',
      'https://crm.zoho.in/crm/org20071234/tab/Leads/4876876000000512001',
      'https://crm.zoho.com.au/crm/tab/Leads/4876876000000512001',
      'https://crm.zohocloud.ca/crm/org20071234/tab/Leads/4876876000000512001',
    ],
  ],
  [
    BUILTIN_ADAPTERS[5] as SiteAdapter,
    [
      'https://northwind.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f',
      'https://northwind.crm.dynamics.com/main.aspx?etn=contact&id=%7B8E21C7D4-1F2A-EF11-840A-6045BD8C3A77%7D',
    ],
  ],
  [customSite, ['https://crm.custom-example.test/customers/4711', 'https://crm.custom-example.test/']],
]);

/** URLs nobody may claim: look-alikes, other apps on the same companies' hosts, plain http. */
const NOBODYS_URLS = [
  'http://mail.google.com/mail/u/0/#inbox',
  'https://mail.google.com/chat/u/0/',
  'https://mail.google.com.evil.test/mail/u/0/',
  'https://calendar.google.com/calendar/u/0/r',
  'https://login.salesforce.com/',
  'https://northwind.my.salesforce.com/00Q5g00000NbCkr',
  'https://lightning.force.com.evil.test/lightning/r/Lead/00Q5g00000NbCkrEAF/view',
  'https://www.hubspot.com/products/crm',
  'https://api.hubapi.com/crm/v3/objects/contacts/ada@acme.com',
  'https://www.pipedrive.com/en/pricing',
  'https://api.pipedrive.com/v1/persons/2231',
  'https://accounts.zoho.com/signin',
  'https://crm.zoho.com.evil.test/crm/org1/tab/Leads/1',
  'https://dynamics.com.evil.test/main.aspx?etn=lead&id=5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f',
  'https://crm.custom-example.test.evil.test/customers/4711',
];

const adapters = [...OWN_URLS.keys()];

describe('URL ownership', () => {
  it('covers every built-in adapter', () => {
    expect(BUILTIN_ADAPTERS.map((adapter) => adapter.id)).toEqual([
      'gmail',
      'salesforce',
      'hubspot',
      'pipedrive',
      'zoho',
      'dynamics',
    ]);
    for (const adapter of BUILTIN_ADAPTERS) expect(OWN_URLS.has(adapter)).toBe(true);
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

  it.each(NOBODYS_URLS)('nobody claims %s', (url) => {
    const parsed = new URL(url);
    expect(adapters.filter((adapter) => adapter.matches(parsed)).map((adapter) => adapter.id)).toEqual([]);
    expect(adapterFor(parsed, { custom: [{ pattern: 'https://crm.custom-example.test/*' }] })).toBeNull();
  });
});
