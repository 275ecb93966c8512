/**
 * Asking for and giving back optional host permissions. Least privilege: a platform's API host
 * is asked for when its source is switched on, a CRM host when its site is added, and each is
 * given back when nothing enabled still needs it.
 *
 * The request functions must be called straight from a click or submit handler: browsers only
 * show the permission prompt inside a user gesture, and an `await` before the request can lose
 * it. They compute the patterns synchronously and call `permissions.request` before awaiting.
 */
import { browser } from 'wxt/browser';
import { err, ok, type Result } from '../messaging/result';
import type { SourceId } from '../model';
import { SOURCE_IDS } from '../model';
import type { Settings } from '../settings/schema';
import { BUILTIN_MATCHES } from '../sites/registry';
import {
  BUILTIN_HOSTS,
  hostLabel,
  hostOf,
  hostPatternsFor,
  hostsOverlap,
  SOURCE_NAMES,
  sourceScope,
  validateMatchPattern,
} from './patterns';

export * from './patterns';

/** The part of `browser.permissions` used here; tests pass a fake. */
export interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
  remove(permissions: { origins: string[] }): Promise<boolean>;
  contains(permissions: { origins: string[] }): Promise<boolean>;
  getAll(): Promise<{ origins?: string[] }>;
}

export interface Release {
  /** Origins given back. */
  removed: string[];
  /** Why giving back failed, if it did (the source or site is off either way). */
  error?: string;
}

const defaultApi = (): PermissionsApi => browser.permissions;

