/**
 * What each step does to an outcome's deliveries, as changes over stored values; the outbox
 * (./outbox.ts) applies them, each a compare-and-set in one IndexedDB transaction over the
 * deliveries and the outcomes (transitionDeliveries), which rewrites the outcome's aggregate
 * state with it:
 *   pending → sending → delivered | pending | failed
 *   pending (before any attempt) → undone, by undo, for all of the outcome's deliveries
 *   pending | failed → discarded, by discard, for all of them unless one is in flight
 *   failed → pending, by retry
 * `undone`, `discarded` and `delivered` are final. An undo or discard that loses a race to an attempt is
 * refused and says so; an attempt never overwrites a state it did not leave the delivery in.
 */
import { isConnectorError, type ConnectorError, type WriteReceipt } from '../connectors/types';
import type { Outcome, SourceId } from '../model';
import type { Delivery } from '../store/db';
import { nextDelay, type BackoffPolicy } from './backoff';

/** A platform to deliver an outcome to, or its likeliest one while the owner is not known. */
export type DeliveryTarget = SourceId | { target: SourceId; pending: true };

export const OPEN_STATES = new Set(['pending', 'sending']);

type Change = (current: Delivery) => Delivery;

/**
 * How long a failure says to leave the whole platform alone: throttling and quota answers name
 * the time (Retry-After, Marketo's 20 s window, midnight for a daily quota); nothing else does.
 */
export function platformPauseMs(error: unknown): number | undefined {
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

/** One delivery per target, the first the primary; each waits out the undo time first. */
export function newDeliveries(
  outcome: Outcome,
  targets: readonly DeliveryTarget[],
  nextAttemptAt: number,
): Delivery[] {
  const deliveries: Delivery[] = [];
  for (const [rank, entry] of targets.entries()) {
    const target = typeof entry === 'string' ? entry : entry.target;
    if (deliveries.some((d) => d.target === target)) continue;
    deliveries.push({
      outcomeId: outcome.id,
      target,
      rank,
      createdAt: outcome.createdAt,
      state: 'pending',
      attempts: 0,
      nextAttemptAt,
      ...(typeof entry !== 'string' && { targetPending: true }),
    });
  }
  return deliveries;
}

/**
 * The claimed delivery moved to the platform now known to own the lead (or dropped, when the
 * outcome has a delivery there already); undefined when the claim is no longer this one's.
 */
export function moveDelivery(
  current: readonly Delivery[],
  sending: Delivery,
  target: SourceId,
): { deliveries: Delivery[]; moved?: Delivery } | undefined {
  const found = current.find((d) => d.target === sending.target);
  if (found?.state !== 'sending' || found.attempts !== sending.attempts) return undefined;
  if (target !== found.target && current.some((d) => d.target === target)) {
    return { deliveries: current.filter((d) => d !== found) };
  }
  const moved: Delivery = { ...found, target, targetPending: false };
  return { deliveries: current.map((d) => (d === found ? moved : d)), moved };
}

export function delivered(receipt: WriteReceipt): Change {
  return (current) => ({
    ...current,
    state: 'delivered',
    receipt: receipt.receipt,
    lastError: undefined,
    ambiguous: false,
    nextAttemptAt: undefined,
  });
}

/** After a failed attempt: pending again with back-off, or failed for good. */
export function afterFailure(
  error: unknown,
  sending: Delivery,
  policy: BackoffPolicy,
  now: () => number,
  random: () => number,
): Change {
  const quota = waitsForQuota(error);
  const retryable = isConnectorError(error) ? error.retryable || quota : false;
  const message = error instanceof Error ? error.message : String(error);
  const ambiguous = isConnectorError(error) ? error.ambiguous || sending.ambiguous === true : true;
  const retryAfter = isConnectorError(error) ? error.retryAfterMs : undefined;
  const attempts = sending.attempts;
  return !retryable || (attempts >= policy.maxAttempts && !quota)
    ? (current) => ({
        ...current,
        state: 'failed',
        lastError: message,
        ambiguous,
        nextAttemptAt: undefined,
      })
    : (current) => ({
        ...current,
        state: 'pending',
        lastError: message,
        ambiguous,
        nextAttemptAt: now() + nextDelay(attempts, policy, random, retryAfter),
      });
}

/** Undo: all of them, and only before the first attempt of any (it may have reached its platform). */
export function undoAll(current: readonly Delivery[]): Delivery[] | undefined {
  return current.length > 0 && current.every((d) => d.state === 'pending' && d.attempts === 0)
    ? current.map((d) => ({ ...d, state: 'undone', nextAttemptAt: undefined }))
    : undefined;
}

/** A manual retry starts a fresh round of attempts; the earlier ones may have landed. */
export function retryFailed(current: readonly Delivery[], at: number): Delivery[] | undefined {
  return current.some((d) => d.state === 'failed')
    ? current.map((d) =>
        d.state === 'failed'
          ? { ...d, state: 'pending', attempts: 0, ambiguous: true, nextAttemptAt: at }
          : d,
      )
    : undefined;
}

/** Not while one is being sent (the attempt decides) and never what was delivered. */
export function discardOpen(current: readonly Delivery[]): Delivery[] | undefined {
  const discardable = (d: Delivery) => d.state === 'pending' || d.state === 'failed';
  return current.some(discardable) && !current.some((d) => d.state === 'sending')
    ? current.map((d) => (discardable(d) ? { ...d, state: 'discarded', nextAttemptAt: undefined } : d))
    : undefined;
}
