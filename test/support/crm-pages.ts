/**
 * CRM record look-alikes for the demo and the e2e suite: the site fixtures (test/fixtures/sites,
 * written to each CRM's real structure) served at their real URLs, with the fixture's person
 * swapped for a sample-workspace lead.
 */
import type { BrowserContext } from '@playwright/test';
import { serveFixture, withTheme, type Person } from './sites';

export interface CrmPage {
  site: 'salesforce' | 'hubspot' | 'pipedrive' | 'zoho' | 'dynamics';
  url: string;
  file: string;
  /** The record's person in the fixture, replaced by the sample lead. */
  fixtureEmail: string;
  fixtureName: string;
  lead: 'hot' | 'overdue' | 'quiet';
}

export const CRM_PAGES: CrmPage[] = [
  {
    site: 'salesforce',
    url: 'https://northwind.lightning.force.com/lightning/r/Lead/00Q5g00000NbCkrEAF/view',
    file: 'sites/salesforce/lead.html',
    fixtureEmail: 'noah.becker@quantum-mills.com',
    fixtureName: 'Noah Becker',
    lead: 'overdue',
  },
  {
    site: 'hubspot',
    url: 'https://app.hubspot.com/contacts/2456789/record/0-1/151',
    file: 'sites/hubspot/contact.html',
    fixtureEmail: 'maya.patel@kelp-energy.com',
    fixtureName: 'Maya Patel',
    lead: 'hot',
  },
  {
    site: 'pipedrive',
    url: 'https://northwind.pipedrive.com/person/2231',
    file: 'sites/pipedrive/person.html',
    fixtureEmail: 'liam.obrien@brightwater.ie',
    fixtureName: "Liam O'Brien",
    lead: 'quiet',
  },
  {
    site: 'zoho',
    url: 'https://crm.zoho.com/crm/org20071234/tab/Leads/4876876000000512001',
    file: 'sites/zoho/lead.html',
    fixtureEmail: 'priya.nair@lotus-pharma.in',
    fixtureName: 'Priya Nair',
    lead: 'hot',
  },
  {
    site: 'dynamics',
    url: 'https://northwind.crm4.dynamics.com/main.aspx?appid=7a1e2b3c-0000-4000-8000-000000000001&pagetype=entityrecord&etn=lead&id=5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f',
    file: 'sites/dynamics/lead.html',
    fixtureEmail: 'sofia.rossi@aurora-textiles.it',
    fixtureName: 'Sofia Rossi',
    lead: 'overdue',
  },
];

/** Replace the fixture's person (any letter case of the address) with a sample lead. */
export function swapPerson(html: string, page: CrmPage, lead: Person): string {
  const escaped = page.fixtureEmail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return html.replace(new RegExp(escaped, 'gi'), lead.email).replaceAll(page.fixtureName, lead.name);
}

/** The page's URL with the dark look-alike switch. */
export function themedUrl(page: CrmPage, theme: 'light' | 'dark'): string {
  if (theme === 'light') return page.url;
  const url = new URL(page.url);
  url.searchParams.set('lltheme', 'dark');
  return url.href;
}

export async function serveCrmPages(
  context: BrowserContext,
  leads: Record<CrmPage['lead'], Person>,
): Promise<void> {
  for (const page of CRM_PAGES) {
    await serveFixture(context, page.url, page.file, {}, (html, requested) =>
      withTheme(swapPerson(html, page, leads[page.lead]), requested),
    );
  }
}
