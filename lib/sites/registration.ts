/**
 * User-added sites get the built-in sites' content script through `scripting.registerContentScripts`,
 * one registration per site, so the manifest never asks for every host up front. The background
 * calls `syncCustomSites` on start-up and whenever settings or permissions change; it converges
 * the registered scripts onto the settings and is safe to call any number of times.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings/schema';
import { validateMatchPattern } from '../permissions/patterns';

export const CUSTOM_SCRIPT_PREFIX = 'custom-';
/**
 * The content script as built from entrypoints/sites.content. Registrations an earlier version
 * made with another file (`content-scripts/crm.js`) differ from the wanted one and are replaced.
 */
export const SITES_SCRIPT_FILE = 'content-scripts/sites.js';

export interface ContentScriptRegistration {
  id: string;
  matches?: string[];
  js?: string[];
  runAt?: 'document_start' | 'document_end' | 'document_idle';
  persistAcrossSessions?: boolean;
}

/** The part of `browser.scripting` used here; tests pass a fake. */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<ContentScriptRegistration[]>;
  registerContentScripts(scripts: ContentScriptRegistration[]): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}

/** Whether the host permission for a pattern is granted. */
export type PermissionCheck = (pattern: string) => Promise<boolean>;

export interface SyncReport {
  registered: string[];
  unregistered: string[];
  /** Sites left without a script, and why (no permission yet, an invalid pattern from old settings). */
  skipped: { id: string; reason: string }[];
}

type CustomSites = Settings['sites']['custom'];

export function scriptIdFor(siteId: string): string {
  return `${CUSTOM_SCRIPT_PREFIX}${siteId}`;
}

function desiredScript(id: string, pattern: string): ContentScriptRegistration {
  return {
    id,
    matches: [pattern],
    js: [SITES_SCRIPT_FILE],
    runAt: 'document_idle',
    persistAcrossSessions: true,
  };
}

function sameScript(a: ContentScriptRegistration, b: ContentScriptRegistration): boolean {
  const list = (value: string[] | undefined) => JSON.stringify(value ?? []);
  // The browser may report file paths with a leading slash.
  const files = (value: string[] | undefined) => list(value?.map((file) => file.replace(/^\//, '')));
  return (
    list(a.matches) === list(b.matches) &&
    files(a.js) === files(b.js) &&
    (a.runAt ?? 'document_idle') === (b.runAt ?? 'document_idle')
  );
}

const defaultPermissionCheck: PermissionCheck = (pattern) =>
  browser.permissions.contains({ origins: [pattern] });

export async function syncCustomSites(
  sites: CustomSites,
  api: ScriptingApi = browser.scripting,
  hasPermission: PermissionCheck = defaultPermissionCheck,
): Promise<SyncReport> {
  const report: SyncReport = { registered: [], unregistered: [], skipped: [] };

  const wanted = new Map<string, ContentScriptRegistration>();
  for (const site of sites) {
    const id = scriptIdFor(site.id);
    const valid = validateMatchPattern(site.pattern);
    if (!valid.ok) {
      report.skipped.push({ id: site.id, reason: valid.error.message });
      continue;
    }
    // One bad entry (a duplicated id from a hand-edited import) must not sink the whole batch.
    if (wanted.has(id)) {
      report.skipped.push({ id: site.id, reason: 'Another site has the same id.' });
      continue;
    }
    let granted = false;
    try {
      granted = await hasPermission(valid.value);
    } catch {
      granted = false;
    }
    if (!granted) {
      report.skipped.push({ id: site.id, reason: `No permission for ${valid.value} yet.` });
      continue;
    }
    wanted.set(id, desiredScript(id, valid.value));
  }

  const current = (await api.getRegisteredContentScripts()).filter((script) =>
    script.id.startsWith(CUSTOM_SCRIPT_PREFIX),
  );
  const currentById = new Map(current.map((script) => [script.id, script]));

  // Changed registrations are replaced: unregister then register under the same id.
  const stale = current.filter((script) => {
    const want = wanted.get(script.id);
    return !want || !sameScript(script, want);
  });
  const fresh = [...wanted.values()].filter((script) => {
    const have = currentById.get(script.id);
    return !have || !sameScript(have, script);
  });

  if (stale.length > 0) {
    const ids = stale.map((script) => script.id);
    await api.unregisterContentScripts({ ids });
    report.unregistered.push(...ids.filter((id) => !wanted.has(id)));
  }
  if (fresh.length > 0) {
    await api.registerContentScripts(fresh);
    report.registered.push(...fresh.map((script) => script.id));
  }
  return report;
}
