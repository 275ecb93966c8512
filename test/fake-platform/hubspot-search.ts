/**
 * The fake portal's contact search ("Search the CRM": POST /crm/v3/objects/contacts/search):
 * filter groups ORed, their filters ANDed, text compared without regard to case as HubSpot's
 * index does, `sorts`, `limit` and the `after` cursor, and HubSpot's refusals: more than 5
 * groups, 6 filters in a group or 18 in all, `limit` over 200, and paging past 10,000 results
 * (400 VALIDATION_ERROR). Seeded contacts are indexed already; nothing here adds contacts.
 */
import type { FakeResponse, StoredLead } from './types';
import type { HandlerContext } from './platform';
import { contactJson, error, known } from './hubspot-records';
import { isRecord, json } from './util';

export const SEARCH_MAX_GROUPS = 5;
export const SEARCH_MAX_FILTERS_PER_GROUP = 6;
export const SEARCH_MAX_FILTERS = 18;
export const SEARCH_MAX_LIMIT = 200;
export const SEARCH_MAX_RESULTS = 10_000;
const DEFAULT_PROPERTIES = ['email', 'firstname', 'lastname'];

function matches(lead: StoredLead, filter: Record<string, unknown>): boolean {
  const actual = lead.hubspotProps[String(filter.propertyName)];
  const value = String(filter.value ?? '').toLowerCase();
  switch (filter.operator) {
    case 'EQ':
      return actual !== undefined && actual.toLowerCase() === value;
    case 'NEQ':
      return actual === undefined || actual.toLowerCase() !== value;
    case 'HAS_PROPERTY':
      return actual !== undefined;
    case 'NOT_HAS_PROPERTY':
      return actual === undefined;
    case 'CONTAINS_TOKEN':
      return actual !== undefined && actual.toLowerCase().split(/\s+/).includes(value.replace(/\*/g, ''));
    default:
      return false;
  }
}

/** Answers the contact search, or `undefined` for any other request. */
export function contactSearchRoute(
  ctx: HandlerContext,
  need: (scope: string) => FakeResponse | undefined,
): FakeResponse | undefined {
  const { state, url, method } = ctx;
  if (url.pathname !== '/crm/v3/objects/contacts/search' || method !== 'POST') return undefined;
  const denied = need('crm.objects.contacts.read');
  if (denied) return denied;
  if (!isRecord(ctx.body)) return error(state, 400, 'Invalid input JSON on line 1', 'VALIDATION_ERROR');
  const body = ctx.body;
  const groups = Array.isArray(body.filterGroups) ? body.filterGroups.filter(isRecord) : [];
  const filterLists = groups.map((g) => (Array.isArray(g.filters) ? g.filters.filter(isRecord) : []));
  const filterCount = filterLists.reduce((n, f) => n + f.length, 0);
  if (
    groups.length > SEARCH_MAX_GROUPS ||
    filterLists.some((f) => f.length > SEARCH_MAX_FILTERS_PER_GROUP) ||
    filterCount > SEARCH_MAX_FILTERS
  ) {
    return error(
      state,
      400,
      `There was a problem with the request: at most ${SEARCH_MAX_GROUPS} filter groups with ${SEARCH_MAX_FILTERS_PER_GROUP} filters each and ${SEARCH_MAX_FILTERS} in all.`,
      'VALIDATION_ERROR',
    );
  }
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT)
    return error(state, 400, `limit must be between 1 and ${SEARCH_MAX_LIMIT}`, 'VALIDATION_ERROR');
  const after = body.after === undefined ? 0 : Number(body.after);
  if (!Number.isInteger(after) || after < 0)
    return error(state, 400, 'after must be a non-negative integer', 'VALIDATION_ERROR');
  if (after + limit > SEARCH_MAX_RESULTS)
    return error(
      state,
      400,
      `There was a problem with the request: the search can page through at most ${SEARCH_MAX_RESULTS} results.`,
      'VALIDATION_ERROR',
    );

  let found = known(state).filter(
    (lead) =>
      filterLists.length === 0 || filterLists.some((filters) => filters.every((f) => matches(lead, f))),
  );
  const sort = Array.isArray(body.sorts) && isRecord(body.sorts[0]) ? body.sorts[0] : undefined;
  if (sort) {
    const key = String(sort.propertyName);
    const sign = sort.direction === 'DESCENDING' ? -1 : 1;
    const value = (lead: StoredLead) =>
      key === 'lastmodifieddate' ? lead.createdAt : (lead.hubspotProps[key] ?? '');
    found = [...found].sort((a, b) => sign * value(a).localeCompare(value(b)));
  } else {
    found = [...found].sort((a, b) => Number(a.hubspotId) - Number(b.hubspotId));
  }
  const properties = Array.isArray(body.properties) ? body.properties.map(String) : DEFAULT_PROPERTIES;
  const shown = new URLSearchParams({ properties: properties.join(',') });
  const page = found.slice(after, after + limit);
  const next = after + page.length;
  return json(200, {
    total: found.length,
    results: page.map((lead) => contactJson(lead, shown, state.now())),
    ...(next < found.length ? { paging: { next: { after: String(next), link: '' } } } : {}),
  });
}
