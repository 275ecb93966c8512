/**
 * The durable write-back queue. An outcome is in IndexedDB before anyone is told it is saved;
 * delivery is retried with back-off, driven by an alarm so that it survives the service
 * worker stopping and the browser restarting. The outcome id is the idempotency key: a retry
 * after an ambiguous failure asks the connector to check for the earlier write first.
 *
 * Every change of state is a compare-and-set in one IndexedDB transaction (transitionOutcome):
 *   pending → sending → delivered | pending | failed
 *   pending (before the first attempt) → discarded, by undo
 *   pending | failed → discarded;  failed → pending, by retry
 * `discarded` and `delivered` are final. An undo or discard that loses a race to an attempt is
 * refused and says so; an attempt never overwrites a state it did not leave the outcome in.
 */
import { isConnectorError, type WriteReceipt } from '../connectors/types';
import type { Outcome } from '../model';
import type { DB, QueuedOutcome } from '../store/db';
import { putOutcome, transitionOutcome } from '../store/outcomes';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff';

export type { QueuedOutcome };

export interface OutboxDeps {
  db: DB;
  deliver: (outcome: QueuedOutcome, options: { checkFirst: boolean }) => Promise<WriteReceipt>;
  /** Ask to be woken at `whenMs` (an alarm). Called with the earliest due time after changes. */
  schedule: (whenMs: number | null) => void;
  onChange?: (outcome: QueuedOutcome) => void;
  now?: () => number;
  random?: () => number;
  policy?: BackoffPolicy;
  /** Seconds the user has to undo before the first attempt. */
  undoMs?: number;
}

export interface Outbox {
  enqueue(outcome: Outcome): Promise<QueuedOutcome>;
  undo(id: string): Promise<boolean>;
  retry(id: string): Promise<QueuedOutcome>;
  discard(id: string): Promise<QueuedOutcome>;
  /** Deliver everything due now. Concurrent calls share one run. */
  flush(): Promise<void>;
  /** Re-arm the alarm from what is stored (at worker start-up). */
  reschedule(): Promise<void>;
}

const OPEN_STATES = new Set(['pending', 'sending']);

/**
 * While a delivery is in flight an alarm stays armed this far ahead: if the worker is stopped
 * mid-request, the alarm wakes the next one to finish (checking first). A live worker's own
 * reschedule replaces it when the attempt ends.
 */
export const LEASE_MS = 30_000;

