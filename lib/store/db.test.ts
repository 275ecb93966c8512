import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { WriteReceipt } from '../connectors/types';
import { createOutbox, type QueuedOutcome } from '../outbox/outbox';
import { defaultSettings } from '../settings/schema';
import { loadSettings } from '../settings/store';
import { openLooplineDB } from './db';
import { listDeliveries } from './deliveries';
import { createVersion1Stores } from './frozen-schemas';

/** A database written by version 1, with one outcome on its way. */
async function writeVersion1(name: string) {
  const db = await openDB(name, 1, { upgrade: createVersion1Stores });
  const outcome = {
    id: '2b1f0c3e-8d2a-4f6b-9a51-0c7d3e2f1a00',
    leadEmail: 'ada@example.com',
    kind: 'meeting_booked',
    createdAt: '2026-11-02T10:00:00.000Z',
    by: 'Sam',
    target: 'hubspot',
    attribution: { touches: [] },
    delivery: 'pending',
    attempts: 0,
    nextAttemptAt: 1_000,
  };
  await db.put('outcomes', outcome);
  db.close();
  return outcome;
}

/** A database written by version 2 (version 1's stores and `settings`; frozen: never edit). */
async function writeVersion2(name: string, outcomes: readonly Record<string, unknown>[]) {
  const db = await openDB(name, 2, {
    upgrade(d) {
      createVersion1Stores(d);
      d.createObjectStore('settings');
    },
  });
  for (const outcome of outcomes) await db.put('outcomes', outcome);
  db.close();
}

/** An outcome as version 2 stored it, with one delivery's bookkeeping on the outcome itself. */
const v2Outcome = (n: number, over: Record<string, unknown>) => ({
  id: `2b1f0c3e-8d2a-4f6b-9a51-0c7d3e2f1a0${n}`,
  leadEmail: `lead${n}@example.com`,
  kind: 'meeting_booked',
  createdAt: `2026-11-02T10:00:0${n}.000Z`,
  by: 'Sam',
  target: 'hubspot',
  attribution: { touches: [] },
  ...over,
});

describe('openLooplineDB', () => {
  it('upgrades a database written by version 1, keeping its outcomes, and adds the settings store', async () => {
    const name = `db-upgrade-${Math.random().toString(36).slice(2)}`;
    const { nextAttemptAt, ...outcome } = await writeVersion1(name);
    const db = await openLooplineDB(name);
    expect(db.version).toBe(5);
    expect(await db.get('outcomes', outcome.id)).toEqual(outcome);
    expect(await db.getAllFromIndex('outcomes', 'byDelivery', 'pending')).toHaveLength(1);
    expect(await listDeliveries(db, outcome.id)).toEqual([
      {
        outcomeId: outcome.id,
        target: 'hubspot',
        rank: 0,
        createdAt: outcome.createdAt,
        state: 'pending',
        attempts: 0,
        nextAttemptAt,
      },
    ]);
    expect(await loadSettings(db)).toEqual({ settings: defaultSettings() });
    db.close();
  });

  it('upgrades a database written by version 2: one delivery per outcome on its way, which then proceeds', async () => {
    const name = `db-upgrade-v2-${Math.random().toString(36).slice(2)}`;
    const pending = v2Outcome(1, { delivery: 'pending', attempts: 0, nextAttemptAt: 1_000 });
    // The worker stopped while this one was being written.
    const sending = v2Outcome(2, { target: 'marketo', delivery: 'sending', attempts: 1 });
    const failed = v2Outcome(3, {
      target: 'rest',
      delivery: 'failed',
      attempts: 5,
      lastError: 'The endpoint answered 500.',
      ambiguous: true,
    });
    const delivered = v2Outcome(4, {
      delivery: 'delivered',
      attempts: 1,
      receipt: 'note-4',
      ambiguous: false,
    });
    const undone = v2Outcome(5, { delivery: 'discarded', attempts: 0 });
    const local = v2Outcome(6, { target: 'local', delivery: 'local', attempts: 0 });
    const waiting = v2Outcome(7, {
      delivery: 'pending',
      attempts: 1,
      lastError: 'Waiting for HubSpot to answer.',
      nextAttemptAt: 2_000,
      ambiguous: false,
      targetPending: true,
    });
    const all = [pending, sending, failed, delivered, undone, local, waiting];
    await writeVersion2(name, all);

    const db = await openLooplineDB(name);
    expect(db.version).toBe(5);
    const delivery = (o: ReturnType<typeof v2Outcome>, state: string, over: Record<string, unknown>) => ({
      outcomeId: o.id,
      target: o.target,
      rank: 0,
      createdAt: o.createdAt,
      state,
      ...over,
    });
    expect(await db.getAll('deliveries')).toEqual(
      [
        delivery(pending, 'pending', { attempts: 0, nextAttemptAt: 1_000 }),
        delivery(sending, 'sending', { attempts: 1 }),
        delivery(failed, 'failed', { attempts: 5, lastError: 'The endpoint answered 500.', ambiguous: true }),
        delivery(delivered, 'delivered', { attempts: 1, receipt: 'note-4', ambiguous: false }),
        delivery(waiting, 'pending', {
          attempts: 1,
          lastError: 'Waiting for HubSpot to answer.',
          nextAttemptAt: 2_000,
          ambiguous: false,
          targetPending: true,
        }),
      ].sort((a, b) => (a.outcomeId < b.outcomeId ? -1 : 1)),
    );
    // The outcomes keep their canonical fields and aggregate; the bookkeeping moved out.
    for (const o of all) {
      const {
        nextAttemptAt: _n,
        ambiguous: _a,
        targetPending: _t,
        ...canonical
      } = o as Record<string, unknown>;
      expect(await db.get('outcomes', o.id)).toEqual(canonical);
    }

    // Delivery proceeds from there: each open one once (the interrupted one checking first),
    // the failed one when retried, the undone and local ones never.
    const sent: { id: string; target: string; checkFirst: boolean }[] = [];
    const outbox = createOutbox({
      db,
      deliver: async (o: QueuedOutcome, { checkFirst }): Promise<WriteReceipt> => {
        sent.push({ id: o.id, target: o.target, checkFirst });
        return { receipt: `${o.target}-${o.id}` };
      },
      resolveTarget: async () => 'mailchimp',
      schedule: () => {},
      now: () => 10_000,
    });
    await outbox.flush();
    expect(sent.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { id: pending.id, target: 'hubspot', checkFirst: false },
      { id: sending.id, target: 'marketo', checkFirst: true },
      { id: waiting.id, target: 'mailchimp', checkFirst: false },
    ]);
    await outbox.retry(failed.id);
    await outbox.flush();
    expect(sent.at(-1)).toEqual({ id: failed.id, target: 'rest', checkFirst: true });
    expect(sent).toHaveLength(4);
    const states = await Promise.all(all.map(async (o) => (await db.get('outcomes', o.id))?.delivery));
    expect(states).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'delivered',
      'discarded',
      'local',
      'delivered',
    ]);
    expect(await db.get('outcomes', waiting.id)).toMatchObject({
      target: 'mailchimp',
      receipt: `mailchimp-${waiting.id}`,
    });
    expect(await db.countFromIndex('deliveries', 'byState', 'delivered')).toBe(5);
    db.close();
  });
});
