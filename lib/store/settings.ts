/**
 * The settings record in IndexedDB (the `settings` store, ./db.ts): the current settings, a copy
 * kept aside when it could not be read, and whether an earlier Loopline's settings were moved in.
 * Storage only; what settings are and how they are validated is lib/settings/.
 */
import type { DB } from './db';

/** The stored settings as they are, unparsed; undefined when none were ever saved. */
export function storedSettings(db: DB): Promise<unknown> {
  return db.get('settings', 'current');
}

/** Whether an earlier Loopline's settings were looked for already. */
export async function legacySettingsChecked(db: DB): Promise<boolean> {
  return Boolean(await db.get('settings', 'legacyChecked'));
}

/**
 * Takes in the settings of an earlier Loopline (`legacy`, undefined when it had none), once:
 * another worker life may have done so meanwhile, and settings saved since win.
 */
export async function adoptLegacySettings(db: DB, legacy: unknown): Promise<void> {
  const tx = db.transaction('settings', 'readwrite');
  if (!(await tx.store.get('legacyChecked'))) {
    if (legacy !== undefined && (await tx.store.get('current')) === undefined) {
      await tx.store.put(legacy, 'current');
    }
    await tx.store.put(true, 'legacyChecked');
  }
  await tx.done;
}

/**
 * Stores `settings` as the current ones. What was stored is kept aside (`unreadable`), in the
 * same transaction, when `readable` says it could not be read and nothing is kept aside yet.
 */
export async function putSettings(
  db: DB,
  settings: unknown,
  readable: (stored: unknown) => boolean,
): Promise<void> {
  const tx = db.transaction('settings', 'readwrite');
  const current = await tx.store.get('current');
  if (current !== undefined && !readable(current) && (await tx.store.get('unreadable')) === undefined) {
    await tx.store.put(current, 'unreadable');
  }
  await tx.store.put(settings, 'current');
  await tx.done;
}
