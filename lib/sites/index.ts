/**
 * The router: a URL picks one site adapter. Built-in adapters first (a user-added pattern as
 * broad as `https://*` with any path must not take Gmail over), then the user's own sites in order.
 */
import { createGenericAdapter, type GenericSite } from './generic';
import { parseMatchPattern } from './match-pattern';
import { BUILTIN_SITES, builtinSite, type BuiltinSiteId } from './registry';
import type { SiteAdapter, SiteId } from './types';

export type { BuiltinSiteId };

/** The built-in sites' adapters (each definition is one), in the router's order. */
export const BUILTIN_ADAPTERS: readonly SiteAdapter[] = BUILTIN_SITES;

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
  for (const site of BUILTIN_SITES) {
    if (builtins[site.id] !== false && site.matches(url)) return { id: site.id };
  }
  for (const site of custom) {
    // Invalid patterns can be saved in older settings; they match nothing rather than throw.
    if (parseMatchPattern(site.pattern)?.(url)) return { id: 'generic', custom: site };
  }
  return null;
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
  site: { id: SiteId; custom?: GenericSite & { id?: string } } | null,
): SiteAdapter | null {
  if (!site) return null;
  if (site.id === 'generic') {
    return site.custom
      ? createGenericAdapter({ pattern: site.custom.pattern, selector: site.custom.selector })
      : null;
  }
  return builtinSite(site.id) ?? null;
}

export { createGenericAdapter };
export { dynamicsAdapter } from './dynamics';
export { gmailAdapter } from './gmail';
export { hubspotAdapter } from './hubspot';
export { pipedriveAdapter } from './pipedrive';
export { salesforceAdapter } from './salesforce';
export { zohoAdapter } from './zoho';
export type { GenericSite };
