/**
 * Version 4 of the schema: touchpoints move from one record per activity (keyed
 * `${workspace}:${id}`, indexed by lead and time) into chunks, one lead's touchpoints per record
 * (./touchpoints.ts). Runs inside the upgrade transaction, so it happens whole or not at all.
 */
import { unwrap, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Touchpoint } from '../model';
import type { LooplineDB, TouchpointChunk, WorkspaceId } from './db';
import { CHUNK_ITEMS, countKey, type SlotState } from './touchpoint-keys';

type UpgradeTransaction = IDBPTransaction<LooplineDB, StoreNames<LooplineDB>[], 'versionchange'>;

/** A version 3 touchpoint record. */
interface Version3Touchpoint extends Touchpoint {
  workspace: WorkspaceId;
  key: string;
}

const OLD_STORE = 'touchpoints-v3';

export async function chunkTouchpoints(db: IDBPDatabase<LooplineDB>, tx: UpgradeTransaction): Promise<void> {
  // The old store steps aside under another name until every record has been moved.
  unwrap(tx.objectStore('touchpoints')).name = OLD_STORE;
  const chunks = db.createObjectStore('touchpoints', { keyPath: ['slot', 'leadEmail', 'seq'] });
  const old = tx.objectStore(OLD_STORE as never) as unknown as {
    index(name: 'byLeadTime'): {
      openCursor(): Promise<{ value: Version3Touchpoint; continue(): Promise<unknown> } | null>;
    };
  };
  const counts: Partial<Record<WorkspaceId, number>> = {};
  let lead: string | undefined;
  let pending = new Map<WorkspaceId, Touchpoint[]>();
  const flush = () => {
    for (const [workspace, items] of pending) {
      for (let seq = 0; seq * CHUNK_ITEMS < items.length; seq++) {
        const part = items.slice(seq * CHUNK_ITEMS, (seq + 1) * CHUNK_ITEMS);
        const chunk: TouchpointChunk = {
          slot: workspace,
          leadEmail: lead!,
          seq,
          last: part.reduce((max, t) => (t.occurredAt > max ? t.occurredAt : max), ''),
          items: part,
        };
        void chunks.put(chunk);
      }
    }
    pending = new Map();
  };
  // By lead and time: one lead's records arrive together, so only one lead is held at a time.
  type Cursor = Awaited<ReturnType<ReturnType<typeof old.index>['openCursor']>>;
  for (let cursor: Cursor = await old.index('byLeadTime').openCursor(); cursor;) {
    const { workspace, key: _key, ...touchpoint } = cursor.value;
    if (touchpoint.leadEmail !== lead) {
      flush();
      lead = touchpoint.leadEmail;
    }
    const list = pending.get(workspace) ?? [];
    list.push(touchpoint);
    pending.set(workspace, list);
    counts[workspace] = (counts[workspace] ?? 0) + 1;
    cursor = (await cursor.continue()) as Cursor;
  }
  flush();
  for (const [workspace, count] of Object.entries(counts)) {
    const state: SlotState = { slot: workspace, count };
    await tx.objectStore('meta').put(state, countKey(workspace as WorkspaceId));
  }
  db.deleteObjectStore(OLD_STORE as never);
}
