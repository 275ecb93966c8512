/**
 * HubSpot contact records (`https://app.hubspot.com/contacts/<portal>/record/0-1/<id>`, the older
 * `/contacts/<portal>/contact/<id>`, and the regional hosts `app-eu1`, `app-na2`, …). The
 * address is read from the left sidebar only: the activity timeline in the middle and the
 * associations on the right name other people.
 */
import { queryAll, recordCandidates } from './dom';
import type { Detection, SiteDefinition, SiteInfo } from './types';

/** The record's left sidebar: highlight card and "About this contact" properties. */
const LEFT_SIDEBAR = '[data-test-id="left-sidebar"]';
/** The email property, an input while edited and a read-only value otherwise. */
const EMAIL_PROPERTY = '[data-selenium-test="property-input-email"]';
/** The address link under the contact's name in the highlight card. */
const HIGHLIGHT_EMAIL = '[data-selenium-test="contact-highlight-details"] a[href^="mailto:"]';

const HOST = /^app(?:-[a-z]{2,4}\d{0,2})?\.hubspot\.com$/;
/** Contacts are object type 0-1; companies, deals and tickets share the `/contacts/` prefix. */
const CONTACT_PATH = /^\/contacts\/(\d+)\/(?:record\/0-1|contact)\/(\d+)(?:\/|$)/;

export function hubspotContact(url: URL): { portal: string; id: string } | null {
  const match = CONTACT_PATH.exec(url.pathname);
  return match?.[1] && match[2] ? { portal: match[1], id: match[2] } : null;
}

function scope(doc: Document): Element | null {
  return doc.querySelector(LEFT_SIDEBAR);
}

function detectHubSpot(doc: Document, url: URL): Detection {
  const contact = hubspotContact(url);
  if (!contact) return { viewKey: null, candidates: [] };
  const viewKey = `hubspot:${contact.portal}:${contact.id}`;
  const sidebar = scope(doc);
  if (!sidebar) return { viewKey, candidates: [] };
  const fields = [...queryAll(sidebar, EMAIL_PROPERTY, 3), ...queryAll(sidebar, HIGHLIGHT_EMAIL, 3)];
  return { viewKey, candidates: recordCandidates(fields) };
}

/** The site as the registry lists it: names and match patterns, none of its page code. */
export const hubspotSite = {
  kind: 'crm',
  id: 'hubspot',
  label: 'HubSpot',
  settingsLabel: 'HubSpot CRM',
  matchPatterns: [
    'https://app.hubspot.com/*',
    'https://app-eu1.hubspot.com/*',
    'https://app-na2.hubspot.com/*',
  ],
  hostsLabel: 'app.hubspot.com',
} as const satisfies SiteInfo<'hubspot'>;

export const hubspotAdapter: SiteDefinition<'hubspot'> = {
  ...hubspotSite,
  matches: (url) => url.protocol === 'https:' && HOST.test(url.hostname),
  scope,
  detect: detectHubSpot,
  watch: {
    selector: `${EMAIL_PROPERTY}, [data-selenium-test="contact-highlight-details"], a[href^="mailto:"]`,
    attributes: ['value', 'href'],
    text: true,
    scopeExpected: (url) => hubspotContact(url) !== null,
  },
};
