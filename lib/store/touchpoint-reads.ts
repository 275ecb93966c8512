/** Reading touchpoints: a lead's, a few leads', or all of them, from every workspace's current slot. */
import type { Touchpoint } from '../model';
import type { DB, TouchpointChunk, WorkspaceId } from './db';
import {
  blockKey,
  blockOf,
  blockTouchpoints,
  isBlock,
  segmentTouchpoints,
  type TouchpointBlock,
} from './touchpoint-blocks';
import type { SlotState } from './touchpoint-keys';
import {
  compareTouch,
  leadRange,
  slotRange,
  stateOf,
  strip,
  WORKSPACES,
  type WorkspaceTouchpoint,
} from './touchpoint-layout';

export interface Span {
  /** Inclusive lower bound on `occurredAt` (ISO). */
  start?: string;
  /** Exclusive upper bound on `occurredAt` (ISO). */
  end?: string;
}

const inSpan = (at: string, span: Span) =>
  (span.start === undefined || at >= span.start) && (span.end === undefined || at < span.end);

/** Every touchpoint of a chunk or a block record. */
function recordTouchpoints(record: TouchpointChunk | TouchpointBlock): Iterable<Touchpoint> {
  return isBlock(record) ? blockTouchpoints(record) : record.items;
}

type Store = Parameters<typeof stateOf>[0] & {
  getAll(range: IDBKeyRange): Promise<(TouchpointChunk | TouchpointBlock)[]>;
};

/**
 * The touchpoints in the span of each of `emails` in one workspace's slot, added to `found`:
 * a key range per lead (chunks) or per block the leads fall in, each block read once.
 */
async function readLeads(
  store: Pick<Store, 'getAll'>,
  state: SlotState,
  workspace: WorkspaceId,
  emails: readonly string[],
  span: Span,
  found: Map<string, WorkspaceTouchpoint[]>,
): Promise<void> {
  const add = (email: string, items: Iterable<Touchpoint>) => {
    let list = found.get(email);
    if (!list) found.set(email, (list = []));
    for (const item of items) if (inSpan(item.occurredAt, span)) list.push({ ...item, workspace });
  };
  const blocks = state.blocks;
  if (blocks === undefined) {
    await Promise.all(
      [...new Set(emails)].map(async (email) => {
        const chunks = (await store.getAll(leadRange(state.slot, email))) as TouchpointChunk[];
        for (const chunk of chunks) {
          if (span.start !== undefined && chunk.last < span.start) continue;
          add(email, chunk.items);
        }
      }),
    );
    return;
  }
  const byBlock = new Map<number, Set<string>>();
  for (const email of emails) {
    const block = blockOf(email, blocks);
    const set = byBlock.get(block);
    if (set) set.add(email);
    else byBlock.set(block, new Set([email]));
  }
  await Promise.all(
    [...byBlock].map(async ([block, wanted]) => {
      const records = (await store.getAll(leadRange(state.slot, blockKey(block)))) as TouchpointBlock[];
      for (const record of records) {
        for (let i = 0; i < record.leads.length; i++) {
          const email = record.leads[i]!;
          if (!wanted.has(email)) continue;
          if (span.start !== undefined && record.lasts[i]! < span.start) continue;
          add(email, segmentTouchpoints(record, i));
        }
      }
    }),
  );
}

/**
 * Each lead's touchpoints in the span, oldest first, lead after lead in the order given; a few
 * hundred leads per transaction, one key range per lead (or per block) and workspace.
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
    const window = emails.slice(i, i + leadsPerTransaction);
    const found = new Map<string, WorkspaceTouchpoint[]>();
    await Promise.all(states.map((state, w) => readLeads(store, state, WORKSPACES[w]!, window, span, found)));
    for (const list of found.values()) list.sort(compareTouch);
    for (const email of window) for (const touchpoint of found.get(email) ?? []) visit(touchpoint);
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
    const { slot, blocks } = await stateOf(tx.objectStore('meta'), workspace);
    const store = tx.objectStore('touchpoints');
    if (blocks === undefined) {
      const chunks = (await store.getAll(leadRange(slot, email))) as TouchpointChunk[];
      if (chunks.some((chunk) => chunk.last >= iso)) return true;
      continue;
    }
    const records = (await store.getAll(
      leadRange(slot, blockKey(blockOf(email, blocks))),
    )) as TouchpointBlock[];
    for (const record of records) {
      const i = record.leads.indexOf(email);
      if (i >= 0 && record.lasts[i]! >= iso) return true;
    }
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
    const { slot, blocks } = await stateOf(db.transaction('meta').store, workspace);
    // A block holds what a few hundred chunks would: fewer per request, to bound memory.
    const perRequest =
      blocks === undefined ? chunksPerRequest : Math.max(1, Math.ceil(chunksPerRequest / 200));
    let lower: IDBKeyRange = slotRange(slot);
    for (;;) {
      const batch = await db.getAll('touchpoints', lower, perRequest);
      for (const record of batch) for (const item of recordTouchpoints(record)) visit({ ...item, workspace });
      const last = batch[batch.length - 1];
      if (!last || batch.length < perRequest) break;
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
