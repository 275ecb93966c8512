/**
 * The durable write-back queue. An outcome and its deliveries (one per platform it goes to) are in
 * IndexedDB before anyone is told it is saved; each delivery is retried with back-off, driven by
 * an alarm so that it survives the service worker stopping and the browser restarting. The
 * outcome id is the idempotency key at every platform: a retry after an ambiguous failure asks
 * the connector to check for the earlier write first.
 *
 * Every change of a delivery's state is a compare-and-set that rewrites the outcome's aggregate
 * state with it; what each step changes, and which states it may change, is ./transitions.ts.
 *
 * Delivery runs one queue per platform (the delivery's `target`), each with the platform's own
 * concurrency (PLATFORM_LIMITS) and its own pause: a throttling or daily-quota answer holds
 * that platform's queue until the time the platform named, and no other. The connector's
 * limiter keeps each platform within its request rate; a queue waiting there waits alone.
 * Which deliveries are queued or in flight is memory only: the store stays the truth (a claim
 * re-reads the delivery), and a stopped worker leaves everything pending or sending for the
 * next one, which the lease alarm wakes.
 */
import { isLimitedPlatform, PLATFORM_LIMITS } from '../connectors/limiter';
import type { WriteReceipt } from '../connectors/types';
import type { Outcome, SourceId } from '../model';
import type { DB, Delivery, DeliveryKey, QueuedOutcome } from '../store/db';
import {
  asQueued,
  deliveryKey,
  putOutcomeWithDeliveries,
  transitionDeliveries,
  transitionDelivery,
} from '../store/deliveries';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import {
  afterFailure,
  delivered,
  discardOpen,
  moveDelivery,
  newDeliveries,
  OPEN_STATES,
  platformPauseMs,
  retryFailed,
  undoAll,
  type DeliveryTarget,
} from './transitions';

export type { Delivery, QueuedOutcome };
export type { DeliveryTarget };

export interface OutboxDeps {
  db: DB;
  /** Write the outcome to the platform `outcome.target` names (one delivery of it). */
  deliver: (outcome: QueuedOutcome, options: { checkFirst: boolean }) => Promise<WriteReceipt>;
  /**
   * For a delivery recorded while the lead's owner was not known (`targetPending`): the platform
   * to write to after all, decided at each attempt until it is known; throwing leaves it waiting
   * like a failed attempt. Without it, such a delivery goes to its likeliest target.
   */
  resolveTarget?: (outcome: QueuedOutcome) => Promise<SourceId>;
  /**
   * Ask to be woken at `whenMs` (an alarm), or not at all (`null`): the earliest due time, or the
   * lease while deliveries are queued or in flight, whichever is sooner.
   */
  schedule: (whenMs: number | null) => void;
  /** The outcome's aggregate after a change, and the delivery that changed (none: all of them). */
  onChange?: (outcome: Outcome, delivery?: Delivery) => void;
  now?: () => number;
  random?: () => number;
  policy?: BackoffPolicy;
  /** Seconds the user has to undo before the first attempt. */
  undoMs?: number;
  /** Deliveries in flight at once for a platform; its PLATFORM_LIMITS concurrency by default. */
  concurrency?: (target: SourceId) => number;
}

export interface Outbox {
  /** Store the outcome with one delivery per target (the first is its primary target). */
  enqueue(outcome: Outcome, targets: readonly DeliveryTarget[]): Promise<Outcome>;
  /** All of the outcome's deliveries, and only before the first attempt of any. */
  undo(id: string): Promise<boolean>;
  /** Its failed deliveries, afresh. */
  retry(id: string): Promise<Outcome>;
  /** Every delivery not yet made, unless one is in flight; what was delivered stays delivered. */
  discard(id: string): Promise<Outcome>;
  /**
   * Deliver everything due now. Concurrent calls share one run: a call during a run adds what
   * has become due since to it and resolves when the run has nothing left.
   */
  flush(): Promise<void>;
  /** Re-arm the alarm from what is stored (at worker start-up). */
  reschedule(): Promise<void>;
}

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

/** A delivery's key as one string, for the memory-only sets and queues. */
const keyOf = (delivery: Pick<Delivery, 'outcomeId' | 'target'>) =>
  `${delivery.outcomeId}|${delivery.target}`;

interface Lane {
  /** Due deliveries waiting for a slot, oldest first. */
  queue: DeliveryKey[];
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
  /** Deliveries this worker has queued or in flight (keyOf): the lease covers them, a scan skips them. */
  const held = new Set<string>();
  /** Earliest due time of the open deliveries not held, as last read (or lowered since). */
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

  /** When an open delivery may next be attempted: its own time, or its platform's pause. */
  function dueAt(delivery: Delivery): number {
    return Math.max(delivery.nextAttemptAt ?? 0, lanes.get(delivery.target)?.pausedUntil ?? 0);
  }

