/**
 * The touchpoint repository: every read and write of the `touchpoints` store goes through here,
 * so its layout is decided in one place.
 *
 * Layout (schema version 4): records are chunks keyed `[slot, leadEmail, seq]`, each holding one
 * lead's touchpoints from one write. A workspace's touchpoints live in one slot; `meta` says
 * which (`touchpoints:<workspace>` → {slot, count}) and the slot is the workspace's own name
 * until an import replaces it. An import writes batch after batch into a fresh staging slot that
 * no reader looks at, then makes it current in the same transaction that writes the leads (see
 * ../store/workspace.ts `commitStaging`): cancelling or crashing before that leaves the earlier
 * data as it was, and a staging slot left behind is deleted by `cleanUpTouchpointSlots`.
 *
 * Readers see exactly what the version 3 index gave them: a lead's touchpoints from every
 * workspace, ordered by `occurredAt` and then by `${workspace}:${id}`.
 */
import { unwrap, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb';
import type { Touchpoint } from '../model';
import type { DB, LooplineDB, TouchpointChunk, WorkspaceId } from './db';
import { CHUNK_ITEMS, countKey, STAGING_KEY, type SlotState } from './touchpoint-keys';

export { CHUNK_ITEMS };

/** In the order of the version 3 keys (`imported:…` before `sample:…`). */
export const WORKSPACES: readonly WorkspaceId[] = ['imported', 'sample'];

/** A touchpoint with the workspace it is stored in. */
export type WorkspaceTouchpoint = Touchpoint & { workspace: WorkspaceId };

type MetaStore = Pick<IDBPObjectStore<LooplineDB, ['meta'], 'meta', 'readonly'>, 'get'>;

/** Every key of one slot: arrays sort after strings, so `[slot, []]` is above any e-mail. */
const slotRange = (slot: string) => IDBKeyRange.bound([slot], [slot, []]);
const leadRange = (slot: string, email: string) => IDBKeyRange.bound([slot, email], [slot, email, []]);

async function stateOf(meta: MetaStore, workspace: WorkspaceId): Promise<SlotState> {
  const state = (await meta.get(countKey(workspace))) as SlotState | undefined;
  return state ?? { slot: workspace, count: 0 };
}

/** Oldest first; ties as the version 3 primary key broke them. */
function compareTouch(a: WorkspaceTouchpoint, b: WorkspaceTouchpoint): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  if (a.workspace !== b.workspace) return a.workspace < b.workspace ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The chunk holding `items` instead, its `last` recomputed. */
function withItems(
  chunk: TouchpointChunk,
  items: Touchpoint[],
  change: Partial<TouchpointChunk> = {},
): TouchpointChunk {
  let last = '';
  for (const item of items) if (item.occurredAt > last) last = item.occurredAt;
  return { ...chunk, ...change, items, last };
}

function strip({ workspace: _workspace, ...touchpoint }: WorkspaceTouchpoint): Touchpoint {
  return touchpoint;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface Span {
  /** Inclusive lower bound on `occurredAt` (ISO). */
  start?: string;
  /** Exclusive upper bound on `occurredAt` (ISO). */
  end?: string;
}

const inSpan = (at: string, span: Span) =>
  (span.start === undefined || at >= span.start) && (span.end === undefined || at < span.end);

/**
 * Each lead's touchpoints in the span, oldest first, lead after lead in the order given; a few
 * hundred leads per transaction, one key range per lead and workspace.
 */
export async function eachTouchpointOfLeads(
  db: DB,
  emails: readonly string[],
  span: Span,
  visit: (touchpoint: WorkspaceTouchpoint) => void,
  leadsPerTransaction = 500,
): Promise<void> {
  for (let i = 0; i < emails.length; i += leadsPerTransaction) {
    const tx = db.transaction(['touchpoints', 'meta']);
    const states = await Promise.all(WORKSPACES.map((w) => stateOf(tx.objectStore('meta'), w)));
    const store = tx.objectStore('touchpoints');
    const lists = await Promise.all(
      emails.slice(i, i + leadsPerTransaction).map(async (email) => {
        const perWorkspace = await Promise.all(
          states.map((state) => store.getAll(leadRange(state.slot, email))),
        );
        const found: WorkspaceTouchpoint[] = [];
        perWorkspace.forEach((chunks, w) => {
          const workspace = WORKSPACES[w]!;
          for (const chunk of chunks) {
            if (span.start !== undefined && chunk.last < span.start) continue;
            for (const item of chunk.items)
              if (inSpan(item.occurredAt, span)) found.push({ ...item, workspace });
          }
        });
        return found.sort(compareTouch);
      }),
    );
    for (const list of lists) for (const touchpoint of list) visit(touchpoint);
  }
}

/** One lead's touchpoints since a date, newest first, from every workspace. */
export async function touchpointsOfLead(db: DB, email: string, since?: Date): Promise<Touchpoint[]> {
  const found: WorkspaceTouchpoint[] = [];
  await eachTouchpointOfLeads(db, [email], { start: since?.toISOString() }, (t) => found.push(t));
  found.reverse();
  return found.map(strip);
}

/** Whether the lead has a touchpoint on or after `since` in any workspace. */
export async function hasTouchpointSince(db: DB, email: string, since: Date): Promise<boolean> {
  const tx = db.transaction(['touchpoints', 'meta']);
  const iso = since.toISOString();
  for (const workspace of WORKSPACES) {
    const { slot } = await stateOf(tx.objectStore('meta'), workspace);
    const chunks = await tx.objectStore('touchpoints').getAll(leadRange(slot, email));
    if (chunks.some((chunk) => chunk.last >= iso)) return true;
  }
  return false;
}

/** The earliest touchpoint of each lead that has any (a sign that a history exists). */
export async function earliestTouchpoints(db: DB, emails: readonly string[]): Promise<WorkspaceTouchpoint[]> {
  const earliest = new Map<string, WorkspaceTouchpoint>();
  await eachTouchpointOfLeads(db, emails, {}, (t) => {
    if (!earliest.has(t.leadEmail)) earliest.set(t.leadEmail, t);
  });
  return [...earliest.values()];
}

/**
 * Every touchpoint of every workspace, a batch of chunks per request, in no particular order
 * (a lead's touchpoints arrive together, chunk by chunk).
 */
export async function eachTouchpoint(
  db: DB,
  visit: (touchpoint: WorkspaceTouchpoint) => void,
  chunksPerRequest = 2_000,
): Promise<void> {
  for (const workspace of WORKSPACES) {
    const { slot } = await stateOf(db.transaction('meta').store, workspace);
    let lower: IDBKeyRange = slotRange(slot);
    for (;;) {
      const batch = await db.getAll('touchpoints', lower, chunksPerRequest);
      for (const chunk of batch) for (const item of chunk.items) visit({ ...item, workspace });
      const last = batch[batch.length - 1];
      if (!last || batch.length < chunksPerRequest) break;
      lower = IDBKeyRange.bound([slot, last.leadEmail, last.seq], [slot, []], true);
    }
  }
}

/** Every touchpoint, ordered by workspace and id as the version 3 store was. */
export async function allTouchpoints(db: DB): Promise<WorkspaceTouchpoint[]> {
  const all: WorkspaceTouchpoint[] = [];
  await eachTouchpoint(db, (t) => all.push(t));
  return all.sort((a, b) =>
    a.workspace !== b.workspace
      ? a.workspace < b.workspace
        ? -1
        : 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0,
  );
}

export async function touchpointCount(db: DB, workspace?: WorkspaceId): Promise<number> {
  const meta = db.transaction('meta').store;
  const states = await Promise.all((workspace ? [workspace] : WORKSPACES).map((w) => stateOf(meta, w)));
  return states.reduce((sum, state) => sum + state.count, 0);
}

// ---------------------------------------------------------------------------------------------
// Writing

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

/** Within a transaction: the workspace's touchpoints become exactly `touchpoints`. */
export async function replaceTouchpoints(
  tx: SlotTx,
  workspace: WorkspaceId,
  touchpoints: readonly Touchpoint[],
): Promise<void> {
  const { slot } = await stateOf(tx.objectStore('meta'), workspace);
  await tx.objectStore('touchpoints').delete(slotRange(slot));
  const unique = new Map<string, Touchpoint>();
  for (const touchpoint of touchpoints) unique.set(touchpoint.id, touchpoint);
  putTouchpointBatch(tx.objectStore('touchpoints'), slot, unique.values(), 0);
  const state: SlotState = { slot, count: unique.size };
  await tx.objectStore('meta').put(state, countKey(workspace));
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
 * Deletes the records of every listed slot that is not a workspace's current one: imports that
 * were cancelled, failed or crashed, and slots an import replaced. Call it only while no import
 * is writing (the import lock, lib/workspace/import.ts).
 */
export async function cleanUpTouchpointSlots(db: DB): Promise<number> {
  const meta = db.transaction('meta').store;
  const listed = ((await meta.get(STAGING_KEY)) as string[] | undefined) ?? [];
  if (listed.length === 0) return 0;
  const current = new Set((await Promise.all(WORKSPACES.map((w) => stateOf(meta, w)))).map((s) => s.slot));
  let deleted = 0;
  for (const slot of listed) {
    if (current.has(slot)) continue;
    const tx = db.transaction(['touchpoints', 'meta'], 'readwrite');
    await tx.objectStore('touchpoints').delete(slotRange(slot));
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
