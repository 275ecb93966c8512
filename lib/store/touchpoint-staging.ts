/** The staging slot an import writes into before one commit makes it the workspace's. */
import { unwrap } from 'idb';
import type { Touchpoint } from '../model';
import type { DB, TouchpointChunk, WorkspaceId } from './db';
import { STAGING_KEY, type SlotState } from './touchpoint-keys';
import { leadRange, slotRange, stateOf, withItems } from './touchpoint-layout';
import { putTouchpointBatch } from './touchpoint-slots';

/**
 * A fresh slot an import writes into, batch by batch, before it becomes the workspace's in one
 * step (or is discarded). Each batch is its own transaction with relaxed durability: until the
 * commit nobody reads it, and a crash only leaves it for cleanUpTouchpointSlots.
 */
export interface TouchpointStaging {
  readonly slot: string;
  /** Touchpoints written so far. */
  readonly count: number;
  /** Batches written so far; `put` writes batch number `batches`. */
  readonly batches: number;
  put(touchpoints: readonly Touchpoint[]): Promise<void>;
  /**
   * Drops each listed id from the batches before the given one (a later row of the file carried
   * the same id and replaces it).
   */
  dropEarlier(latest: ReadonlyMap<string, number>): Promise<void>;
  /**
   * Parks a batch for `settle` to lay out: one record per partition of leads rather than one
   * per lead, so a batch in which each lead has a touchpoint or two costs a few dozen records,
   * not one per touchpoint. Batch numbers are shared with `put`.
   */
  stage(touchpoints: readonly Touchpoint[]): Promise<void>;
  /**
   * Lays out what `stage` parked, one partition at a time (memory holds a partition, not the
   * file): each lead's touchpoints of the whole file in one chunk (CHUNK_ITEMS at most), less
   * those a later batch replaced (`latest` as for `dropEarlier`). Stops, leaving the staging to
   * be discarded, when `signal` is aborted.
   */
  settle(
    latest: ReadonlyMap<string, number>,
    options?: { signal?: AbortSignal; onPartition?: (done: number, of: number) => void },
  ): Promise<void>;
  /** Copies the workspace's current touchpoints in, except those `replaced` says the file replaces. */
  carryOver(workspace: WorkspaceId, replaced: (id: string) => boolean): Promise<void>;
  state(): SlotState;
  discard(): Promise<void>;
}

/** Which of `partitions` a lead's staged touchpoints go to (FNV-1a of the address). */
function partitionOf(email: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < email.length; i++) h = Math.imul(h ^ email.charCodeAt(i), 0x01000193);
  return (h >>> 0) % partitions;
}

/**
 * Touchpoints per parked record: small enough that the browser stores the record inline (Chromium
 * moves values over 64 KB out to blob files, slow to write and to read back).
 */
const PARKED_ITEMS = 100;
/** A parked record's seq is batch × PIECES + its piece of the batch's partition. */
const PIECES = 1 << 20;

/** Partitions by default: a few tens of thousands of touchpoints each for a million-row file. */
export const STAGING_PARTITIONS = 64;

