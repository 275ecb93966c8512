/**
 * The router: a URL picks one site adapter. Built-in adapters first (a user-added pattern as
 * broad as `https://*` with any path must not take Gmail over), then the user's own sites in order.
 */
import { dynamicsAdapter } from './dynamics';
import { createGenericAdapter, type GenericSite } from './generic';
import { gmailAdapter } from './gmail';
import { hubspotAdapter } from './hubspot';
import { parseMatchPattern } from './match-pattern';
import { outlookAdapter } from './outlook';
import { pipedriveAdapter } from './pipedrive';
import { BUILTIN_SITES, type BuiltinSiteId, type CustomSiteReader } from './registry';
import { salesforceAdapter } from './salesforce';
import type { SiteAdapter, SiteDefinition, SiteId } from './types';
import { zohoAdapter } from './zoho';

export type { BuiltinSiteId };

/** Each built-in site's adapter by id: a site in the registry without one does not compile. */
const ADAPTERS: { readonly [Id in BuiltinSiteId]: SiteDefinition<Id> } = {
  gmail: gmailAdapter,
  outlook: outlookAdapter,
  salesforce: salesforceAdapter,
  hubspot: hubspotAdapter,
  pipedrive: pipedriveAdapter,
  zoho: zohoAdapter,
  dynamics: dynamicsAdapter,
};

/** The built-in sites' adapters, in the registry's (the router's) order. */
export const BUILTIN_ADAPTERS: readonly SiteDefinition<BuiltinSiteId>[] = BUILTIN_SITES.map(
  (site) => ADAPTERS[site.id],
);

export interface SiteChoice {
  /** Which built-ins are on (settings `sites.builtins`); a missing entry counts as on. */
  builtins?: Partial<Record<BuiltinSiteId, boolean>>;
  /** The user's own sites (settings `sites.custom`). */
  custom?: readonly GenericSite[];
}

/**
 * The site Loopline runs on at the URL: a built-in by id, or the user's own site that matches
 * (the entry itself, so that callers keep its id). Null when Loopline has nothing to do there.
 */
export function siteFor<Custom extends GenericSite>(
  url: URL,
  { builtins = {}, custom = [] }: { builtins?: SiteChoice['builtins']; custom?: readonly Custom[] } = {},
): { id: BuiltinSiteId } | { id: 'generic'; custom: Custom } | null {
  for (const site of BUILTIN_ADAPTERS) {
    if (builtins[site.id] !== false && site.matches(url)) return { id: site.id };
  }
  for (const site of custom) {
    // Invalid patterns can be saved in older settings; they match nothing rather than throw.
    if (parseMatchPattern(site.pattern)?.(url)) return { id: 'generic', custom: site };
  }
  return null;
}

/**
 * The Outlook reader on the user's own host (an on-premises `/owa/`): Outlook's adapter, claiming
 * the pages the user's pattern matches instead of Microsoft's hosts. An invalid pattern (older
 * settings) matches nothing.
 */
function outlookAt(pattern: string): SiteAdapter {
  const matcher = parseMatchPattern(pattern);
  return { ...outlookAdapter, matches: (url) => matcher?.(url) ?? false };
}

/** The adapter for the URL, or null when Loopline has nothing to do there. */
export function adapterFor(url: URL, choice: SiteChoice = {}): SiteAdapter | null {
  return adapterForSite(siteFor(url, choice));
}

/**
 * The adapter for a site the background chose for this page (`content.config`): a built-in by
 * its id, or the generic adapter for a user-added site. Null when Loopline does not run here, or
 * for `generic` without the user's site (nothing to build it from).
 */
export function adapterForSite(
  site: { id: SiteId; custom?: GenericSite & { id?: string; reader?: CustomSiteReader } } | null,
): SiteAdapter | null {
  if (!site) return null;
  if (site.id === 'generic') {
    const custom = site.custom;
    if (!custom) return null;
    if (custom.reader === 'outlook') return outlookAt(custom.pattern);
    return createGenericAdapter({ pattern: custom.pattern, selector: custom.selector });
  }
  return ADAPTERS[site.id] ?? null;
}

export {
  createGenericAdapter,
  dynamicsAdapter,
  gmailAdapter,
  hubspotAdapter,
  outlookAdapter,
  pipedriveAdapter,
  salesforceAdapter,
  zohoAdapter,
};
export type { GenericSite };
