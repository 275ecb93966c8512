/**
 * The durable write-back queue. An outcome is in IndexedDB before anyone is told it is saved;
 * delivery is retried with back-off, driven by an alarm so that it survives the service
 * worker stopping and the browser restarting. The outcome id is the idempotency key: a retry
 * after an ambiguous failure asks the connector to check for the earlier write first.
 */
import { isConnectorError, type WriteReceipt } from '../connectors/types';
import type { Outcome } from '../model';
import type { DB } from '../store/db';
import { getOutcome, putOutcome } from '../store/outcomes';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff';

/** Extra bookkeeping kept on the stored outcome, outside the canonical schema's fields. */
export interface QueuedOutcome extends Outcome {
  /** Epoch ms when the next delivery attempt is due. */
  nextAttemptAt?: number;
  /** The last attempt may have reached the platform: check before writing again. */
  ambiguous?: boolean;
}

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
    return [...pending, ...sending] as QueuedOutcome[];
  }

  async function reschedule() {
    const due = (await open()).map((o) => o.nextAttemptAt ?? 0);
    deps.schedule(due.length > 0 ? Math.min(...due) : null);
  }

  async function attempt(outcome: QueuedOutcome) {
    // Persist "sending" first: if the worker dies during the request, the next run knows the
    // write may have landed and checks before repeating it.
    const checkFirst = outcome.delivery === 'sending' || outcome.ambiguous === true;
    const sending: QueuedOutcome = { ...outcome, delivery: 'sending', attempts: outcome.attempts + 1 };
    await save(sending);
    deps.schedule(now() + LEASE_MS);
    try {
      const receipt = await deps.deliver(sending, { checkFirst });
      await save({
        ...sending,
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
      if (!retryable || sending.attempts >= policy.maxAttempts) {
        await save({
          ...sending,
          delivery: 'failed',
          lastError: message,
          ambiguous,
          nextAttemptAt: undefined,
        });
        return;
      }
      const retryAfter = isConnectorError(error) ? error.retryAfterMs : undefined;
      await save({
        ...sending,
        delivery: 'pending',
        lastError: message,
        ambiguous,
        nextAttemptAt: now() + nextDelay(sending.attempts, policy, random, retryAfter),
      });
    }
  }

  async function run() {
    const due = (await open())
      .filter((o) => (o.nextAttemptAt ?? 0) <= now())
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    for (const outcome of due) {
      // Re-read: an undo or discard may have happened while earlier ones were sent.
      const current = (await getOutcome(deps.db, outcome.id)) as QueuedOutcome | undefined;
      if (current && OPEN_STATES.has(current.delivery)) await attempt(current);
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
      const outcome = (await getOutcome(deps.db, id)) as QueuedOutcome | undefined;
      if (!outcome || outcome.delivery !== 'pending' || outcome.attempts > 0) return false;
      await save({ ...outcome, delivery: 'discarded', nextAttemptAt: undefined });
      await reschedule();
      return true;
    },

    async retry(id) {
      const outcome = (await getOutcome(deps.db, id)) as QueuedOutcome | undefined;
      if (!outcome) throw new Error('No such outcome.');
      if (outcome.delivery !== 'failed') return outcome;
      // A manual retry starts a fresh round of attempts; the earlier ones may have landed.
      const next: QueuedOutcome = {
        ...outcome,
        delivery: 'pending',
        attempts: 0,
        ambiguous: true,
        nextAttemptAt: now(),
      };
      await save(next);
      await reschedule();
      return next;
    },

    async discard(id) {
      const outcome = (await getOutcome(deps.db, id)) as QueuedOutcome | undefined;
      if (!outcome) throw new Error('No such outcome.');
      if (outcome.delivery === 'delivered') return outcome;
      const next: QueuedOutcome = { ...outcome, delivery: 'discarded', nextAttemptAt: undefined };
      await save(next);
      await reschedule();
      return next;
    },

    flush() {
      running ??= run().finally(() => {
        running = undefined;
      });
      return running.then(reschedule);
    },

    reschedule,
  };
}
