/**
 * Writing touchpoints into slots: chunks a batch at a time, a workspace replaced whole, a staging
 * slot made current, and the clean-up of slots nobody reads any more.
 */
import { unwrap, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb';
import type { Touchpoint } from '../model';
import type { DB, LooplineDB, TouchpointChunk, WorkspaceId } from './db';
import { deleteSlotLeads } from './lead-blocks';
import { CHUNK_ITEMS, countKey, STAGING_KEY, type SlotState } from './touchpoint-keys';
import { slotRange, stateOf, WORKSPACES } from './touchpoint-layout';

/** The touchpoints store of a read-write transaction. */
export type ChunkStore = IDBPObjectStore<
  LooplineDB,
  ArrayLike<StoreNames<LooplineDB>>,
  'touchpoints',
  'readwrite'
>;

/**
 * Queues one chunk per lead (more for a lead with over CHUNK_ITEMS) without awaiting each put:
 * the transaction runs them in order, and a failed put fails the transaction. Returns the next
 * free `seq` (seqs only need to differ within a lead; one counter per slot is simplest).
 */
export function putTouchpointBatch(
  store: ChunkStore,
  slot: string,
  touchpoints: Iterable<Touchpoint>,
  seq: number,
): number {
  const byLead = new Map<string, Touchpoint[]>();
  for (const touchpoint of touchpoints) {
    const list = byLead.get(touchpoint.leadEmail);
    if (list) list.push(touchpoint);
    else byLead.set(touchpoint.leadEmail, [touchpoint]);
  }
  // The raw store: idb's promise per request costs more than the put itself at this volume.
  const raw = unwrap(store) as IDBObjectStore;
  for (const [leadEmail, items] of byLead) {
    for (let from = 0; from < items.length; from += CHUNK_ITEMS) {
      const part = from === 0 && items.length <= CHUNK_ITEMS ? items : items.slice(from, from + CHUNK_ITEMS);
      let last = '';
      for (const item of part) if (item.occurredAt > last) last = item.occurredAt;
      const chunk: TouchpointChunk = { slot, leadEmail, seq: seq++, last, items: part };
      raw.put(chunk);
    }
  }
  return seq;
}

type SlotTx = IDBPTransaction<LooplineDB, ArrayLike<StoreNames<LooplineDB>>, 'readwrite'>;

/**
 * Within a transaction: the touchpoints of `slot` become exactly `touchpoints`, in chunks;
 * returns how many there are, for the slot's state (the caller writes it, with the leads').
 */
export async function replaceTouchpoints(
  tx: SlotTx,
  slot: string,
  touchpoints: readonly Touchpoint[],
): Promise<number> {
  await tx.objectStore('touchpoints').delete(slotRange(slot));
  const unique = new Map<string, Touchpoint>();
  for (const touchpoint of touchpoints) unique.set(touchpoint.id, touchpoint);
  putTouchpointBatch(tx.objectStore('touchpoints'), slot, unique.values(), 0);
  return unique.size;
}

/**
 * Within a transaction: make a staging slot the workspace's, and mark the slot it replaces for
 * deletion (cleanUpTouchpointSlots; deleting a million records does not belong in the commit).
 */
export async function makeSlotCurrent(tx: SlotTx, workspace: WorkspaceId, next: SlotState): Promise<void> {
  const meta = tx.objectStore('meta');
  const { slot: old } = await stateOf(meta, workspace);
  const listed = ((await meta.get(STAGING_KEY)) as string[] | undefined) ?? [];
  await meta.put([...listed.filter((slot) => slot !== next.slot && slot !== old), old], STAGING_KEY);
  await meta.put(next, countKey(workspace));
}

/**
 * Deletes the records of every listed slot that is not a workspace's current one, touchpoints
 * and leads: imports that were cancelled, failed or crashed, and slots an import replaced. Call
 * it only while no import is writing (the import lock, lib/workspace/import/write.ts).
 */
export async function cleanUpTouchpointSlots(db: DB): Promise<number> {
  const meta = db.transaction('meta').store;
  const listed = ((await meta.get(STAGING_KEY)) as string[] | undefined) ?? [];
  if (listed.length === 0) return 0;
  const current = new Set((await Promise.all(WORKSPACES.map((w) => stateOf(meta, w)))).map((s) => s.slot));
  let deleted = 0;
  for (const slot of listed) {
    if (current.has(slot)) continue;
    const tx = db.transaction(['touchpoints', 'leadBlocks', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('touchpoints').delete(slotRange(slot)),
      deleteSlotLeads(tx.objectStore('leadBlocks'), slot),
    ]);
    const now = ((await tx.objectStore('meta').get(STAGING_KEY)) as string[] | undefined) ?? [];
    await tx.objectStore('meta').put(
      now.filter((s) => s !== slot),
      STAGING_KEY,
    );
    await tx.done;
    deleted++;
  }
  return deleted;
}
