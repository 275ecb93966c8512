/**
 * An outcome's deliveries, one per platform it goes to, and the aggregate its record carries.
 * Every change goes through one read-write transaction over both stores (transitionDeliveries),
 * which rewrites the outcome's aggregate with it: the two never disagree.
 */
import { isWithdrawn, type DeliveryState, type Outcome } from '../model';
import type { DB, Delivery, DeliveryKey, QueuedOutcome } from './db';

export function deliveryKey(delivery: Pick<Delivery, 'outcomeId' | 'target'>): DeliveryKey {
  return [delivery.outcomeId, delivery.target];
}

const sameKey = (a: Delivery, b: Delivery) => a.outcomeId === b.outcomeId && a.target === b.target;
const byRank = (a: Delivery, b: Delivery) => a.rank - b.rank;

/** Receipts of several deliveries, joined, within what an outcome's `receipt` may hold. */
const MAX_RECEIPT = 500;

/**
 * An outcome's `delivery` from its deliveries' states, ignoring withdrawn ones (undone or
 * discarded) unless all are:
 * failed if any failed, then sending if any is in flight, then pending if any waits, and
 * delivered only when every one is. Its `target` is the primary (lowest-ranked) delivery's.
 */
export function aggregate(outcome: Outcome, deliveries: readonly Delivery[]): Outcome {
  if (deliveries.length === 0) return outcome;
  const ranked = [...deliveries].sort(byRank);
  const live = ranked.filter((d) => !isWithdrawn(d.state));
  const has = (state: DeliveryState) => live.some((d) => d.state === state);
  const delivery: DeliveryState =
    live.length === 0
      ? ranked.every((d) => d.state === 'undone')
        ? 'undone'
        : 'discarded'
      : has('failed')
        ? 'failed'
        : has('sending')
          ? 'sending'
          : has('pending')
            ? 'pending'
            : 'delivered';
  const receipts = live.flatMap((d) => (d.receipt ? [d.receipt] : []));
  const error =
    live.find((d) => d.state === 'failed' && d.lastError) ??
    live.find((d) => d.state !== 'delivered' && d.lastError);
  const { receipt: _receipt, lastError: _lastError, ...rest } = outcome;
  return {
    ...rest,
    target: ranked[0]!.target,
    delivery,
    attempts: ranked.reduce((sum, d) => sum + d.attempts, 0),
    ...(receipts.length > 0 && { receipt: receipts.join(' · ').slice(0, MAX_RECEIPT) }),
    ...(error?.lastError !== undefined && { lastError: error.lastError }),
  };
}

/** The outcome as `delivery` sends it: its target and bookkeeping in place of the aggregate. */
export function asQueued(outcome: Outcome, delivery: Delivery): QueuedOutcome {
  return {
    ...outcome,
    target: delivery.target,
    delivery: delivery.state,
    attempts: delivery.attempts,
    receipt: delivery.receipt,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt,
    ambiguous: delivery.ambiguous,
    targetPending: delivery.targetPending,
  };
}

/** An outcome's deliveries, primary first. */
export async function listDeliveries(db: DB, outcomeId: string): Promise<Delivery[]> {
  return (await db.getAllFromIndex('deliveries', 'byOutcome', outcomeId)).sort(byRank);
}

export function getDelivery(db: DB, key: DeliveryKey): Promise<Delivery | undefined> {
  return db.get('deliveries', key);
}

/**
 * Store a new outcome with its deliveries, and the aggregate, in one transaction. Deliveries it
 * had before (an outcome stored again) are replaced by these.
 */
export async function putOutcomeWithDeliveries(
  db: DB,
  outcome: Outcome,
  deliveries: readonly Delivery[],
): Promise<Outcome> {
  const tx = db.transaction(['outcomes', 'deliveries'], 'readwrite');
  const store = tx.objectStore('deliveries');
  const stored = aggregate(outcome, deliveries);
  const earlier = await store.index('byOutcome').getAllKeys(outcome.id);
  await Promise.all([
    ...earlier.map((key) => store.delete(key)),
    ...deliveries.map((d) => store.put(d)),
    tx.objectStore('outcomes').put(stored),
  ]);
  await tx.done;
  return stored;
}

/** The answer of a compare-and-set: the outcome and its deliveries as stored now, and whether this change made them so. */
export interface DeliveriesTransition {
  changed: boolean;
  outcome: Outcome | undefined;
  deliveries: Delivery[];
}

/**
 * Change an outcome's deliveries only if `change` accepts their current states (it returns the
 * new list, or undefined to refuse), in one read-write transaction over the outcomes and the
 * deliveries: IndexedDB runs read-write transactions on a store one at a time, so two changes that
 * race (an undo and the first delivery attempt, a discard and an attempt's result) cannot both
 * read the same state; one wins and the other is told what they became. A delivery left out of
 * the new list is removed (one re-keyed to another target is one left out and one added); the
 * outcome's aggregate is rewritten in the same transaction.
 */
export async function transitionDeliveries(
  db: DB,
  outcomeId: string,
  change: (current: readonly Delivery[], outcome: Outcome) => Delivery[] | undefined,
): Promise<DeliveriesTransition> {
  const tx = db.transaction(['outcomes', 'deliveries'], 'readwrite');
  const store = tx.objectStore('deliveries');
  const [outcome, current] = await Promise.all([
    tx.objectStore('outcomes').get(outcomeId),
    store.index('byOutcome').getAll(outcomeId),
  ]);
  current.sort(byRank);
  if (!outcome) {
    // Deliveries of an outcome that is gone (its data deleted): nothing is left to deliver.
    await Promise.all(current.map((d) => store.delete(deliveryKey(d))));
    await tx.done;
    return { changed: false, outcome: undefined, deliveries: [] };
  }
  const next = change(current, outcome);
  if (!next) {
    await tx.done;
    return { changed: false, outcome, deliveries: current };
  }
  next.sort(byRank);
  const stored = aggregate(outcome, next);
  await Promise.all([
    ...current.filter((d) => !next.some((n) => sameKey(n, d))).map((d) => store.delete(deliveryKey(d))),
    ...next.filter((d) => !current.includes(d)).map((d) => store.put(d)),
    tx.objectStore('outcomes').put(stored),
  ]);
  await tx.done;
  return { changed: true, outcome: stored, deliveries: next };
}

/** The answer of a compare-and-set on one delivery. */
export type DeliveryTransition =
  | { changed: true; outcome: Outcome; delivery: Delivery }
  | { changed: false; outcome: Outcome | undefined; delivery: Delivery | undefined };

/** Change one delivery only if it is in a state `allowed` accepts (see transitionDeliveries). */
export async function transitionDelivery(
  db: DB,
  [outcomeId, target]: DeliveryKey,
  allowed: (current: Delivery) => boolean,
  change: (current: Delivery) => Delivery,
): Promise<DeliveryTransition> {
  let changed: Delivery | undefined;
  const result = await transitionDeliveries(db, outcomeId, (current) => {
    const found = current.find((d) => d.target === target);
    if (!found || !allowed(found)) return undefined;
    changed = change(found);
    return current.map((d) => (d === found ? changed! : d));
  });
  if (result.changed && changed) return { changed: true, outcome: result.outcome!, delivery: changed };
  return {
    changed: false,
    outcome: result.outcome,
    delivery: result.deliveries.find((d) => d.target === target),
  };
}
