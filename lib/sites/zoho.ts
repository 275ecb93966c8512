/**
 * Zoho CRM Leads and Contacts (`https://crm.zoho.<tld>/crm/<org>/tab/(Leads|Contacts)/<id>`).
 * The detail view shows each field as `value_<FIELD>` / `subvalue_<FIELD>`; Email and Secondary
 * Email are read, nothing else (related lists and emails below name other people).
 */
import { queryAll, recordCandidates } from './dom';
import type { Detection, SiteDefinition, SiteInfo } from './types';

/** The record's detail view. */
const DETAIL_VIEW = '#detailView';
/** Email and Secondary Email values (the same id repeats in the header and the field list). */
const EMAIL_VALUE = '[id="subvalue_EMAIL"], [id="subvalue_SECONDARYEMAIL"]';

/** crm.zoho.com, .eu, .in, .com.au, .jp, .ca, .sa, .com.cn, and crm.zohocloud.ca. */
const HOST = /^crm\.zoho(?:cloud)?\.[a-z]{2,3}(?:\.[a-z]{2})?$/;
const RECORD_PATH = /^\/crm\/(?:([^/]+)\/)?tab\/(Leads|Contacts)\/(\d+)(?:\/|$)/;

function scope(doc: Document): Element | null {
  return doc.querySelector(DETAIL_VIEW);
}

function detectZoho(doc: Document, url: URL): Detection {
  const match = RECORD_PATH.exec(url.pathname);
  if (!match?.[2] || !match[3]) return { viewKey: null, candidates: [] };
  const viewKey = `zoho:${match[1] ?? ''}:${match[2]}:${match[3]}`;
  const view = scope(doc);
  return { viewKey, candidates: view ? recordCandidates(queryAll(view, EMAIL_VALUE, 10)) : [] };
}

/** The site as the registry lists it: names and match patterns, none of its page code. */
export const zohoSite = {
  kind: 'crm',
  id: 'zoho',
  label: 'Zoho CRM',
  matchPatterns: [
    'https://crm.zoho.com/*',
    'https://crm.zoho.eu/*',
    'https://crm.zoho.in/*',
    'https://crm.zoho.com.au/*',
    'https://crm.zoho.jp/*',
    'https://crm.zoho.ca/*',
    'https://crm.zohocloud.ca/*',
    'https://crm.zoho.sa/*',
  ],
  hostsLabel: 'crm.zoho.com and regional hosts',
} as const satisfies SiteInfo<'zoho'>;

export const zohoAdapter: SiteDefinition<'zoho'> = {
  ...zohoSite,
  matches: (url) => url.protocol === 'https:' && HOST.test(url.hostname),
  scope,
  detect: detectZoho,
  watch: { selector: EMAIL_VALUE, text: true, scopeExpected: (url) => RECORD_PATH.test(url.pathname) },
};
