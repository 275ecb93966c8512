/**
 * Recording an outcome and delivering it, with the lead service and the connector faked: the
 * target decided once and honestly, a platform that cannot take the outcome refused at the
 * click, and a stale outcome that leaves a newer status alone.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Connector, WriteOptions } from '../connectors/types';
import type { LeadView } from '../model/view';
import { defaultSettings, type Settings } from '../settings/schema';
import { openLooplineDB, type DB } from '../store/db';
import { getDelivery, listDeliveries } from '../store/deliveries';
import { getOutcome } from '../store/outcomes';
import { createOutcomeHandlers } from './outcomes';
import { MessageError } from '../messaging/router';

const EMAIL = 'ada@example.com';
let n = 0;

function view(over: Partial<LeadView> = {}): LeadView {
  return {
    email: EMAIL,
    status: 'found',
    lead: { email: EMAIL, refs: [{ source: 'local', id: 'l1' }] },
    touchpoints: [],
    sources: [{ source: 'local', label: 'Local workspace', state: 'fresh' }],
    outcomes: [],
    sample: false,
    colleaguesEngaged: 0,
    ...over,
  };
}

/** `current()` is what the lead service answers now (tests change it as platforms answer). */
function setup(settings: Settings, current: () => LeadView) {
  let db: Promise<DB> | undefined;
  const dbOf = () => (db ??= openLooplineDB(`outcomes-bg-${++n}-${Math.random()}`));
  const writes: { target: string; options: WriteOptions }[] = [];
  const connector = (source: string): Connector =>
    ({
      lookup: async () => ({ email: EMAIL, refs: [{ source, id: '1' }] }),
      history: async () => [],
      test: async () => ({ ok: true, value: { detail: 'ok' } }),
      writeOutcome: vi.fn(async (_lead, _outcome, options: WriteOptions) => {
        writes.push({ target: source, options });
        return { receipt: `${source}:1` };
      }),
    }) as unknown as Connector;
  const get = vi.fn(async () => current());
  const handlers = createOutcomeHandlers({
    db: dbOf,
    settings: async () => settings,
    leads: async () => ({ get, idle: async () => {} }),
    push: () => {},
    connectorFor: async (source) => connector(source),
  });
  return { ...handlers, db: dbOf, writes, get };
}

/** Skip the wait before an outcome's next attempt (the undo window, a back-off). */
async function dueNow(db: DB, id: string) {
  for (const delivery of await listDeliveries(db, id))
    await db.put('deliveries', { ...delivery, nextAttemptAt: 0 });
}

beforeEach(() => {
  Object.assign(fakeBrowser.alarms, { create: async () => {}, clear: async () => true });
});

describe('recording an outcome', () => {
  it('refuses at the click an outcome the platform cannot take, saying what is missing and where', async () => {
    const settings = defaultSettings();
    settings.sources.marketo = {
      ...settings.sources.marketo,
      enabled: true,
      baseUrl: 'https://123-abc-456.mktorest.com',
      clientId: 'id',
      clientSecret: 'secret',
    };
    const { handlers, db } = setup(settings, () =>
      view({ lead: { email: EMAIL, refs: [{ source: 'marketo', id: '7' }] } }),
    );
    const refused = handlers.record({ leadEmail: EMAIL, kind: 'meeting_booked' });
    await expect(refused).rejects.toBeInstanceOf(MessageError);
    await expect(refused).rejects.toThrow(
      /“Meeting booked” cannot be written back to Marketo: .*status value.*Options → Outcomes; nothing was recorded/,
    );
    expect(await (await db()).count('outcomes')).toBe(0);
  });

  it('waits for the owner when a platform did not answer, instead of keeping the outcome local', async () => {
    const settings = defaultSettings();
    settings.sources.hubspot = { ...settings.sources.hubspot, enabled: true, token: 'pat-x' };
    const unanswered = view({
      sources: [
        { source: 'local', label: 'Local workspace', state: 'fresh' },
        {
          source: 'hubspot',
          label: 'HubSpot',
          state: 'offline',
          error: { kind: 'network', message: 'offline' },
        },
      ],
    });
    const known = view({ lead: { email: EMAIL, refs: [{ source: 'hubspot', id: '9' }] } });
    let answered = false;
    const { handlers, runtime, db, writes } = setup(settings, () => (answered ? known : unanswered));
    const recorded = await handlers.record({ leadEmail: EMAIL, kind: 'meeting_booked' });
    expect(recorded).toMatchObject({ delivery: 'pending', target: 'hubspot' });
    const d = await db();
    expect(await getDelivery(d, [recorded.id, 'hubspot'])).toMatchObject({ targetPending: true });

    const outbox = await runtime.outbox();
    // Still unanswered at the first attempt: it waits (pending, retried), nothing is written.
    await dueNow(d, recorded.id);
    await outbox.flush();
    expect(await getOutcome(d, recorded.id)).toMatchObject({
      delivery: 'pending',
      lastError: expect.stringMatching(/Waiting for HubSpot to answer/),
    });
    expect(writes).toEqual([]);

    // HubSpot answers and knows the lead: written there, once.
    answered = true;
    await dueNow(d, recorded.id);
    await outbox.flush();
    expect(await getOutcome(d, recorded.id)).toMatchObject({ delivery: 'delivered', target: 'hubspot' });
    expect(await getDelivery(d, [recorded.id, 'hubspot'])).toMatchObject({
      state: 'delivered',
      targetPending: false,
    });
    expect(writes.map((w) => w.target)).toEqual(['hubspot']);
  });

  it('a stale outcome writes its note but leaves the status a newer outcome set', async () => {
    const settings = defaultSettings();
    settings.sources.hubspot = { ...settings.sources.hubspot, enabled: true, token: 'pat-x' };
    const known = view({ lead: { email: EMAIL, refs: [{ source: 'hubspot', id: '9' }] } });
    const { handlers, runtime, db, writes } = setup(settings, () => known);
    const older = await handlers.record({ leadEmail: EMAIL, kind: 'meeting_booked' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await handlers.record({ leadEmail: EMAIL, kind: 'qualified' });
    const d = await db();
    for (const id of [newer.id, older.id]) await dueNow(d, id);
    await (await runtime.outbox()).flush();
    expect(writes).toHaveLength(2);
    const byOrder = writes.map((w) => w.options.skipStatus);
    // The newer one owns the status; the older one, delivered after it, does not touch it.
    expect(byOrder.sort()).toEqual([false, true]);
  });
});

describe('discarding an outcome', () => {
  it('says why when it cannot: delivered already', async () => {
    const settings = defaultSettings();
    settings.sources.hubspot = { ...settings.sources.hubspot, enabled: true, token: 'pat-x' };
    const known = view({ lead: { email: EMAIL, refs: [{ source: 'hubspot', id: '9' }] } });
    const { handlers, runtime, db } = setup(settings, () => known);
    const recorded = await handlers.record({ leadEmail: EMAIL, kind: 'meeting_booked' });
    const d = await db();
    for (const delivery of await d.getAllFromIndex('deliveries', 'byOutcome', recorded.id)) {
      await d.put('deliveries', { ...delivery, nextAttemptAt: 0 });
    }
    await (await runtime.outbox()).flush();
    await expect(handlers.discard(recorded.id)).rejects.toThrow(/delivered already; record a correction/);
    expect(await getOutcome(d, recorded.id)).toMatchObject({ delivery: 'delivered' });
  });
});
