/**
 * Where the settings live, and how they are read and written. Background only.
 *
 * The settings object holds tokens and keys, so it lives in the extension origin's IndexedDB
 * (the `settings` store, lib/store/db.ts), which only Loopline's own pages and background can
 * open, in Chrome and Firefox alike. Not in `storage.local`: every content script can read and
 * write that, and a content script runs in the web page's renderer (Chrome's extension security
 * guidance: treat it as compromised whenever the page is). `setAccessLevel('TRUSTED_CONTEXTS')`
 * applies to `storage.session` only (Chrome and Firefox), which is closed to content scripts by
 * default but emptied when the browser closes: right for the people on open tabs
 * (lib/background/page-people.ts), wrong for settings. An origin-bound database is closed by
 * construction. Loopline's settings of earlier versions are moved out of `storage.local` once
 * (`legacyChecked`), and `storage.local` is never read for settings again, so a write there by a
 * content script changes nothing the background uses.
 *
 * Settings that fail to parse are never overwritten with defaults: the background runs on
 * defaults, Options says why, and the first save keeps the unreadable copy aside (`unreadable`).
 */
import type { DB } from '../store/db';
import { adoptLegacySettings, legacySettingsChecked, putSettings, storedSettings } from '../store/settings';
import { formatZodError } from '../model/zod-error';
import { migrate, SettingsVersionError } from './migrations';
import { defaultSettings, SECRET_BINDINGS, SECRET_PATHS, Settings, SETTINGS_VERSION } from './schema';

/** The key Loopline's earlier versions kept their settings under in `storage.local`. */
export const LEGACY_SETTINGS_KEY = 'settings';

export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export class SettingsError extends Error {}

