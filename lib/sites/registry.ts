/**
 * The built-in sites, in the order the router tries them. Adding a site is adding its
 * definition here: the site ids, the settings' switches, the manifest's content-script matches
 * and host permissions, the permission checks' built-in hosts and the Options list are all read
 * from this list (registry.test.ts fails when one of them, or a site's fixtures, is missing).
 *
 * Imported by the content script: nothing here may pull in zod or Preact.
 */
import { dynamicsSite } from './dynamics';
import { gmailSite } from './gmail';
import { hubspotSite } from './hubspot';
import { outlookSite } from './outlook';
import { pipedriveSite } from './pipedrive';
import { salesforceSite } from './salesforce';
import type { SiteInfo } from './types';
import { zohoSite } from './zoho';

/**
 * What each site is (id, names, match patterns); its adapter, the page code, is attached by id in
 * ./index.ts, where TypeScript refuses a site without one. Pages that only name the sites (the
 * options page, the protocol's site ids) import this list and none of the adapters.
 */
const SITES = [
  gmailSite,
  outlookSite,
  salesforceSite,
  hubspotSite,
  pipedriveSite,
  zohoSite,
  dynamicsSite,
] as const;

export type BuiltinSiteId = (typeof SITES)[number]['id'];
export type BuiltinSite = SiteInfo<BuiltinSiteId>;
export const BUILTIN_SITES: readonly BuiltinSite[] = SITES;

/**
 * How a site the user adds is read: the addresses the page shows (./generic.ts, any CRM), or as
 * Outlook on the web (./outlook.ts) for an on-premises Outlook on the company's own host.
 */
export const CUSTOM_SITE_READERS = ['page', 'outlook'] as const;
export type CustomSiteReader = (typeof CUSTOM_SITE_READERS)[number];

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
