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
 *
 * Delivery runs one queue per platform (the outcome's `target`), each with the platform's own
 * concurrency (PLATFORM_LIMITS) and its own pause: a throttling or daily-quota answer holds
 * that platform's queue until the time the platform named, and no other. The connector's
 * limiter keeps each platform within its request rate; a queue waiting there waits alone.
 * Which outcomes are queued or in flight is memory only: the store stays the truth (a claim
 * re-reads the outcome), and a stopped worker leaves everything pending or sending for the
 * next one, which the lease alarm wakes.
 */
import { isLimitedPlatform, PLATFORM_LIMITS } from '../connectors/limiter';
import { isConnectorError, type ConnectorError, type WriteReceipt } from '../connectors/types';
import type { Outcome, SourceId } from '../model';
import type { DB, QueuedOutcome } from '../store/db';
import { putOutcome, transitionOutcome } from '../store/outcomes';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff';

export type { QueuedOutcome };

export interface OutboxDeps {
  db: DB;
  deliver: (outcome: QueuedOutcome, options: { checkFirst: boolean }) => Promise<WriteReceipt>;
  /**
   * Ask to be woken at `whenMs` (an alarm), or not at all (`null`): the earliest due time, or the
   * lease while deliveries are queued or in flight, whichever is sooner.
   */
  schedule: (whenMs: number | null) => void;
  onChange?: (outcome: QueuedOutcome) => void;
  now?: () => number;
  random?: () => number;
  policy?: BackoffPolicy;
  /** Seconds the user has to undo before the first attempt. */
  undoMs?: number;
  /** Deliveries in flight at once for a platform; its PLATFORM_LIMITS concurrency by default. */
  concurrency?: (target: SourceId) => number;
}

export interface Outbox {
  enqueue(outcome: Outcome | QueuedOutcome): Promise<QueuedOutcome>;
  undo(id: string): Promise<boolean>;
  retry(id: string): Promise<QueuedOutcome>;
  discard(id: string): Promise<QueuedOutcome>;
  /**
   * Deliver everything due now. Concurrent calls share one run: a call during a run adds what
   * has become due since to it and resolves when the run has nothing left.
   */
  flush(): Promise<void>;
  /** Re-arm the alarm from what is stored (at worker start-up). */
  reschedule(): Promise<void>;
}

const OPEN_STATES = new Set(['pending', 'sending']);

/**
 * While deliveries are queued or in flight an alarm stays armed at most this far ahead: if the
 * worker is stopped mid-run, the alarm wakes the next one to finish (checking first). A live
 * worker's own reschedule replaces it when the run ends.
 */
export const LEASE_MS = 30_000;

/** Deliveries in flight at once for a platform: as many as it takes requests at once; else one. */
export function deliveryConcurrency(target: SourceId): number {
  return isLimitedPlatform(target) ? PLATFORM_LIMITS[target].maxConcurrent : 1;
}

/**
 * How long a failure says to leave the whole platform alone: throttling and quota answers name
 * the time (Retry-After, Marketo's 20 s window, midnight for a daily quota); nothing else does.
 */
function platformPauseMs(error: unknown): number | undefined {
  if (!isConnectorError(error) || (error.kind !== 'rate_limited' && error.kind !== 'quota')) return undefined;
  return error.retryAfterMs !== undefined && error.retryAfterMs > 0 ? error.retryAfterMs : undefined;
}

/**
 * A daily quota is not a failure of the write: it is retried when the quota resets (the time
 * the error carries) and does not use up the attempts. ConnectorError.retryable leaves quota
 * out because a lookup cannot wait until midnight; a queued write can.
 */
function waitsForQuota(error: unknown): error is ConnectorError {
  return isConnectorError(error) && error.kind === 'quota' && platformPauseMs(error) !== undefined;
}

interface Lane {
  /** Due outcome ids waiting for a slot, oldest first. */
  queue: string[];
  active: number;
  limit: number;
  /** Nothing is claimed for this platform before then (a throttling or quota answer). */
  pausedUntil: number;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const policy = deps.policy ?? DEFAULT_BACKOFF;
  const undoMs = deps.undoMs ?? 5_000;
  const concurrency = deps.concurrency ?? deliveryConcurrency;

  const lanes = new Map<SourceId, Lane>();
  /** Outcomes this worker has queued or in flight: the lease covers them, a scan skips them. */
  const held = new Set<string>();
  /** Earliest due time of the open outcomes not held, as last read (or lowered since). */
  let nextWake = Infinity;
  /** What `schedule` was last told; undefined before the first call. */
  let armed: number | null | undefined;
  /** Tasks of the current run (scans and attempts); the run ends when none is left. */
  let work = 0;
  let running: Promise<void> | undefined;
  let endRun: (() => void) | undefined;
  let scanning = false;
  let scanAgain = false;

  function laneFor(target: SourceId): Lane {
    let found = lanes.get(target);
    if (!found) {
      found = { queue: [], active: 0, limit: Math.max(1, Math.floor(concurrency(target))), pausedUntil: 0 };
      lanes.set(target, found);
    }
    return found;
  }

  /** When an open outcome may next be attempted: its own time, or its platform's pause. */
  function dueAt(outcome: QueuedOutcome): number {
    return Math.max(outcome.nextAttemptAt ?? 0, lanes.get(outcome.target)?.pausedUntil ?? 0);
  }

  async function save(outcome: QueuedOutcome) {
    await putOutcome(deps.db, outcome);
    deps.onChange?.(outcome);
  }

  /** Every open outcome, oldest first. */
  async function open(): Promise<QueuedOutcome[]> {
    const [pending, sending] = await Promise.all([
      deps.db.getAllFromIndex('outcomes', 'byDelivery', 'pending'),
      deps.db.getAllFromIndex('outcomes', 'byDelivery', 'sending'),
    ]);
    return [...pending, ...sending].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  /**
   * Tell `schedule` the next wake-up: the earliest due time, and while this worker holds
   * outcomes, no later than the lease. An alarm already set for sooner than needed but at least
   * half a lease ahead is left alone, so that a run of hundreds does not re-arm per outcome.
   */
  function arm(force = false) {
    const t = now();
    const want = Math.min(nextWake, held.size > 0 ? t + LEASE_MS : Infinity);
    const when = Number.isFinite(want) ? want : null;
    if (!force && armed !== undefined) {
      if (armed === when) return;
      if (when !== null && armed !== null && armed <= when && armed >= t + LEASE_MS / 2) return;
    }
    armed = when;
    deps.schedule(when);
  }

  async function reschedule() {
    let wake = Infinity;
    for (const outcome of await open()) if (!held.has(outcome.id)) wake = Math.min(wake, dueAt(outcome));
    nextWake = wake;
    arm(true);
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

  /** An outcome went back to waiting: make sure the alarm wakes for it. */
  function wakeFor(outcome: QueuedOutcome | undefined) {
    if (outcome && OPEN_STATES.has(outcome.delivery)) nextWake = Math.min(nextWake, dueAt(outcome));
  }

  async function attempt(id: string) {
    // Claim it: "sending" is stored before the request, so a worker stopped during the request
    // leaves a trace, and the next run checks for the earlier write before repeating it. The
    // claim re-reads it: an undo, a discard or another attempt may have come first.
    let checkFirst = false;
    const claimed = await transition(
      id,
      (current) => OPEN_STATES.has(current.delivery) && dueAt(current) <= now(),
      (current) => {
        checkFirst = current.delivery === 'sending' || current.ambiguous === true;
        return { ...current, delivery: 'sending', attempts: current.attempts + 1 };
      },
    );
    if (!claimed.changed) return wakeFor(claimed.outcome);
    const sending = claimed.outcome;
    arm();
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
      const pauseMs = platformPauseMs(error);
      // The platform as a whole said to wait: its other outcomes wait too; other platforms do not.
      if (pauseMs !== undefined) {
        const lane = laneFor(sending.target);
        lane.pausedUntil = Math.max(lane.pausedUntil, now() + pauseMs);
      }
      const quota = waitsForQuota(error);
      const retryable = isConnectorError(error) ? error.retryable || quota : false;
      const message = error instanceof Error ? error.message : String(error);
      const ambiguous = isConnectorError(error) ? error.ambiguous || sending.ambiguous === true : true;
      const retryAfter = isConnectorError(error) ? error.retryAfterMs : undefined;
      next =
        !retryable || (sending.attempts >= policy.maxAttempts && !quota)
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
    const settled = await transition(
      id,
      (current) => current.delivery === 'sending' && current.attempts === sending.attempts,
      next,
    );
    wakeFor(settled.outcome);
  }

  /** Counts a task of the run; the run ends when the last one does. */
  function track(task: Promise<void>) {
    work++;
    void task.finally(() => {
      if (--work > 0) return;
      const end = endRun;
      endRun = undefined;
      running = undefined;
      end?.();
    });
  }

  /** Start what a platform's queue has room for, unless the platform is paused. */
  function pump(lane: Lane) {
    if (lane.pausedUntil > now()) {
      // Back to the store's care: they are due when the pause ends, and the alarm says so.
      for (const id of lane.queue) held.delete(id);
      if (lane.queue.length > 0) nextWake = Math.min(nextWake, lane.pausedUntil);
      lane.queue.length = 0;
      return;
    }
    while (lane.active < lane.limit && lane.queue.length > 0) {
      const id = lane.queue.shift()!;
      lane.active++;
      track(
        attempt(id)
          .catch((error: unknown) => {
            // Storage failed around this attempt: it stays open and a later run takes it up again.
            console.warn('Loopline: an outcome delivery could not be stored; it will be retried.', error);
          })
          .finally(() => {
            lane.active--;
            held.delete(id);
            pump(lane);
            arm();
          }),
      );
    }
  }

  /** Read what is open, queue what is due on its platform's queue, and note when the rest is. */
  async function scan() {
    const outcomes = await open();
    const t = now();
    let wake = Infinity;
    for (const outcome of outcomes) {
      if (held.has(outcome.id)) continue;
      const due = dueAt(outcome);
      if (due > t) {
        wake = Math.min(wake, due);
        continue;
      }
      held.add(outcome.id);
      laneFor(outcome.target).queue.push(outcome.id);
    }
    nextWake = wake;
    for (const lane of lanes.values()) pump(lane);
    arm();
  }

  /** One scan at a time; a request during one makes it read again when it ends. */
  function requestScan() {
    if (scanning) {
      scanAgain = true;
      return;
    }
    scanning = true;
    track(
      (async () => {
        try {
          do {
            scanAgain = false;
            await scan();
          } while (scanAgain);
        } catch (error) {
          console.warn('Loopline: the outbox could not be read; it will be tried again.', error);
        } finally {
          scanning = false;
        }
      })(),
    );
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
      running ??= new Promise<void>((resolve) => (endRun = resolve));
      const run = running;
      requestScan();
      // Whatever happened in the run, the alarm is re-armed from what is stored.
      return run.finally(reschedule);
    },

    reschedule,
  };
}