/** Parse anything stored or imported into valid settings, or explain what is wrong. */
export function parseSettings(raw: unknown): Settings {
  let migrated;
  try {
    migrated = migrate(raw);
  } catch (error) {
    if (error instanceof SettingsVersionError) throw new SettingsError(error.message);
    throw error;
  }
  const parsed = Settings.safeParse(migrated);
  if (!parsed.success) throw new SettingsError(`Settings are not valid: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

export interface LoadedSettings {
  settings: Settings;
  /** Why the stored settings could not be used (the background runs on defaults meanwhile). */
  problem?: string;
}

const problemOf = (error: unknown) =>
  `Loopline could not read its saved settings (${error instanceof Error ? error.message : String(error)}) and is using the defaults. The saved copy is kept; saving here starts afresh.`;

/**
 * Move the settings of an earlier Loopline out of `storage.local`, once. Afterwards the legacy
 * key is gone and never read again.
 */
async function moveLegacySettings(db: DB, legacy: KeyValueArea | undefined): Promise<void> {
  if (await legacySettingsChecked(db)) return;
  const stored = legacy ? (await legacy.get(LEGACY_SETTINGS_KEY))[LEGACY_SETTINGS_KEY] : undefined;
  // Another worker life may have moved them meanwhile: the settings store decides.
  await adoptLegacySettings(db, stored);
  if (stored !== undefined) await legacy?.remove(LEGACY_SETTINGS_KEY);
}

export async function loadSettings(db: DB, legacy?: KeyValueArea): Promise<LoadedSettings> {
  await moveLegacySettings(db, legacy);
  const stored = await storedSettings(db);
  if (stored === undefined) return { settings: defaultSettings() };
  try {
    return { settings: parseSettings(stored) };
  } catch (error) {
    // A corrupt stored value must not brick the extension, nor be lost: run on defaults.
    console.warn('Loopline: stored settings unreadable, using defaults.', error);
    return { settings: defaultSettings(), problem: problemOf(error) };
  }
}

/**
 * Validate and store `settings` whole. If what is stored now cannot be read, it is kept aside
 * (`unreadable`) in the same transaction rather than lost.
 */
export async function saveSettings(db: DB, settings: unknown): Promise<Settings> {
  const parsed = Settings.safeParse(settings);
  if (!parsed.success) throw new SettingsError(formatZodError(parsed.error));
  await putSettings(db, parsed.data, readable);
  return parsed.data;
}

function readable(raw: unknown): boolean {
  try {
    parseSettings(raw);
    return true;
  } catch {
    return false;
  }
}

type Json = Record<string, unknown>;

function withoutSecrets(settings: Settings, replacement: string | undefined): Json {
  const copy = structuredClone(settings) as unknown as Json;
  for (const path of SECRET_PATHS) {
    let node: Json | undefined = copy;
    for (const key of path.slice(0, -1)) node = node?.[key] as Json | undefined;
    const last = path[path.length - 1]!;
    if (node && last in node) {
      if (replacement === undefined) delete node[last];
      else node[last] = node[last] ? replacement : '';
    }
  }
  return copy;
}

/** JSON for "export settings": everything but secrets. */
export function exportSettings(settings: Settings): string {
  return JSON.stringify({ ...withoutSecrets(settings, undefined), exportedBy: 'Loopline' }, null, 2);
}

/**
 * Settings for extension pages: secrets replaced by a mask so forms can show "set", never the
 * value. Saving a masked value keeps the stored secret (see `mergeSecrets`).
 */
export const SECRET_MASK = '••••••••';
export function maskedSettings(settings: Settings): Json {
  return withoutSecrets(settings, SECRET_MASK);
}

export interface MergedSecrets {
  value: unknown;
  /** Secrets cleared because their destination changed, said in words for the user. */
  notices: string[];
}

/**
 * Restore stored secrets where the incoming settings carry the mask or omit them, but only while
 * the secret still goes where it went: a secret is bound to its destination (SECRET_BINDINGS), and
 * settings that send it elsewhere (a changed host, origin or header name) clear it. A new value
 * typed for the new destination is kept as typed.
 */
export function mergeSecrets(incoming: unknown, stored: Settings): MergedSecrets {
  if (!incoming || typeof incoming !== 'object') return { value: incoming, notices: [] };
  const copy = structuredClone(incoming) as Json;
  const notices: string[] = [];
  for (const binding of SECRET_BINDINGS) {
    const path = binding.path;
    let node: Json | undefined = copy;
    let old: Json | undefined = stored as unknown as Json;
    for (const key of path.slice(0, -1)) {
      node = node?.[key] as Json | undefined;
      old = old?.[key] as Json | undefined;
    }
    const last = path[path.length - 1]!;
    if (!node || (node[last] !== SECRET_MASK && node[last] !== undefined)) continue;
    const kept = typeof old?.[last] === 'string' ? (old[last] as string) : '';
    const from = binding.destination(stored as unknown as Json);
    const to = binding.destination(copy);
    if (kept && from !== to) {
      node[last] = '';
      notices.push(
        `${binding.label} was cleared because it would now be sent to ${to || 'no address'} instead of ${from}. Enter it again if that is intended.`,
      );
    } else {
      node[last] = kept;
    }
  }
  return { value: copy, notices };
}

/**
 * Import settings exported by `exportSettings`: validated whole; secrets stay as stored.
 * Throws SettingsError and changes nothing when anything is wrong.
 */
export function importSettings(json: string, stored: Settings): { settings: Settings; notices: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new SettingsError('That file is not JSON. Choose a file exported from Loopline’s settings.');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SettingsError('That file does not hold Loopline settings.');
  }
  const { exportedBy: _marker, ...rest } = raw as Json;
  if (typeof rest.version !== 'number') throw new SettingsError('That file has no settings version.');
  if (rest.version > SETTINGS_VERSION) {
    throw new SettingsError(
      `These settings are from a newer Loopline (version ${rest.version}); update Loopline to import them.`,
    );
  }
  const merged = mergeSecrets(migrate(rest), stored);
  return { settings: parseSettings(merged.value), notices: merged.notices };
}
