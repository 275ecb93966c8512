/**
 * Dynamics 365 lead and contact records (`https://<org>.crm<N>.dynamics.com/main.aspx?…&etn=lead&id=<guid>`).
 * The Unified Interface renders fields as inputs, so the address is an input's value, not text.
 */
import { queryAll, recordCandidates } from './dom';
import type { Detection, SiteDefinition, SiteInfo } from './types';

/** The record form (header and tabs). */
const FORM_ROOT = '[data-id="editFormRoot"]';
/** Email, Email Address 2 and 3 fields, in that order of preference. */
const EMAIL_INPUTS = [1, 2, 3].map((n) => `input[data-id="emailaddress${n}.fieldControl-mail-text-input"]`);

const ENTITIES = new Set(['lead', 'contact']);
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export function dynamicsRecord(url: URL): { entity: string; id: string } | null {
  if (!/\/main\.aspx$/i.test(url.pathname)) return null;
  const entity = url.searchParams.get('etn')?.toLowerCase();
  const id = GUID.exec(url.searchParams.get('id') ?? '')?.[1];
  return entity && ENTITIES.has(entity) && id ? { entity, id: id.toLowerCase() } : null;
}

function scope(doc: Document): Element | null {
  return doc.querySelector(FORM_ROOT);
}

function detectDynamics(doc: Document, url: URL): Detection {
  const record = dynamicsRecord(url);
  if (!record) return { viewKey: null, candidates: [] };
  const viewKey = `dynamics:${url.hostname}:${record.entity}:${record.id}`;
  const form = scope(doc);
  const inputs = form ? EMAIL_INPUTS.flatMap((selector) => queryAll(form, selector, 1)) : [];
  return { viewKey, candidates: recordCandidates(inputs) };
}

/** The site as the registry lists it: names and match patterns, none of its page code. */
export const dynamicsSite = {
  kind: 'crm',
  id: 'dynamics',
  label: 'Dynamics 365',
  matchPatterns: ['https://*.dynamics.com/*'],
  hostsLabel: '*.dynamics.com',
} as const satisfies SiteInfo<'dynamics'>;

export const dynamicsAdapter: SiteDefinition<'dynamics'> = {
  ...dynamicsSite,
  matches: (url) => url.protocol === 'https:' && url.hostname.endsWith('.dynamics.com'),
  scope,
  detect: detectDynamics,
  watch: {
    selector: 'input[data-id$="fieldControl-mail-text-input"]',
    attributes: ['value'],
    scopeExpected: (url) => dynamicsRecord(url) !== null,
  },
};