  /** Every open delivery, oldest outcome first, an outcome's primary target first. */
  async function open(): Promise<Delivery[]> {
    const [pending, sending] = await Promise.all([
      deps.db.getAllFromIndex('deliveries', 'byState', 'pending'),
      deps.db.getAllFromIndex('deliveries', 'byState', 'sending'),
    ]);
    return [...pending, ...sending].sort((a, b) =>
      a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? -1 : 1) : a.rank - b.rank,
    );
  }

  /**
   * Tell `schedule` the next wake-up: the earliest due time, and while this worker holds
   * deliveries, no later than the lease. An alarm already set for sooner than needed but at least
   * half a lease ahead is left alone, so that a run of hundreds does not re-arm per delivery.
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
    for (const delivery of await open())
      if (!held.has(keyOf(delivery))) wake = Math.min(wake, dueAt(delivery));
    nextWake = wake;
    arm(true);
  }

  /** Compare-and-set on one delivery, then tell whoever shows the outcome. */
  async function transition(
    key: DeliveryKey,
    allowed: (current: Delivery) => boolean,
    change: (current: Delivery) => Delivery,
  ) {
    const result = await transitionDelivery(deps.db, key, allowed, change);
    if (result.changed) deps.onChange?.(result.outcome, result.delivery);
    return result;
  }

  /** Compare-and-set on all of an outcome's deliveries at once (undo, retry, discard). */
  async function transitionAll(id: string, change: (current: readonly Delivery[]) => Delivery[] | undefined) {
    const result = await transitionDeliveries(deps.db, id, change);
    if (result.changed && result.outcome) deps.onChange?.(result.outcome);
    return result;
  }

  /** A delivery went back to waiting: make sure the alarm wakes for it. */
  function wakeFor(delivery: Delivery | undefined) {
    if (delivery && OPEN_STATES.has(delivery.state)) nextWake = Math.min(nextWake, dueAt(delivery));
  }

  /**
   * The owner of a lead recorded while it was not known is known now: the claimed delivery moves
   * to that platform's key (or goes, when the outcome has a delivery there already), in one
   * compare-and-set. Undefined when there is nothing left to send.
   */
  async function moveTo(sending: Delivery, target: SourceId) {
    let moved: Delivery | undefined;
    const result = await transitionDeliveries(deps.db, sending.outcomeId, (current) => {
      const change = moveDelivery(current, sending, target);
      moved = change?.moved;
      return change?.deliveries;
    });
    if (!result.changed || !result.outcome || !moved) return undefined;
    deps.onChange?.(result.outcome, moved);
    return { delivery: moved, outcome: result.outcome };
  }

  async function attempt(key: DeliveryKey) {
    // Claim it: "sending" is stored before the request, so a worker stopped during the request
    // leaves a trace, and the next run checks for the earlier write before repeating it. The
    // claim re-reads it: an undo, a discard or another attempt may have come first.
    let checkFirst = false;
    const claimed = await transition(
      key,
      (current) => OPEN_STATES.has(current.state) && dueAt(current) <= now(),
      (current) => {
        checkFirst = current.state === 'sending' || current.ambiguous === true;
        return { ...current, state: 'sending', attempts: current.attempts + 1 };
      },
    );
    if (!claimed.changed) return wakeFor(claimed.delivery);
    let sending = claimed.delivery;
    arm();
    let next: (current: Delivery) => Delivery;
    try {
      let outcome = asQueued(claimed.outcome, sending);
      if (sending.targetPending && deps.resolveTarget) {
        const moved = await moveTo(sending, await deps.resolveTarget(outcome));
        if (!moved) return;
        sending = moved.delivery;
        outcome = asQueued(moved.outcome, sending);
      }
      const receipt = await deps.deliver(outcome, { checkFirst });
      next = delivered(receipt);
    } catch (error) {
      const pauseMs = platformPauseMs(error);
      // The platform as a whole said to wait: its other deliveries wait too; other platforms do not.
      if (pauseMs !== undefined) {
        const lane = laneFor(sending.target);
        lane.pausedUntil = Math.max(lane.pausedUntil, now() + pauseMs);
      }
      next = afterFailure(error, sending, policy, now, random);
    }
    // Only the attempt that claimed it settles it: a state it did not leave is not overwritten.
    const settling = sending;
    const settled = await transition(
      deliveryKey(settling),
      (current) => current.state === 'sending' && current.attempts === settling.attempts,
      next,
    );
    wakeFor(settled.delivery);
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
      for (const [outcomeId, target] of lane.queue) held.delete(keyOf({ outcomeId, target }));
      if (lane.queue.length > 0) nextWake = Math.min(nextWake, lane.pausedUntil);
      lane.queue.length = 0;
      return;
    }
    while (lane.active < lane.limit && lane.queue.length > 0) {
      const key = lane.queue.shift()!;
      lane.active++;
      track(
        attempt(key)
          .catch((error: unknown) => {
            // Storage failed around this attempt: it stays open and a later run takes it up again.
            console.warn('Loopline: an outcome delivery could not be stored; it will be retried.', error);
          })
          .finally(() => {
            lane.active--;
            held.delete(keyOf({ outcomeId: key[0], target: key[1] }));
            pump(lane);
            arm();
          }),
      );
    }
  }

  /** Read what is open, queue what is due on its platform's queue, and note when the rest is. */
  async function scan() {
    const deliveries = await open();
    const t = now();
    let wake = Infinity;
    for (const delivery of deliveries) {
      if (held.has(keyOf(delivery))) continue;
      const due = dueAt(delivery);
      if (due > t) {
        wake = Math.min(wake, due);
        continue;
      }
      held.add(keyOf(delivery));
      laneFor(delivery.target).queue.push(deliveryKey(delivery));
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
    async enqueue(outcome, targets) {
      if (targets.length === 0) throw new Error('An outcome needs a platform to be delivered to.');
      const deliveries = newDeliveries(outcome, targets, now() + undoMs);
      const { receipt: _receipt, lastError: _lastError, ...canonical } = outcome;
      const stored = await putOutcomeWithDeliveries(deps.db, canonical, deliveries);
      deps.onChange?.(stored);
      await reschedule();
      return stored;
    },

    async undo(id) {
      const result = await transitionAll(id, undoAll);
      await reschedule();
      return result.changed;
    },

    async retry(id) {
      const result = await transitionAll(id, (current) => retryFailed(current, now()));
      if (!result.outcome) throw new Error('No such outcome.');
      await reschedule();
      return result.outcome;
    },

    async discard(id) {
      const result = await transitionAll(id, discardOpen);
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
