import { describe, expect, it } from 'vitest';
import { detectFixture, summarize } from './fixture-helper';
import { zohoAdapter } from './zoho';

describe('zoho adapter over fixtures', () => {
  it.each([
    {
      name: 'lead',
      file: 'lead.html',
      url: 'https://crm.zoho.com/crm/org20071234/tab/Leads/4876876000000512001',
      viewKey: 'zoho:org20071234:Leads:4876876000000512001',
      candidates: ['priya.nair@lotus-pharma.in record 2'],
    },
    {
      name: 'contact with a secondary email, EU data centre',
      file: 'contact.html',
      url: 'https://crm.zoho.eu/crm/org20071234/tab/Contacts/4876876000000734005',
      viewKey: 'zoho:org20071234:Contacts:4876876000000734005',
      candidates: ['erik.l@nordhavn.se record 1', 'erik.lindqvist@nordhavn-shipping.se record 3'],
    },
    {
      name: 'lead on the Australian host, URL without an org segment',
      file: 'lead.html',
      url: 'https://crm.zoho.com.au/crm/tab/Leads/4876876000000512001',
      viewKey: 'zoho::Leads:4876876000000512001',
      candidates: ['priya.nair@lotus-pharma.in record 2'],
    },
    {
      name: 'deal record is idle',
      file: 'lead.html',
      url: 'https://crm.zoho.com/crm/org20071234/tab/Potentials/4876876000000999001',
      viewKey: null,
      candidates: [],
    },
  ])('$name', ({ file, url, viewKey, candidates }) => {
    const detection = detectFixture(zohoAdapter, `zoho/${file}`, url);
    expect(detection.viewKey).toBe(viewKey);
    expect(summarize(detection)).toEqual(candidates);
  });
});
