/** The outcome log and outbox: one store, indexed by lead and by delivery state. */
import type { Outcome } from '../model';
import type { DB } from './db';

export async function listOutcomesForLead(db: DB, email: string): Promise<Outcome[]> {
  const rows = await db.getAllFromIndex('outcomes', 'byLead', email);
  return rows
    .filter((o) => o.delivery !== 'discarded')
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

export async function listOutcomes(db: DB, since?: string): Promise<Outcome[]> {
  return since
    ? db.getAllFromIndex('outcomes', 'byCreated', IDBKeyRange.lowerBound(since))
    : db.getAll('outcomes');
}

export function getOutcome(db: DB, id: string): Promise<Outcome | undefined> {
  return db.get('outcomes', id);
}

export async function putOutcome(db: DB, outcome: Outcome): Promise<void> {
  await db.put('outcomes', outcome);
}

/** The answer of a compare-and-set: the outcome as stored now, and whether this change made it so. */
export type Transition<T extends Outcome> =
  { changed: true; outcome: T } | { changed: false; outcome: T | undefined };

/**
 * Change an outcome only if it is in a state `allowed` accepts, in one read-write transaction:
 * IndexedDB runs read-write transactions on a store one at a time, so two changes that race (an
 * undo and the first delivery attempt, a discard and an attempt's result) cannot both read the
 * same state; one wins and the other is told what the outcome became.
 */
export async function transitionOutcome<T extends Outcome>(
  db: DB,
  id: string,
  allowed: (current: T) => boolean,
  change: (current: T) => T,
): Promise<Transition<T>> {
  const tx = db.transaction('outcomes', 'readwrite');
  const current = (await tx.store.get(id)) as T | undefined;
  if (!current || !allowed(current)) {
    await tx.done;
    return { changed: false, outcome: current };
  }
  const next = change(current);
  await tx.store.put(next);
  await tx.done;
  return { changed: true, outcome: next };
}
