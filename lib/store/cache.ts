/** Per-source cache of what a platform said about a lead, with when it said it. */
import type { SourceId } from '../model';
import type { CacheEntry, DB } from './db';

export function getCached(db: DB, source: SourceId, email: string): Promise<CacheEntry | undefined> {
  return db.get('cache', [source, email]);
}

export async function putCached(db: DB, entry: CacheEntry): Promise<void> {
  await db.put('cache', entry);
}

export async function clearCache(db: DB, source?: SourceId): Promise<number> {
  if (!source) {
    const count = await db.count('cache');
    await db.clear('cache');
    return count;
  }
  const range = IDBKeyRange.bound([source, ''], [source, '\uffff']);
  const count = await db.count('cache', range);
  await db.delete('cache', range);
  return count;
}
