/**
 * Finding HubSpot contacts by the name a page showed ("Jane Doe", "Doe, Jane"): a CRM search
 * on `firstname` and `lastname`, both equal, one filter group per way the name can be split.
 *
 * "Search the CRM" (developers.hubspot.com): POST /crm/v3/objects/{object}/search with
 * `filterGroups` (ORed; the filters of a group ANDed; at most 5 groups), `properties`, `sorts`
 * and `limit` (at most 200 a page). A query can page through at most 10,000 results (a 400
 * beyond): Loopline reads one page of a few contacts and never pages. The search endpoints have
 * their own rate limit besides the portal's (4 requests a second per token in the changelog
 * that raised it, 5 per account in the current reference): searches also wait for a slot in
 * `searchLimiter`, the lower figure, after the portal's limiter. The search index lags new and
 * changed contacts by a few seconds, which does not matter for a name someone is reading.
 */
import { canonicalEmail } from '../../model/email';
import { systemClock, type Clock } from '../clock';
import { nonEmpty } from '../common';
import { createLimiter, type Limiter } from '../limiter';
import { MAX_NAME_MATCHES, type NameMatch } from '../types';
import type { HubSpotApi } from './api';
import { ContactSearchPage } from './schemas';

/** Longest name searched: a person's name, not a paragraph (HubSpot caps the whole query at 3,000 characters). */
export const MAX_SEARCHED_NAME = 200;

/** Properties read for each match: what the sidebar shows to tell two namesakes apart. */
export const NAME_SEARCH_PROPERTIES = ['email', 'firstname', 'lastname', 'company', 'jobtitle'] as const;

/** More than offered: contacts without a usable address are dropped. */
const SEARCH_LIMIT = MAX_NAME_MATCHES * 2;

/** The lower of HubSpot's documented search limits (see above). */
export const SEARCH_LIMITS = { perWindow: 4, windowMs: 1000, maxConcurrent: 4 } as const;

/**
 * One search limiter per clock, shared by every connector instance built on it: in the
 * background that is one for the process (the system clock); each test's manual clock gets its
 * own. The background builds a connector per use, so one per instance would limit nothing.
 */
const searchLimiters = new WeakMap<Clock, Limiter>();
export function searchLimiterFor(clock: Clock = systemClock): Limiter {
  let limiter = searchLimiters.get(clock);
  if (!limiter) {
    limiter = createLimiter({ ...SEARCH_LIMITS, clock });
    searchLimiters.set(clock, limiter);
  }
  return limiter;
}

export interface NameSplit {
  firstname: string;
  lastname: string;
}

/**
 * The ways a display name splits into HubSpot's first and last name, likeliest first: "Doe,
 * Jane" only as written; "Jane Doe" once; "Mary Ann van Dyke" after the first word (Mary / Ann
 * van Dyke) and before the last (Mary Ann van / Dyke), and a few in between. A single word
 * gives none: it names too many people (and is often a first name alone) to offer a handful
 * of them as "this person". Whitespace is collapsed; case and accents are left to HubSpot.
 */
export function splitName(display: string): NameSplit[] {
  const text = display.replace(/\s+/g, ' ').trim();
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const lastname = text.slice(0, comma).trim();
    const firstname = text
      .slice(comma + 1)
      .replace(/,/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return lastname && firstname ? [{ firstname, lastname }] : [];
  }
  const words = text.split(' ').filter(Boolean);
  if (words.length < 2) return [];
  const splits: NameSplit[] = [];
  // Every split point, first word alone first; HubSpot takes at most 5 filter groups.
  for (let at = 1; at < words.length && splits.length < 5; at++) {
    splits.push({ firstname: words.slice(0, at).join(' '), lastname: words.slice(at).join(' ') });
  }
  return splits;
}

/** The search request for a display name, or null when it cannot be searched (one word). */
export function nameSearchBody(display: string) {
  const splits = splitName(display);
  if (splits.length === 0) return null;
  return {
    filterGroups: splits.map(({ firstname, lastname }) => ({
      filters: [
        { propertyName: 'firstname', operator: 'EQ', value: firstname },
        { propertyName: 'lastname', operator: 'EQ', value: lastname },
      ],
    })),
    properties: [...NAME_SEARCH_PROPERTIES],
    // The most recently changed record of a person first: the one the team works with.
    sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
    limit: SEARCH_LIMIT,
  };
}

export function createHubSpotNameSearch(api: HubSpotApi, searchLimiter: Limiter) {
  return async function findByName(name: string, signal?: AbortSignal): Promise<NameMatch[]> {
    api.requireToken();
    const display = name.trim().slice(0, MAX_SEARCHED_NAME);
    const body = nameSearchBody(display);
    if (!body) return [];
    const page = await searchLimiter.run(
      () =>
        api.request('POST', '/crm/v3/objects/contacts/search', ContactSearchPage, 'HubSpot contact search', {
          json: body,
          signal,
          // A search changes nothing: a failure of it is never ambiguous.
          safe: true,
        }),
      signal,
    );
    const matches: NameMatch[] = [];
    const seen = new Set<string>();
    for (const contact of page.results) {
      const p = contact.properties;
      const email = canonicalEmail(p.email ?? '');
      if (!email || seen.has(email)) continue;
      seen.add(email);
      const company = nonEmpty(p.company);
      const title = nonEmpty(p.jobtitle);
      matches.push({
        email,
        name: nonEmpty([p.firstname, p.lastname].filter(Boolean).join(' ')) ?? display,
        ...(company ? { company } : {}),
        ...(title ? { title } : {}),
        source: 'hubspot',
      });
      if (matches.length >= MAX_NAME_MATCHES) break;
    }
    return matches;
  };
}