export function createOutbox(deps: OutboxDeps): Outbox {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const policy = deps.policy ?? DEFAULT_BACKOFF;
  const undoMs = deps.undoMs ?? 5_000;
  let running: Promise<void> | undefined;

  async function save(outcome: QueuedOutcome) {
    await putOutcome(deps.db, outcome);
    deps.onChange?.(outcome);
  }

  async function open(): Promise<QueuedOutcome[]> {
    const [pending, sending] = await Promise.all([
      deps.db.getAllFromIndex('outcomes', 'byDelivery', 'pending'),
      deps.db.getAllFromIndex('outcomes', 'byDelivery', 'sending'),
    ]);
    return [...pending, ...sending];
  }

  async function reschedule() {
    const due = (await open()).map((o) => o.nextAttemptAt ?? 0);
    deps.schedule(due.length > 0 ? Math.min(...due) : null);
  }

  /** Compare-and-set, then tell whoever shows the outcome. */
  async function transition(
    id: string,
    allowed: (current: QueuedOutcome) => boolean,
    change: (current: QueuedOutcome) => QueuedOutcome,
  ) {
    const result = await transitionOutcome<QueuedOutcome>(deps.db, id, allowed, change);
    if (result.changed) deps.onChange?.(result.outcome);
    return result;
  }

  async function attempt(id: string) {
    // Claim it: "sending" is stored before the request, so a worker stopped during the request
    // leaves a trace, and the next run checks for the earlier write before repeating it.
    let checkFirst = false;
    const claimed = await transition(
      id,
      (current) => OPEN_STATES.has(current.delivery) && (current.nextAttemptAt ?? 0) <= now(),
      (current) => {
        checkFirst = current.delivery === 'sending' || current.ambiguous === true;
        return { ...current, delivery: 'sending', attempts: current.attempts + 1 };
      },
    );
    if (!claimed.changed) return;
    const sending = claimed.outcome;
    deps.schedule(now() + LEASE_MS);
    let next: (current: QueuedOutcome) => QueuedOutcome;
    try {
      const receipt = await deps.deliver(sending, { checkFirst });
      next = (current) => ({
        ...current,
        delivery: 'delivered',
        receipt: receipt.receipt,
        lastError: undefined,
        ambiguous: false,
        nextAttemptAt: undefined,
      });
    } catch (error) {
      const retryable = isConnectorError(error) ? error.retryable : false;
      const message = error instanceof Error ? error.message : String(error);
      const ambiguous = isConnectorError(error) ? error.ambiguous || sending.ambiguous === true : true;
      const retryAfter = isConnectorError(error) ? error.retryAfterMs : undefined;
      next =
        !retryable || sending.attempts >= policy.maxAttempts
          ? (current) => ({
              ...current,
              delivery: 'failed',
              lastError: message,
              ambiguous,
              nextAttemptAt: undefined,
            })
          : (current) => ({
              ...current,
              delivery: 'pending',
              lastError: message,
              ambiguous,
              nextAttemptAt: now() + nextDelay(sending.attempts, policy, random, retryAfter),
            });
    }
    // Only the attempt that claimed it settles it: a state it did not leave is not overwritten.
    await transition(
      id,
      (current) => current.delivery === 'sending' && current.attempts === sending.attempts,
      next,
    );
  }

  async function run() {
    const due = (await open())
      .filter((o) => (o.nextAttemptAt ?? 0) <= now())
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    for (const outcome of due) {
      try {
        // The claim re-reads it: an undo or discard may have happened while earlier ones were sent.
        await attempt(outcome.id);
      } catch (error) {
        // Storage failed around this attempt: it stays open and the next run takes it up again.
        console.warn('Loopline: an outcome delivery could not be stored; it will be retried.', error);
      }
    }
  }

  return {
    async enqueue(outcome) {
      const queued: QueuedOutcome = {
        ...outcome,
        delivery: 'pending',
        attempts: 0,
        nextAttemptAt: now() + undoMs,
      };
      await save(queued);
      await reschedule();
      return queued;
    },

    async undo(id) {
      // Only before the first attempt: once it may have reached the platform, it cannot be undone.
      const result = await transition(
        id,
        (current) => current.delivery === 'pending' && current.attempts === 0,
        (current) => ({ ...current, delivery: 'discarded', nextAttemptAt: undefined }),
      );
      await reschedule();
      return result.changed;
    },

    async retry(id) {
      // A manual retry starts a fresh round of attempts; the earlier ones may have landed.
      const result = await transition(
        id,
        (current) => current.delivery === 'failed',
        (current) => ({
          ...current,
          delivery: 'pending',
          attempts: 0,
          ambiguous: true,
          nextAttemptAt: now(),
        }),
      );
      if (!result.outcome) throw new Error('No such outcome.');
      await reschedule();
      return result.outcome;
    },

    async discard(id) {
      // Not while it is being sent (the attempt decides) and never once delivered.
      const result = await transition(
        id,
        (current) => current.delivery === 'pending' || current.delivery === 'failed',
        (current) => ({ ...current, delivery: 'discarded', nextAttemptAt: undefined }),
      );
      if (!result.outcome) throw new Error('No such outcome.');
      await reschedule();
      return result.outcome;
    },

    flush() {
      running ??= run().finally(() => {
        running = undefined;
      });
      // Whatever happened in the run, the alarm is re-armed from what is stored.
      return running.finally(reschedule);
    },

    reschedule,
  };
}