export async function openTouchpointStaging(
  db: DB,
  workspace: WorkspaceId,
  partitions = STAGING_PARTITIONS,
): Promise<TouchpointStaging> {
  const slot = `${workspace}~${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  /**
   * Where `stage` parks batches: records keyed [parked, partition, batch × PIECES + piece], each
   * holding the touchpoints of many leads. Listed as a staging slot by the first `stage`, in the same
   * transaction, so a crash leaves nothing behind that clean-up does not know of.
   */
  const parked = `${slot}+staged`;
  {
    const tx = db.transaction('meta', 'readwrite');
    const listed = ((await tx.store.get(STAGING_KEY)) as string[] | undefined) ?? [];
    await tx.store.put([...listed, slot], STAGING_KEY);
    await tx.done;
  }
  const partitionKey = (part: number) => `p${part}`;
  let staged = false;
  let count = 0;
  let seq = 0;
  /** The first seq of each batch. */
  const batchStarts: number[] = [];
  const batchOf = (chunkSeq: number) => {
    let lo = 0;
    let hi = batchStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (batchStarts[mid]! <= chunkSeq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  async function rewrite(edit: (chunk: TouchpointChunk) => Touchpoint[] | null): Promise<void> {
    let lower: IDBKeyRange = slotRange(slot);
    for (;;) {
      const tx = db.transaction('touchpoints', 'readwrite', { durability: 'relaxed' });
      const batch = await tx.store.getAll(lower, 2_000);
      const raw = unwrap(tx.store) as IDBObjectStore;
      for (const chunk of batch) {
        const items = edit(chunk);
        if (!items) continue;
        count -= chunk.items.length - items.length;
        if (items.length === 0) raw.delete([slot, chunk.leadEmail, chunk.seq]);
        else raw.put(withItems(chunk, items));
      }
      await tx.done;
      const last = batch[batch.length - 1];
      if (!last || batch.length < 2_000) return;
      lower = IDBKeyRange.bound([slot, last.leadEmail, last.seq], [slot, []], true);
    }
  }

  return {
    slot,
    get count() {
      return count;
    },
    get batches() {
      return batchStarts.length;
    },
    // Not async: the puts copy the batch before this returns, and the promise should not keep
    // the batch alive while the browser stores it.
    put(touchpoints) {
      if (touchpoints.length === 0) return Promise.resolve();
      batchStarts.push(seq);
      const tx = db.transaction('touchpoints', 'readwrite', { durability: 'relaxed' });
      seq = putTouchpointBatch(tx.store, slot, touchpoints, seq);
      count += touchpoints.length;
      return tx.done;
    },
    stage(touchpoints) {
      if (touchpoints.length === 0) return Promise.resolve();
      const batch = batchStarts.length;
      batchStarts.push(seq);
      const parts: Touchpoint[][] = [];
      for (const touchpoint of touchpoints) {
        const part = partitionOf(touchpoint.leadEmail, partitions);
        (parts[part] ??= []).push(touchpoint);
      }
      const tx = db.transaction(['touchpoints', 'meta'], 'readwrite', { durability: 'relaxed' });
      if (!staged) {
        staged = true;
        const meta = unwrap(tx.objectStore('meta'));
        meta.get(STAGING_KEY).onsuccess = (event) => {
          const listed = ((event.target as IDBRequest).result as string[] | undefined) ?? [];
          meta.put([...listed, parked], STAGING_KEY);
        };
      }
      const raw = unwrap(tx.objectStore('touchpoints'));
      parts.forEach((items, part) => {
        for (let from = 0, piece = 0; from < items.length; from += PARKED_ITEMS, piece++) {
          const record: TouchpointChunk = {
            slot: parked,
            leadEmail: partitionKey(part),
            seq: batch * PIECES + piece,
            last: '',
            items: items.slice(from, from + PARKED_ITEMS),
          };
          raw.put(record);
        }
      });
      return tx.done;
    },
    async settle(latest, options = {}) {
      if (!staged) return;
      for (let part = 0; part < partitions; part++) {
        if (options.signal?.aborted) throw options.signal.reason;
        const records = await db.getAll('touchpoints', leadRange(parked, partitionKey(part)));
        // Batch order: a lead's touchpoints keep the file's order within their chunk.
        const items: Touchpoint[] = [];
        for (const record of records) {
          for (const item of record.items) {
            const replacedIn = latest.size > 0 ? latest.get(item.id) : undefined;
            if (replacedIn === undefined || replacedIn <= Math.floor(record.seq / PIECES)) items.push(item);
          }
        }
        records.length = 0;
        if (items.length > 0) {
          const tx = db.transaction('touchpoints', 'readwrite', { durability: 'relaxed' });
          seq = putTouchpointBatch(tx.store, slot, items, seq);
          count += items.length;
          await tx.done;
        }
        options.onPartition?.(part + 1, partitions);
      }
    },
    async dropEarlier(latest) {
      if (latest.size === 0) return;
      await rewrite((chunk) => {
        const batch = batchOf(chunk.seq);
        if (!chunk.items.some((t) => (latest.get(t.id) ?? -1) > batch)) return null;
        return chunk.items.filter((t) => (latest.get(t.id) ?? -1) <= batch);
      });
    },
    async carryOver(workspace, replaced) {
      const { slot: from } = await stateOf(db.transaction('meta').store, workspace);
      let lower: IDBKeyRange = slotRange(from);
      for (;;) {
        const read = await db.getAll('touchpoints', lower, 2_000);
        const tx = db.transaction('touchpoints', 'readwrite', { durability: 'relaxed' });
        const raw = unwrap(tx.store) as IDBObjectStore;
        for (const chunk of read) {
          const items = chunk.items.filter((t) => !replaced(t.id));
          if (items.length === 0) continue;
          count += items.length;
          raw.put(withItems(chunk, items, { slot, seq: seq++ }));
        }
        await tx.done;
        const last = read[read.length - 1];
        if (!last || read.length < 2_000) return;
        lower = IDBKeyRange.bound([from, last.leadEmail, last.seq], [from, []], true);
      }
    },
    state: () => ({ slot, count }),
    async discard() {
      const tx = db.transaction(['touchpoints', 'meta'], 'readwrite');
      await tx.objectStore('touchpoints').delete(slotRange(slot));
      await tx.objectStore('touchpoints').delete(slotRange(parked));
      const listed = ((await tx.objectStore('meta').get(STAGING_KEY)) as string[] | undefined) ?? [];
      await tx.objectStore('meta').put(
        listed.filter((s) => s !== slot && s !== parked),
        STAGING_KEY,
      );
      await tx.done;
    },
  };
}
