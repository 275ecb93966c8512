/** The outbox's test setup: a fresh database, outcomes, a scripted platform, an outbox on a manual clock. */
import { vi } from 'vitest';
import { ConnectorError, type WriteReceipt } from '../connectors/types';
import type { Outcome, SourceId } from '../model';
import { openLooplineDB } from '../store/db';
import { createOutbox, type OutboxDeps, type QueuedOutcome } from './outbox';

let n = 0;
export const freshDb = () => openLooplineDB(`outbox-test-${++n}`);

export const outcome = (i = 0, target: SourceId = 'hubspot'): Outcome => ({
  id: crypto.randomUUID(),
  leadEmail: `lead${i}@example.com`,
  kind: 'meeting_booked',
  createdAt: new Date(1_000 + i).toISOString(),
  by: 'Sam',
  target,
  attribution: { touches: [] },
  delivery: 'pending',
  attempts: 0,
});

/**
 * A platform that records writes by outcome id, like a real one would (one note per write),
 * with a script of faults. `checkFirst` deliveries look for an earlier write, as the
 * connectors do where the platform has no idempotency header.
 */
export function fakePlatform() {
  const writes: string[] = [];
  const faults: ('500' | '429' | 'timeout-after-write' | 'network' | 'auth')[] = [];
  const deliver = vi.fn(
    async (o: QueuedOutcome, { checkFirst }: { checkFirst: boolean }): Promise<WriteReceipt> => {
      if (checkFirst && writes.includes(o.id)) return { receipt: `note-${o.id}`, alreadyDone: true };
      const fault = faults.shift();
      if (fault === '500') throw new ConnectorError('hubspot', 'server', 'HubSpot answered 500.');
      if (fault === '429')
        throw new ConnectorError(
          'hubspot',
          'rate_limited',
          'HubSpot throttled (TEN_SECONDLY_ROLLING).',
          10_000,
        );
      if (fault === 'network') throw new ConnectorError('hubspot', 'network', 'Network down.');
      if (fault === 'auth') throw new ConnectorError('hubspot', 'auth', 'HubSpot rejected the token (401).');
      writes.push(o.id);
      if (fault === 'timeout-after-write')
        throw new ConnectorError('hubspot', 'timeout', 'No answer within 20 s.', undefined, true);
      return { receipt: `note-${o.id}` };
    },
  );
  return { writes, faults, deliver };
}

export async function setup(extra: Partial<OutboxDeps> = {}) {
  let clock = 10_000;
  const db = await freshDb();
  const platform = fakePlatform();
  const scheduled: (number | null)[] = [];
  const outbox = createOutbox({
    db,
    deliver: platform.deliver,
    schedule: (when) => scheduled.push(when),
    now: () => clock,
    random: () => 0.5,
    ...extra,
  });
  /** Advance the clock to the next scheduled time and flush, like the alarm would. */
  const tick = async () => {
    const next = scheduled.at(-1);
    if (next !== null && next !== undefined) clock = Math.max(clock, next);
    await outbox.flush();
  };
  return { db, outbox, platform, scheduled, tick, advance: (ms: number) => (clock += ms) };
}
