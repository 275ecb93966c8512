/**
 * A per-platform request limiter: at most `maxConcurrent` requests in flight and at most
 * `perWindow` requests started in any sliding `windowMs`. Connectors share one per platform so
 * that a burst (five tabs, an outbox catching up) queues instead of storming the API and
 * earning a 429. After a throttling answer the platform can be paused as a whole.
 */
import { systemClock, type Clock } from './clock';
import type { PlatformLimits } from './definition';
import { REMOTE_PLATFORMS, type RemotePlatformId } from './registry';

export interface LimiterOptions {
  maxConcurrent: number;
  /** `Infinity` where the platform documents no rate, only a concurrency cap. */
  perWindow: number;
  windowMs: number;
  clock?: Clock;
}

export interface Limiter {
  /** Runs `task` when a slot is free. Aborting `signal` while queued rejects without running it. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Holds every request not yet started until `ms` from now (after a 429 or Marketo 606). */
  pause(ms: number): void;
  readonly active: number;
  readonly queued: number;
  /** Highest number of tasks that were ever running at once; for tests and benchmarks. */
  readonly peakActive: number;
}

interface Waiter {
  start: () => void;
  reject: (reason: unknown) => void;
  detach: () => void;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function createLimiter(options: LimiterOptions): Limiter {
  const clock = options.clock ?? systemClock;
  const maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
  const perWindow = Number.isFinite(options.perWindow)
    ? Math.max(1, Math.floor(options.perWindow))
    : Infinity;
  const windowMs = Math.max(0, options.windowMs);
  const queue: Waiter[] = [];
  /** Start times of requests within the current window, oldest first. */
  const starts: number[] = [];
  let active = 0;
  let peakActive = 0;
  let pausedUntil = 0;
  let cancelWake: (() => void) | undefined;
  let wakeAt = Infinity;

  const prune = (now: number) => {
    while (starts.length > 0 && starts[0]! <= now - windowMs) starts.shift();
  };

  const wakeLater = (at: number) => {
    if (at >= wakeAt) return;
    cancelWake?.();
    wakeAt = at;
    cancelWake = clock.setTimeout(
      () => {
        cancelWake = undefined;
        wakeAt = Infinity;
        pump();
      },
      Math.max(0, at - clock.now()),
    );
  };

  function pump(): void {
    for (;;) {
      if (queue.length === 0 || active >= maxConcurrent) return;
      const now = clock.now();
      if (now < pausedUntil) return wakeLater(pausedUntil);
      if (perWindow !== Infinity) {
        prune(now);
        if (starts.length >= perWindow) return wakeLater(starts[0]! + windowMs);
        starts.push(now);
      }
      const waiter = queue.shift()!;
      waiter.detach();
      active++;
      peakActive = Math.max(peakActive, active);
      waiter.start();
    }
  }

  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(abortReason(signal!));
        };
        const waiter: Waiter = {
          start: () => {
            let settled: Promise<T>;
            try {
              settled = task();
            } catch (error) {
              settled = Promise.reject(error);
            }
            settled.then(resolve, reject).finally(() => {
              active--;
              pump();
            });
          },
          reject,
          detach: () => signal?.removeEventListener('abort', onAbort),
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    pause(ms) {
      if (!(ms > 0)) return;
      pausedUntil = Math.max(pausedUntil, clock.now() + ms);
      // A shorter wake-up may already be set; replace it with the end of the pause.
      if (wakeAt < pausedUntil) {
        cancelWake?.();
        cancelWake = undefined;
        wakeAt = Infinity;
      }
      pump();
    },
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    get peakActive() {
      return peakActive;
    },
  };
}

/**
 * Each platform's limits live in its definition (lib/connectors/<platform>/definition.ts, with
 * the vendor's page that documents them): what the vendor documents per account, and what
 * Loopline holds itself to, the documented figures with margin or, where a vendor documents
 * nothing, a modest figure of our own. The outbox's per-platform concurrency and the outbox
 * bench's fake platform read them from here.
 */
export type LimitedPlatform = RemotePlatformId;

export const DOCUMENTED_LIMITS = Object.fromEntries(
  REMOTE_PLATFORMS.map((p) => [p.id, p.limits.documented]),
) as Record<LimitedPlatform, PlatformLimits['documented']>;

export const PLATFORM_LIMITS = Object.fromEntries(
  REMOTE_PLATFORMS.map((p) => [p.id, p.limits.applied]),
) as Record<LimitedPlatform, PlatformLimits['applied']>;

export function isLimitedPlatform(source: string): source is LimitedPlatform {
  return Object.prototype.hasOwnProperty.call(PLATFORM_LIMITS, source);
}

export function createPlatformLimiter(platform: LimitedPlatform, clock?: Clock): Limiter {
  return createLimiter({ ...PLATFORM_LIMITS[platform], clock });
}
