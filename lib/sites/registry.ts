/**
 * The built-in sites, in the order the router tries them. Adding a site is adding its
 * definition here: the site ids, the settings' switches, the manifest's content-script matches
 * and host permissions, the permission checks' built-in hosts and the Options list are all read
 * from this list (registry.test.ts fails when one of them, or a site's fixtures, is missing).
 *
 * Imported by the content script: nothing here may pull in zod or Preact.
 */
import { dynamicsAdapter } from './dynamics';
import { gmailAdapter } from './gmail';
import { hubspotAdapter } from './hubspot';
import { pipedriveAdapter } from './pipedrive';
import { salesforceAdapter } from './salesforce';
import { zohoAdapter } from './zoho';

export const BUILTIN_SITES = [
  gmailAdapter,
  salesforceAdapter,
  hubspotAdapter,
  pipedriveAdapter,
  zohoAdapter,
  dynamicsAdapter,
] as const;

export type BuiltinSite = (typeof BUILTIN_SITES)[number];
export type BuiltinSiteId = BuiltinSite['id'];
/** `generic` is any site the user adds (./generic.ts); it has no definition of its own. */
export type SiteId = BuiltinSiteId | 'generic';

export const BUILTIN_SITE_IDS: readonly BuiltinSiteId[] = BUILTIN_SITES.map((site) => site.id);
export const SITE_IDS: readonly SiteId[] = [...BUILTIN_SITE_IDS, 'generic'];

/** Every built-in site's match patterns: the built-in content script runs on these pages. */
export const BUILTIN_MATCHES: readonly string[] = BUILTIN_SITES.flatMap((site) => site.matchPatterns);

/** The built-in site with this id, if there is one. */
export function builtinSite(id: string): BuiltinSite | undefined {
  return BUILTIN_SITES.find((site) => site.id === id);
}
