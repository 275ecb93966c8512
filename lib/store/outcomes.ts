/**
 * The outcome log: one record per outcome, indexed by lead and by its deliveries' aggregate state
 * (the deliveries themselves, and every change to them, are in ./deliveries.ts).
 */
import { isWithdrawn, type Outcome } from '../model';
import type { DB } from './db';

export async function listOutcomesForLead(db: DB, email: string): Promise<Outcome[]> {
  const rows = await db.getAllFromIndex('outcomes', 'byLead', email);
  return rows
    .filter((o) => !isWithdrawn(o.delivery))
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

/** Store an outcome that has no deliveries (a `local` one); the outbox stores the others. */
export async function putOutcome(db: DB, outcome: Outcome): Promise<void> {
  await db.put('outcomes', outcome);
}
