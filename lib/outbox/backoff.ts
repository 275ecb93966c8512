/** Exponential back-off with full jitter, bounded, honouring a platform's own retry hint. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 10 * 60_000, maxAttempts: 10 };

/**
 * Delay before attempt `attempt + 1`, given `attempt` failures so far (1-based). Full jitter
 * spreads retries from many tabs/outcomes so that they do not arrive at the platform together;
 * a platform's Retry-After is a floor, never shortened by jitter.
 */
export function nextDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
