/**
 * Pipedrive persons (`https://<company>.pipedrive.com/person/<id>`). The address is read from the
 * person's details sidebar; the activity feed and the email tab next to it name other people.
 */
import { queryAll, recordCandidates } from './dom';
import type { Detection, SiteDefinition, SiteInfo } from './types';

/** The detail view of a person, organisation or deal. */
const DETAIL_VIEW = '[data-test="detail-view"]';
/** The person's details sidebar (fields and their values). */
const PERSON_DETAILS = '[data-test="person-details"]';
/** An email field value: one `mailto:` link per address, primary first. */
const EMAIL_VALUE = '[data-test="email-field"] a[href^="mailto:"]';

/** Pipedrive's own hosts that are not a company's account. */
const RESERVED_HOSTS = new Set(['www', 'api', 'developers', 'status', 'support', 'marketplace', 'oauth']);
const PERSON_PATH = /^\/person\/(\d+)(?:\/|$)/;

function companyOf(url: URL): string | null {
  const match = /^([a-z0-9-]+)\.pipedrive\.com$/.exec(url.hostname);
  return match?.[1] && !RESERVED_HOSTS.has(match[1]) ? match[1] : null;
}

function scope(doc: Document): Element | null {
  return doc.querySelector(DETAIL_VIEW);
}

function detectPipedrive(doc: Document, url: URL): Detection {
  const person = PERSON_PATH.exec(url.pathname)?.[1];
  if (!person) return { viewKey: null, candidates: [] };
  const viewKey = `pipedrive:${companyOf(url)}:${person}`;
  const details = scope(doc)?.querySelector(PERSON_DETAILS);
  return { viewKey, candidates: details ? recordCandidates(queryAll(details, EMAIL_VALUE, 10)) : [] };
}

/** The site as the registry lists it: names and match patterns, none of its page code. */
export const pipedriveSite = {
  kind: 'crm',
  id: 'pipedrive',
  label: 'Pipedrive',
  matchPatterns: ['https://*.pipedrive.com/*'],
  hostsLabel: '*.pipedrive.com',
} as const satisfies SiteInfo<'pipedrive'>;

export const pipedriveAdapter: SiteDefinition<'pipedrive'> = {
  ...pipedriveSite,
  matches: (url) => url.protocol === 'https:' && companyOf(url) !== null,
  scope,
  detect: detectPipedrive,
  watch: {
    selector: `${PERSON_DETAILS}, [data-test="email-field"], a[href^="mailto:"]`,
    attributes: ['href'],
    scopeExpected: (url) => PERSON_PATH.test(url.pathname),
  },
};
