/**
 * The router: a URL picks one site adapter. Built-in adapters first (a user-added pattern as
 * broad as `https://*` with any path must not take Gmail over), then the user's own sites in order.
 */
import { dynamicsAdapter } from './dynamics';
import { createGenericAdapter, type GenericSite } from './generic';
import { gmailAdapter } from './gmail';
import { hubspotAdapter } from './hubspot';
import { parseMatchPattern } from './match-pattern';
import { pipedriveAdapter } from './pipedrive';
import { salesforceAdapter } from './salesforce';
import type { SiteAdapter, SiteId } from './types';
import { zohoAdapter } from './zoho';

export type BuiltinSiteId = Exclude<SiteId, 'generic'>;

export const BUILTIN_ADAPTERS: readonly SiteAdapter[] = [
  gmailAdapter,
  salesforceAdapter,
  hubspotAdapter,
  pipedriveAdapter,
  zohoAdapter,
  dynamicsAdapter,
];

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
  for (const adapter of BUILTIN_ADAPTERS) {
    if (builtins[adapter.id as BuiltinSiteId] !== false && adapter.matches(url)) {
      return { id: adapter.id as BuiltinSiteId };
    }
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
  return BUILTIN_ADAPTERS.find((adapter) => adapter.id === site.id) ?? null;
}

export {
  createGenericAdapter,
  dynamicsAdapter,
  gmailAdapter,
  hubspotAdapter,
  pipedriveAdapter,
  salesforceAdapter,
  zohoAdapter,
};
export type { GenericSite };
