/**
 * Reading and writing settings in `storage.local` (background only: the object holds secrets).
 * Content scripts get `publicSettings()`, which has none.
 */
import { describeZodError } from '../messaging/result';
import { migrate, SettingsVersionError } from './migrations';
import { defaultSettings, SECRET_PATHS, Settings, SETTINGS_VERSION } from './schema';

export const SETTINGS_KEY = 'settings';

export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
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
  if (!parsed.success) throw new SettingsError(`Settings are not valid: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export async function loadSettings(area: KeyValueArea): Promise<Settings> {
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  if (stored === undefined) return defaultSettings();
  try {
    return parseSettings(stored);
  } catch (error) {
    // A corrupt stored value must not brick the extension; the options page shows defaults
    // and saving overwrites it.
    console.warn('Loopline: stored settings unreadable, using defaults.', error);
    return defaultSettings();
  }
}

export async function saveSettings(area: KeyValueArea, settings: unknown): Promise<Settings> {
  const parsed = Settings.safeParse(settings);
  if (!parsed.success) throw new SettingsError(describeZodError(parsed.error));
  await area.set({ [SETTINGS_KEY]: parsed.data });
  return parsed.data;
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

/** Restore stored secrets where the incoming settings carry the mask or omit them. */
export function mergeSecrets(incoming: unknown, stored: Settings): unknown {
  if (!incoming || typeof incoming !== 'object') return incoming;
  const copy = structuredClone(incoming) as Json;
  for (const path of SECRET_PATHS) {
    let node: Json | undefined = copy;
    let old: Json | undefined = stored as unknown as Json;
    for (const key of path.slice(0, -1)) {
      node = node?.[key] as Json | undefined;
      old = old?.[key] as Json | undefined;
    }
    const last = path[path.length - 1]!;
    if (node && (node[last] === SECRET_MASK || node[last] === undefined)) node[last] = old?.[last] ?? '';
  }
  return copy;
}

/**
 * Import settings exported by `exportSettings`: validated whole; secrets stay as stored.
 * Throws SettingsError and changes nothing when anything is wrong.
 */
export function importSettings(json: string, stored: Settings): Settings {
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
  const migrated = migrate(rest);
  return parseSettings(mergeSecrets(migrated, stored));
}

/** What the sidebar needs, and nothing secret. */
export function publicSettings(settings: Settings) {
  return {
    you: settings.you,
    sla: settings.sla,
    outcomes: settings.outcomes,
    definitions: settings.definitions,
    sites: settings.sites,
    sidebar: settings.sidebar,
    historyDays: settings.historyDays,
  };
}
export type PublicSettings = ReturnType<typeof publicSettings>;
