/**
 * The outbox benchmark's simulation (outbox.ts): a discrete-event clock that jumps to the next
 * timer once all real async work has settled, and the fake platform as a fetch with simulated
 * latency and each vendor's documented limits enforced.
 */
import type { Clock } from '../../lib/connectors/clock';
import { DOCUMENTED_LIMITS } from '../../lib/connectors/limiter';
import type { FetchLike } from '../../lib/connectors/types';
import { mulberry32 } from '../../lib/sample/prng';
import { asFetch, type FakePlatform, type FaultSpec } from '../fake-platform';

export const PLATFORMS = ['hubspot', 'marketo', 'mailchimp'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const LATENCY_MS = { min: 80, max: 150 };
/** A run that has not finished by then (simulated) is stuck. */
const SIMULATED_LIMIT_MS = 30 * 60_000;

export interface SimulatedClock extends Clock {
  /** Runs timers in time order, each once everything it started has settled, until `done()`. */
  runUntil(done: () => boolean): Promise<void>;
}

/** Resolves once no setImmediate is pending twice in a row: all real async work has settled. */
async function quiesce(): Promise<void> {
  for (let idle = 0; idle < 2;) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    idle = process.getActiveResourcesInfo().includes('Immediate') ? 0 : idle + 1;
  }
}

export function createSimulatedClock(start: number): SimulatedClock {
  let now = start;
  let seq = 0;
  /** Sorted by time, then by order of creation. */
  const timers: { at: number; seq: number; fn: () => void; cancelled: boolean }[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(0, ms), seq: ++seq, fn, cancelled: false };
      let lo = 0;
      let hi = timers.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (timers[mid]!.at <= timer.at) lo = mid + 1;
        else hi = mid;
      }
      timers.splice(lo, 0, timer);
      return () => {
        timer.cancelled = true;
      };
    },
    async runUntil(done) {
      for (;;) {
        await quiesce();
        if (done()) return;
        const next = timers.shift();
        if (!next) throw new Error('outbox bench: nothing left to wait for, but the run is not done');
        if (next.cancelled) continue;
        if (next.at - start > SIMULATED_LIMIT_MS)
          throw new Error(`outbox bench: not done after ${SIMULATED_LIMIT_MS / 60_000} simulated minutes`);
        now = Math.max(now, next.at);
        next.fn();
      }
    },
  };
}

export function perPlatform<T>(make: (platform: Platform, index: number) => T): Record<Platform, T> {
  return { hubspot: make('hubspot', 0), marketo: make('marketo', 1), mailchimp: make('mailchimp', 2) };
}

export function platformOf(url: string): Platform {
  const host = new URL(url).host;
  if (host.endsWith('hubapi.com')) return 'hubspot';
  if (host.endsWith('mktorest.com')) return 'marketo';
  if (host.endsWith('api.mailchimp.com')) return 'mailchimp';
  throw new Error(`outbox bench: no platform at ${host}`);
}

export interface PlatformTraffic {
  requests: number;
  latencyMs: number;
  throttled: number;
  inFlight: number;
  starts: number[];
}

/**
 * The fake platform as a fetch, with each request's latency drawn from the range and each
 * vendor's documented limits enforced: a request past them gets the vendor's throttling answer.
 */
export function limitedFetch(platform: FakePlatform, clock: Clock) {
  const fakeFetch = asFetch(platform);
  const random = perPlatform((_, i) => mulberry32(0x0b0c + i));
  const traffic = perPlatform((): PlatformTraffic => ({
    requests: 0,
    latencyMs: 0,
    throttled: 0,
    inFlight: 0,
    starts: [],
  }));
  /** When (simulated epoch ms) Marketo is to answer 606 once, and when it did. */
  const marketoThrottle: { from?: number; at?: number } = {};

  const fetch: FetchLike = (input, init) => {
    const name = platformOf(input);
    const limits = DOCUMENTED_LIMITS[name];
    const seen = traffic[name];
    const t = clock.now();
    if (limits.perWindow !== undefined)
      while (seen.starts.length > 0 && seen.starts[0]! <= t - limits.windowMs) seen.starts.shift();
    let answer: FaultSpec | undefined;
    if (limits.maxConcurrent !== undefined && seen.inFlight >= limits.maxConcurrent) {
      answer = name === 'marketo' ? { kind: 'marketo_error', code: 615 } : { kind: 'rate_limit' };
    } else if (limits.perWindow !== undefined && seen.starts.length >= limits.perWindow) {
      answer = name === 'marketo' ? { kind: 'marketo_error', code: 606 } : { kind: 'rate_limit' };
    }
    if (answer) seen.throttled++;
    else if (
      name === 'marketo' &&
      marketoThrottle.from !== undefined &&
      marketoThrottle.at === undefined &&
      t >= marketoThrottle.from &&
      input.includes('/rest/')
    ) {
      marketoThrottle.at = t;
      answer = { kind: 'marketo_error', code: 606 };
    }
    // Registered just before the fake handles the request (the same synchronous stretch), so
    // that they apply to this request and no other.
    const ms = Math.round(LATENCY_MS.min + random[name]() * (LATENCY_MS.max - LATENCY_MS.min));
    platform.fault({ kind: 'latency', ms, host: name, times: 1 });
    if (answer) platform.fault({ ...answer, host: name, times: 1 });
    seen.starts.push(t);
    seen.requests++;
    seen.latencyMs += ms;
    seen.inFlight++;
    return fakeFetch(input, init).finally(() => seen.inFlight--);
  };
  return { fetch, traffic, marketoThrottle };
}

