/**
 * Salesforce Lightning Experience Lead and Contact records
 * (`https://<domain>.lightning.force.com/lightning/r/(Lead|Contact)/<id>/view`, sandboxes
 * `<domain>--<sandbox>.sandbox.lightning.force.com`, console apps). Lightning keeps earlier
 * pages and console tabs in the DOM, so only the active page counts.
 */
import { isHiddenByMarkup, queryAll, queryAllDeep, recordCandidates } from './dom';
import type { Detection, SiteDefinition, SiteInfo } from './types';

/** Everything below the global header: every page host and console tab lives in it. */
const APP_VIEWPORT = 'div.viewport';
/** A page host: the active one has `active`, earlier ones stay in the DOM without it. */
const ACTIVE_PAGE = 'div.oneContent.active';
/** A console workspace tab; its pages keep `active` even when the tab is in the background. */
const CONSOLE_TAB = 'section.oneConsoleTab';
/** The record's Email field in the record layout or highlights panel (`sfdc:RecordField.Lead.Email`). */
const emailField = (object: string) => `[data-target-selection-name="sfdc:RecordField.${object}.Email"]`;
/** Any email-formatted field of the record (custom email fields), when the standard Email field is not on the page. */
const RECORD_FIELD_EMAIL = '[data-target-selection-name^="sfdc:RecordField."] lightning-formatted-email';

/** 15- or 18-character record ids. */
const RECORD_PATH =
  /^\/lightning\/(?:app\/[^/]+\/)?r\/(Lead|Contact)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/;

export function salesforceRecord(url: URL): { object: 'Lead' | 'Contact'; id: string } | null {
  const match = RECORD_PATH.exec(url.pathname);
  if (!match?.[1] || !match[2]) return null;
  return { object: match[1] as 'Lead' | 'Contact', id: match[2] };
}

function activePage(root: Element): Element | null {
  for (const page of queryAll(root, ACTIVE_PAGE, 50)) {
    if (inBackgroundTab(page) || isHiddenByMarkup(page, root)) continue;
    return page;
  }
  return null;
}

/** Whether any console tab around the page (workspace tab, subtab) is not the active one. */
function inBackgroundTab(page: Element): boolean {
  for (let tab = page.closest(CONSOLE_TAB); tab; tab = tab.parentElement?.closest(CONSOLE_TAB) ?? null) {
    if (!tab.classList.contains('active')) return true;
  }
  return false;
}

function scope(doc: Document): Element | null {
  return doc.querySelector(APP_VIEWPORT) ?? doc.body;
}

function detectSalesforce(doc: Document, url: URL): Detection {
  const record = salesforceRecord(url);
  const root = scope(doc);
  if (!record || !root) return { viewKey: null, candidates: [] };
  const viewKey = `salesforce:${record.object}:${record.id}`;
  const page = activePage(root);
  if (!page) return { viewKey, candidates: [] };
  let fields = queryAllDeep(page, emailField(record.object), 5);
  if (fields.length === 0) fields = queryAllDeep(page, RECORD_FIELD_EMAIL, 5);
  return { viewKey, candidates: recordCandidates(fields) };
}

/** The site as the registry lists it: names and match patterns, none of its page code. */
export const salesforceSite = {
  kind: 'crm',
  id: 'salesforce',
  label: 'Salesforce',
  settingsLabel: 'Salesforce (Lightning)',
  matchPatterns: ['https://*.lightning.force.com/*'],
  hostsLabel: '*.lightning.force.com',
} as const satisfies SiteInfo<'salesforce'>;

export const salesforceAdapter: SiteDefinition<'salesforce'> = {
  ...salesforceSite,
  matches: (url) => url.protocol === 'https:' && url.hostname.endsWith('.lightning.force.com'),
  scope,
  detect: detectSalesforce,
  watch: {
    selector: `.oneContent, ${CONSOLE_TAB}, [data-target-selection-name], lightning-formatted-email, a[href^="mailto:"]`,
    attributes: ['class', 'href', 'hidden', 'style'],
    attributeSelector: `.oneContent, ${CONSOLE_TAB}, a[href^="mailto:"]`,
  },
};
