/**
 * Time as the connectors see it. Timeouts and the rate limiter take a Clock so that tests can
 * drive time by hand instead of sleeping; the background uses the system clock.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Timers not yet fired. */
  readonly pending: number;
}

/** A clock that only moves when told to; for tests. */
export function createManualClock(start = Date.parse('2026-03-02T10:00:00.000Z')): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();

  const settle = async () => {
    // Several turns so that chains of awaits started by a timer get to run.
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => {
        timers.delete(id);
      };
    },
    get pending() {
      return timers.size;
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let nextId: number | undefined;
        let next: { at: number; fn: () => void } | undefined;
        for (const [id, timer] of timers) {
          if (timer.at <= target && (!next || timer.at < next.at || (timer.at === next.at && id < nextId!))) {
            next = timer;
            nextId = id;
          }
        }
        if (!next || nextId === undefined) break;
        timers.delete(nextId);
        now = Math.max(now, next.at);
        next.fn();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
