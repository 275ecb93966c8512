/** The staging slot an import writes into before one commit makes it the workspace's. */
import { unwrap } from 'idb';
import type { Touchpoint } from '../model';
import type { DB, TouchpointChunk, WorkspaceId } from './db';
import {
  blockTouchpoints,
  isBlock,
  blockRecord,
  packTouchpoints,
  segmentText,
  toBlocks,
  type PackedRows,
  unpackTouchpoints,
  type TouchpointBlock,
} from './touchpoint-blocks';
import { STAGING_KEY, type SlotState } from './touchpoint-keys';
import { slotRange, stateOf } from './touchpoint-layout';

/**
 * A fresh slot an import writes into, batch by batch, before it becomes the workspace's in one
 * step (or is discarded). The slot has the block layout (./touchpoint-blocks.ts): each batch is
 * one transaction of one record per block it touches, with relaxed durability (until the commit
 * nobody reads it, and a crash only leaves it for cleanUpTouchpointSlots). What is written is the
 * final layout: nothing is read back or rewritten unless the file repeats an id across batches.
 */
export interface TouchpointStaging {
  readonly slot: string;
  /** Touchpoints written so far. */
  readonly count: number;
  /** Batches written so far; `put` writes batch number `batches`. */
  readonly batches: number;
  /** Writes a batch. Not async: the touchpoints are packed before it returns. */
  put(touchpoints: readonly Touchpoint[]): Promise<void>;
  /** `put` for touchpoints packed one by one as they were read (an import's batch, copied). */
  putPacked(batch: PackedRows): Promise<void>;
  /**
   * Drops each listed id from the batches before the given one (a later row of the file carried
   * the same id and replaces it): only the records that hold one are rewritten. Stops, leaving
   * the staging to be discarded, when `signal` is aborted.
   */
  dropEarlier(
    latest: ReadonlyMap<string, number>,
    options?: { signal?: AbortSignal; onProgress?: (done: number, of: number) => void },
  ): Promise<void>;
  /** Copies the workspace's current touchpoints in, except those `replaced` says the file replaces. */
  carryOver(workspace: WorkspaceId, replaced: (id: string) => boolean): Promise<void>;
  state(): SlotState;
  /**
   * Each lead's latest touchpoint time in the slot (ISO), as the records written so far say
   * (their `lasts`); a touchpoint dropped by `dropEarlier` may leave a time later than what is
   * left. The commit keeps them with the company records (./lead-blocks.ts).
   */
  latest(): ReadonlyMap<string, string>;
  discard(): Promise<void>;
}

/** Blocks by default (tests; an import sizes them by its file, lib/workspace/import/write.ts). */
const STAGING_BLOCKS = 64;

/** Records read per request while rewriting or carrying over (a block holds many leads). */
const RECORDS_PER_READ = 32;
/** Touchpoints carried over per batch in merge mode. */
const CARRY_BATCH = 50_000;