/** Host patterns the installed manifest grants for good (never removable). */
export function manifestHosts(): string[] {
  const manifest = browser.runtime.getManifest() as { host_permissions?: string[]; permissions?: string[] };
  // MV2 (Firefox) lists hosts among `permissions`.
  const mv2Hosts = (manifest.permissions ?? []).filter((entry) => entry.includes('://'));
  return [...BUILTIN_HOSTS, ...(manifest.host_permissions ?? []), ...mv2Hosts];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function hostList(origins: readonly string[]): string {
  return origins.map(hostLabel).join(', ');
}

/** Ask for `origins`; must run inside the user's gesture (see the module comment). */
async function requestOrigins(
  origins: string[],
  onDenied: string,
  api: PermissionsApi,
): Promise<Result<string[]>> {
  if (origins.length === 0) return ok(origins);
  try {
    // First statement that awaits: the browser sees the request within the gesture.
    const granted = await api.request({ origins });
    return granted
      ? ok(origins)
      : err('forbidden', `Access to ${hostList(origins)} was not granted, so ${onDenied}.`);
  } catch (error) {
    return err('forbidden', `Could not ask for access to ${hostList(origins)}: ${errorText(error)}`);
  }
}

/**
 * Gmail and the built-in CRMs (the manifest's `host_permissions`) that Loopline may not run on.
 * Chrome grants them at install for good. Firefox (MV3) leaves every host to the user: they are
 * granted at install only where Firefox's `extensions.originControls.grantByDefault` says so (on
 * from Firefox 127), and the user may decline or take them back under about:addons → Permissions
 * at any time; the welcome page asks again (requestSiteAccess).
 */
export async function missingSiteAccess(api: PermissionsApi = defaultApi()): Promise<string[]> {
  const hosts = [...BUILTIN_MATCHES];
  const granted = await Promise.all(hosts.map((origin) => api.contains({ origins: [origin] })));
  return hosts.filter((_, i) => !granted[i]);
}

/** Ask for the missing site access; call straight from the click (see the module comment). */
export function requestSiteAccess(
  origins: string[],
  api: PermissionsApi = defaultApi(),
): Promise<Result<string[]>> {
  return requestOrigins(origins, 'Loopline cannot find leads there yet', api);
}

/**
 * Ask for the hosts `source` needs with these (possibly unsaved) settings. Resolves granted, or
 * not granted with a message to show next to the toggle.
 */
export function requestSourcePermission(
  source: SourceId,
  settings: Settings,
  api: PermissionsApi = defaultApi(),
): Promise<Result<string[]>> {
  const patterns = hostPatternsFor(source, settings);
  // Settings that name no host yet: the reason is the settings', not a refusal.
  if (!patterns.ok) return Promise.resolve(patterns);
  return requestOrigins(patterns.value, `${SOURCE_NAMES[source]} stays off`, api);
}

/** Ask for a custom CRM site's host; the pattern is validated first. */
export function requestSitePermission(
  pattern: string,
  api: PermissionsApi = defaultApi(),
): Promise<Result<string[]>> {
  const valid = validateMatchPattern(pattern);
  if (!valid.ok) return Promise.resolve(valid);
  return requestOrigins([valid.value], 'the site was not added', api);
}

/** Whether the hosts `source` needs with these settings are granted. */
export async function hasSourcePermission(
  source: SourceId,
  settings: Settings,
  api: PermissionsApi = defaultApi(),
): Promise<boolean> {
  const patterns = hostPatternsFor(source, settings);
  if (!patterns.ok) return false;
  if (patterns.value.length === 0) return true;
  try {
    return await api.contains({ origins: patterns.value });
  } catch {
    return false;
  }
}

export interface Exclusion {
  source?: SourceId;
  siteId?: string;
}

/** Host patterns that enabled sources and custom sites need, except the one being released. */
export function neededPatterns(settings: Settings, except: Exclusion = {}): string[] {
  const needed: string[] = [];
  for (const source of SOURCE_IDS) {
    if (source === except.source || !settings.sources[source].enabled) continue;
    // A source whose exact host is unknown (no base URL yet) keeps its whole platform scope.
    const patterns = hostPatternsFor(source, settings);
    needed.push(...(patterns.ok ? patterns.value : sourceScope(source, settings)));
  }
  for (const site of settings.sites.custom) {
    if (site.id !== except.siteId) needed.push(site.pattern);
  }
  return needed;
}

async function releaseWithin(
  scope: readonly string[],
  settings: Settings,
  except: Exclusion,
  api: PermissionsApi,
  required: readonly string[],
): Promise<Release> {
  if (scope.length === 0) return { removed: [] };
  try {
    const granted = (await api.getAll()).origins ?? [];
    const keep = [...required, ...neededPatterns(settings, except)];
    // A granted pattern inside the scope goes unless something kept shares a host with it:
    // browsers differ on whether removing a broad pattern also drops narrower ones.
    const removable = granted.filter(
      (origin) =>
        scope.some((pattern) => hostsOverlap(pattern, origin) && hostLabel(origin) !== '*') &&
        !keep.some((pattern) => hostsOverlap(pattern, origin)),
    );
    if (removable.length === 0) return { removed: [] };
    await api.remove({ origins: removable });
    return { removed: removable };
  } catch (error) {
    return { removed: [], error: `Could not give back access: ${errorText(error)}` };
  }
}

/**
 * Give back the hosts `source` was granted, except any still needed by another enabled source
 * or a custom site. `settings` are the settings as saved after the source was switched off.
 */
export function releaseSourcePermission(
  source: SourceId,
  settings: Settings,
  api: PermissionsApi = defaultApi(),
  required: readonly string[] = manifestHosts(),
): Promise<Release> {
  const scope = sourceScope(source, settings).filter((pattern) => hostLabel(pattern) !== '*');
  return releaseWithin(scope, settings, { source }, api, required);
}

/** Give back a removed custom site's host unless something enabled still needs it. */
export function releaseSitePermission(
  site: { id: string; pattern: string },
  settings: Settings,
  api: PermissionsApi = defaultApi(),
  required: readonly string[] = manifestHosts(),
): Promise<Release> {
  const valid = validateMatchPattern(site.pattern);
  if (!valid.ok) return Promise.resolve({ removed: [] });
  return releaseWithin([valid.value], settings, { siteId: site.id }, api, required);
}

/**
 * After settings changed from `before` to `after`: give back whatever `before` used (its enabled
 * sources' hosts, its custom sites) that nothing in `after` needs. Covers a source switched off,
 * a source moved to another host, and a site removed, in one rule.
 */
export function releaseUnneeded(
  before: Settings,
  after: Settings,
  api: PermissionsApi = defaultApi(),
  required: readonly string[] = manifestHosts(),
): Promise<Release> {
  const scope = [
    ...SOURCE_IDS.filter((source) => before.sources[source].enabled).flatMap((source) =>
      sourceScope(source, before),
    ),
    ...before.sites.custom.map((site) => site.pattern),
  ].filter((pattern) => {
    const host = hostOf(pattern);
    return host !== null && host !== '*';
  });
  return releaseWithin(scope, after, {}, api, required);
}

/** Give back every optional host (after "delete everything"). */
export async function releaseAllOptional(
  api: PermissionsApi = defaultApi(),
  required: readonly string[] = manifestHosts(),
): Promise<Release> {
  try {
    const granted = (await api.getAll()).origins ?? [];
    const removable = granted.filter((origin) => !required.some((pattern) => hostsOverlap(pattern, origin)));
    if (removable.length > 0) await api.remove({ origins: removable });
    return { removed: removable };
  } catch (error) {
    return { removed: [], error: `Could not give back access: ${errorText(error)}` };
  }
}
