/**
 * The parts of the settings that leave the background, each trimmed to its reader. Neither holds
 * a secret, a source's address, or another site's settings.
 */
import type { ContentConfig, SidebarSettings } from '../messaging/protocol';
import type { Settings } from '../settings/schema';
import { siteFor } from '../sites';
import type { SiteId } from '../sites/types';

const parseUrl = (url: string | undefined): URL | null => {
  try {
    return url ? new URL(url) : null;
  } catch {
    return null;
  }
};

/** The site Loopline runs on at `url` (browser-attested, never a page's claim), or null. */
export function siteAt(url: string | undefined, settings: Settings): ContentConfig['site'] {
  const parsed = parseUrl(url);
  return parsed ? siteFor(parsed, settings.sites) : null;
}

/** Whether the sidebar starts open on `site`: as the user left it there, open at first. */
const openOn = (settings: Settings, site: SiteId | undefined) =>
  (site && settings.sidebar.openBySite[site]) ?? true;

/** What a content script at `url` is told: its site, who counts as the team, open or not. */
export function contentConfig(settings: Settings, url: string | undefined): ContentConfig {
  const site = siteAt(url, settings);
  return {
    site,
    team: {
      ownAddresses: settings.you.ownAddresses,
      internalDomains: settings.you.internalDomains,
      lookUpFreeMail: settings.you.lookUpFreeMail,
    },
    open: openOn(settings, site?.id),
  };
}

/** What the sidebar frame docked in the page at `tabUrl` is told. */
export function sidebarSettings(settings: Settings, tabUrl: string | undefined): SidebarSettings {
  const site = siteAt(tabUrl, settings);
  const origin = parseUrl(tabUrl)?.origin;
  return {
    outcomes: settings.outcomes,
    definitions: settings.definitions,
    sla: settings.sla,
    you: settings.you.name,
    open: openOn(settings, site?.id),
    site: site?.id ?? null,
    pageOrigin: site && origin && origin !== 'null' ? origin : null,
  };
}