export async function openTouchpointStaging(
  db: DB,
  workspace: WorkspaceId,
  blocks = STAGING_BLOCKS,
): Promise<TouchpointStaging> {
  const slot = `${workspace}~${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  {
    const tx = db.transaction('meta', 'readwrite');
    const listed = ((await tx.store.get(STAGING_KEY)) as string[] | undefined) ?? [];
    await tx.store.put([...listed, slot], STAGING_KEY);
    await tx.done;
  }
  let count = 0;
  let batches = 0;
  const latest = new Map<string, string>();

  function put(touchpoints: readonly Touchpoint[]): Promise<void> {
    if (touchpoints.length === 0) return Promise.resolve();
    // A block's records of one slot are told apart by batch: at most one per block and batch.
    const batch = batches++;
    count += touchpoints.length;
    return write(toBlocks(slot, blocks, () => batch, touchpoints));
  }

  function putPacked(packed: PackedRows): Promise<void> {
    if (packed.live === 0) return Promise.resolve();
    const batch = batches++;
    count += packed.live;
    return write(packed.toBlocks(slot, blocks, batch));
  }

  function write(records: readonly TouchpointBlock[]): Promise<void> {
    const tx = db.transaction('touchpoints', 'readwrite', { durability: 'relaxed' });
    // The raw store: idb's promise per request is not needed, a failed put fails tx.done.
    const raw = unwrap(tx.store) as IDBObjectStore;
    for (const record of records) {
      raw.put(record);
      for (let i = 0; i < record.leads.length; i++) {
        const lead = record.leads[i]!;
        const last = record.lasts[i]!;
        const known = latest.get(lead);
        if (known === undefined || last > known) latest.set(lead, last);
      }
    }
    return tx.done;
  }

  /** Each record of `from`, a page at a time, to `visit` within a read-write transaction. */
  async function eachRecord(
    from: string,
    visit: (record: TouchpointChunk | TouchpointBlock, raw: IDBObjectStore) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    let lower: IDBKeyRange = slotRange(from);
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const tx = db.transaction('touchpoints', 'readwrite', { durability: 'relaxed' });
      const page = await tx.store.getAll(lower, RECORDS_PER_READ);
      const raw = unwrap(tx.store) as IDBObjectStore;
      for (const record of page) visit(record, raw);
      await tx.done;
      const last = page[page.length - 1];
      if (!last || page.length < RECORDS_PER_READ) return;
      lower = IDBKeyRange.bound([from, last.leadEmail, last.seq], [from, []], true);
    }
  }

  return {
    slot,
    get count() {
      return count;
    },
    get batches() {
      return batches;
    },
    put,
    putPacked,
    async dropEarlier(latest, options = {}) {
      if (latest.size === 0) return;
      let done = 0;
      await eachRecord(
        slot,
        (record, raw) => {
          done++;
          if (!isBlock(record)) return;
          // Block records of a staging slot are numbered by batch.
          const batch = record.seq;
          let changed = false;
          const segments: { lead: string; last: string; text: string }[] = [];
          for (let i = 0; i < record.leads.length; i++) {
            const lead = record.leads[i]!;
            const text = segmentText(record, i);
            const items = unpackTouchpoints(lead, text);
            const kept = items.filter((t) => (latest.get(t.id) ?? -1) <= batch);
            if (kept.length === items.length) {
              segments.push({ lead, last: record.lasts[i]!, text });
              continue;
            }
            changed = true;
            count -= items.length - kept.length;
            if (kept.length === 0) continue;
            let last = '';
            for (const item of kept) if (item.occurredAt > last) last = item.occurredAt;
            segments.push({ lead, last, text: packTouchpoints(kept) });
          }
          if (!changed) return;
          if (segments.length === 0) raw.delete([slot, record.leadEmail, record.seq]);
          else raw.put(blockRecord(slot, Number(record.leadEmail.slice(1)), record.seq, segments));
        },
        options.signal,
      );
      options.onProgress?.(done, done);
    },
    async carryOver(workspace, replaced) {
      const { slot: from } = await stateOf(db.transaction('meta').store, workspace);
      let pending: Touchpoint[] = [];
      const flush = async () => {
        const batch = pending;
        pending = [];
        await put(batch);
      };
      let lower: IDBKeyRange = slotRange(from);
      for (;;) {
        const page = await db.getAll('touchpoints', lower, RECORDS_PER_READ);
        for (const record of page) {
          const items = isBlock(record) ? blockTouchpoints(record) : record.items;
          for (const item of items) if (!replaced(item.id)) pending.push(item);
        }
        if (pending.length >= CARRY_BATCH) await flush();
        const last = page[page.length - 1];
        if (!last || page.length < RECORDS_PER_READ) break;
        lower = IDBKeyRange.bound([from, last.leadEmail, last.seq], [from, []], true);
      }
      await flush();
    },
    state: () => ({ slot, count, blocks }),
    latest: () => latest,
    async discard() {
      const tx = db.transaction(['touchpoints', 'meta'], 'readwrite');
      await tx.objectStore('touchpoints').delete(slotRange(slot));
      const listed = ((await tx.objectStore('meta').get(STAGING_KEY)) as string[] | undefined) ?? [];
      await tx.objectStore('meta').put(
        listed.filter((s) => s !== slot),
        STAGING_KEY,
      );
      await tx.done;
    },
  };
}
