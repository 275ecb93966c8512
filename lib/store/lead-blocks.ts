/**
 * The lead repository: every read and write of the `leadBlocks` store goes through here, so
 * the layout of a workspace's leads is decided in one place.
 *
 * Layout (schema version 5): a workspace's leads live in the slot that holds its touchpoints
 * (SlotState in `meta`, ./touchpoint-keys.ts), so an import's leads become current in the same
 * step as its touchpoints and go with the slot when it is deleted. The slot's leads are spread
 * over `SlotState.leadBlocks` blocks by a hash of the address (blockOf): one record
 * `lead#<n>` per block holds the block's leads, and one record `company#<n>` per block of
 * companies (by a hash of the company string, compared exactly) lists each company's addresses,
 * for "colleagues at the same company". `SlotState.leads` counts the slot's leads.
 *
 * Why: Chromium's IndexedDB pays a fixed cost per record, and more per index entry: one record
 * per lead with three indexes took about 200 µs a lead, seconds for a large import. A block of
 * some hundred plain objects is one cheap record, and a lead is still found with one read.
 *
 * The layout is stored: blockOf and the keys below must never change for an existing slot.
 */
import { unwrap, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb';
import type { Lead } from '../model';
import type { DB, LooplineDB, StoredLead, WorkspaceId } from './db';
import { blockOf } from './touchpoint-blocks';
import { countKey, type SlotState } from './touchpoint-keys';
import { slotRange, stateOf, WORKSPACES, type MetaStore } from './touchpoint-layout';

/** The leads of one block of a slot. */
export interface LeadBlock {
  slot: string;
  /** leadKey(block) */
  key: string;
  leads: Lead[];
}

/**
 * A company's leads in one slot: their addresses and, for each, the time of its latest
 * touchpoint in the slot ('' for none), so that "colleagues engaged lately" reads this one record
 * rather than each colleague's touchpoints (an account can have thousands of leads). `lasts` is
 * absent in a slot whose leads were moved by the version 5 upgrade, which did not read them.
 */
export type CompanyEntry = [company: string, emails: string[], lasts?: string[]];

/** The companies of one block of a slot. */
export interface CompanyBlock {
  slot: string;
  /** companyKey(block) */
  key: string;
  companies: CompanyEntry[];
}

export type LeadBlockRecord = LeadBlock | CompanyBlock;

/** What SlotState says about a slot's leads. */
export type LeadLayout = Required<Pick<SlotState, 'leadBlocks' | 'leads'>>;

/**
 * About this many leads a block: a record small enough that reading one lead's block is cheap,
 * large enough that a big workspace is a few hundred records. Past the cap blocks simply grow.
 */
const LEADS_PER_BLOCK = 128;
const MAX_BLOCKS = 4096;

export const leadKey = (block: number) => `lead#${block}`;
export const companyKey = (block: number) => `company#${block}`;

/** The `lead#…` records of a slot ('$' is the character after '#'). */
const leadRecords = (slot: string) => IDBKeyRange.bound([slot, 'lead#'], [slot, 'lead$'], false, true);

const isLeadBlock = (record: LeadBlockRecord): record is LeadBlock => 'leads' in record;

/** Each lead's latest touchpoint time in a slot (ISO); a lead it lacks has none. */
export type LatestTouches = ReadonlyMap<string, string>;

/**
 * `leads` as the block records of `slot`, and the layout to record in its SlotState: a pure
 * function, so that benchmarks and tests seeding a browser's database write what this module
 * reads. An address given twice keeps its last lead, as a put over the same key did. Without
 * `latest` (the upgrade), the company records hold no times.
 */
export function leadBlockRecords(
  slot: string,
  leads: Iterable<Lead>,
  latest?: LatestTouches,
): { records: LeadBlockRecord[]; layout: LeadLayout } {
  const unique = new Map<string, Lead>();
  for (const lead of leads) unique.set(lead.email, lead);
  const blocks = Math.min(MAX_BLOCKS, Math.max(1, Math.ceil(unique.size / LEADS_PER_BLOCK)));
  const byBlock = new Map<number, Lead[]>();
  const companies = new Map<number, Map<string, string[]>>();
  for (const lead of unique.values()) {
    const block = blockOf(lead.email, blocks);
    const list = byBlock.get(block);
    if (list) list.push(lead);
    else byBlock.set(block, [lead]);
    // As the old byCompany index: the exact string; a lead without one has no colleagues.
    if (!lead.company) continue;
    const companyBlock = blockOf(lead.company, blocks);
    let inBlock = companies.get(companyBlock);
    if (!inBlock) companies.set(companyBlock, (inBlock = new Map()));
    const emails = inBlock.get(lead.company);
    if (emails) emails.push(lead.email);
    else inBlock.set(lead.company, [lead.email]);
  }
  const records: LeadBlockRecord[] = [];
  for (const [block, list] of byBlock) records.push({ slot, key: leadKey(block), leads: list });
  for (const [block, inBlock] of companies) {
    const entries: CompanyEntry[] = [];
    for (const [company, emails] of inBlock)
      entries.push(
        latest ? [company, emails, emails.map((email) => latest.get(email) ?? '')] : [company, emails],
      );
    records.push({ slot, key: companyKey(block), companies: entries });
  }
  return { records, layout: { leadBlocks: blocks, leads: unique.size } };
}

/** The leadBlocks store of a read-write transaction (or of the upgrade's). */
type WriteStore = IDBPObjectStore<
  LooplineDB,
  ArrayLike<StoreNames<LooplineDB>>,
  'leadBlocks',
  'readwrite' | 'versionchange'
>;
type ReadStore = Pick<
  IDBPObjectStore<LooplineDB, ArrayLike<StoreNames<LooplineDB>>, 'leadBlocks'>,
  'get' | 'getAll'
>;

/** Records queued at a time by writeLeads: the next part goes once the first of these is stored. */
const RECORDS_PER_PART = 8;

/**
 * Writes `leads` into `slot` (which holds no leads yet) within the store's transaction, and
 * resolves with the layout once the last put is queued. The puts go a part at a time, each
 * part when the previous part's first put has been stored: the structured clone of a part's
 * leads happens as it is queued, so the work is spread out and `onProgress` (leads written so
 * far, of all) hears how far it is. A failed put fails the transaction.
 */
export function writeLeads(
  store: WriteStore,
  slot: string,
  leads: Iterable<Lead>,
  options: { latest?: LatestTouches; onProgress?: (done: number, of: number) => void } = {},
): Promise<LeadLayout> {
  const { onProgress } = options;
  const { records, layout } = leadBlockRecords(slot, leads, options.latest);
  // The raw store: idb's promise per request is not needed, a failed put fails tx.done.
  const raw = unwrap(store) as IDBObjectStore;
  let next = 0;
  return new Promise((resolve, reject) => {
    const queuePart = () => {
      if (next > 0)
        onProgress?.(Math.floor((layout.leads * (next - RECORDS_PER_PART)) / records.length), layout.leads);
      const end = Math.min(records.length, next + RECORDS_PER_PART);
      let first: IDBRequest | undefined;
      try {
        for (; next < end; next++) {
          const request = raw.put(records[next]!);
          first ??= request;
        }
      } catch (error) {
        // A lead that cannot be cloned: the caller aborts the transaction.
        reject(error as Error);
        return;
      }
      if (next >= records.length || !first) resolve(layout);
      else first.onsuccess = queuePart;
    };
    queuePart();
  });
}

/** Within a transaction: the leads of `slot` become exactly `leads`, with their latest touches. */
export async function replaceLeads(
  store: WriteStore,
  slot: string,
  leads: Iterable<Lead>,
  latest: LatestTouches,
): Promise<LeadLayout> {
  await store.delete(slotRange(slot));
  return writeLeads(store, slot, leads, { latest });
}

/** Within a transaction: deletes every lead record of `slot` (a slot nobody reads any more). */
export function deleteSlotLeads(store: WriteStore, slot: string): Promise<void> {
  return store.delete(slotRange(slot));
}

/** Every lead of a slot, block after block. */
async function slotLeads(store: ReadStore, slot: string): Promise<Lead[]> {
  const records = (await store.getAll(leadRecords(slot))) as LeadBlock[];
  return records.flatMap((record) => record.leads);
}

/**
 * A merge's leads, from one read of the slot's: each of `leads` as `fill` makes it from the
 * stored copy of the same address (when there is one), then each stored lead `leads` lacks.
 */
export async function mergeWithSlotLeads(
  store: ReadStore,
  slot: string,
  leads: readonly Lead[],
  fill: (lead: Lead, stored: Lead) => Lead,
): Promise<Lead[]> {
  const stored = new Map((await slotLeads(store, slot)).map((lead) => [lead.email, lead]));
  const merged = leads.map((lead) => {
    const found = stored.get(lead.email);
    if (!found) return lead;
    stored.delete(lead.email);
    return fill(lead, found);
  });
  return [...merged, ...stored.values()];
}

type ReadTx = IDBPTransaction<LooplineDB, ('meta' | 'leadBlocks')[], 'readonly'>;

const readTx = (db: DB): ReadTx => db.transaction(['meta', 'leadBlocks'], 'readonly');

/** Each of `emails`'s lead in one slot, undefined where it has none: each block read once. */
async function leadsInSlot(
  store: ReadStore,
  state: SlotState,
  emails: readonly string[],
): Promise<(Lead | undefined)[]> {
  const blocks = state.leadBlocks;
  if (blocks === undefined || emails.length === 0) return emails.map(() => undefined);
  const wanted = new Map<number, Promise<Map<string, Lead>>>();
  const blockLeads = (block: number) => {
    let found = wanted.get(block);
    if (!found) {
      found = store.get([state.slot, leadKey(block)]).then((record) => {
        const leads = record && isLeadBlock(record) ? record.leads : [];
        return new Map(leads.map((lead) => [lead.email, lead]));
      });
      wanted.set(block, found);
    }
    return found;
  };
  return Promise.all(emails.map(async (email) => (await blockLeads(blockOf(email, blocks))).get(email)));
}

/** The lead as every workspace knows it; imported data wins over the sample (WORKSPACES' order). */
export async function findLead(
  db: DB,
  email: string,
): Promise<{ lead: Lead; workspace: WorkspaceId } | null> {
  const tx = readTx(db);
  const meta = tx.objectStore('meta');
  const store = tx.objectStore('leadBlocks');
  const found = await Promise.all(
    WORKSPACES.map(
      async (workspace) => (await leadsInSlot(store, await stateOf(meta, workspace), [email]))[0],
    ),
  );
  await tx.done;
  const at = found.findIndex((lead) => lead !== undefined);
  return at < 0 ? null : { lead: found[at]!, workspace: WORKSPACES[at]! };
}

/**
 * The leads of every workspace whose company is exactly `company`: each address as each
 * workspace lists it, with the time of its latest touchpoint there ('' for none), or null where
 * the workspace's company records hold no times (leads moved by the version 5 upgrade).
 */
export async function companyMembers(
  db: DB,
  company: string,
): Promise<{ email: string; last: string | null }[]> {
  const tx = readTx(db);
  const meta = tx.objectStore('meta');
  const store = tx.objectStore('leadBlocks');
  const lists = await Promise.all(
    WORKSPACES.map(async (workspace) => {
      const { slot, leadBlocks } = await stateOf(meta, workspace);
      if (leadBlocks === undefined) return [];
      const record = await store.get([slot, companyKey(blockOf(company, leadBlocks))]);
      if (!record || isLeadBlock(record)) return [];
      const [, emails = [], lasts] = record.companies.find(([name]) => name === company) ?? [];
      return emails.map((email, i) => ({ email, last: lasts ? (lasts[i] ?? '') : null }));
    }),
  );
  await tx.done;
  return lists.flat();
}

/** How many leads a workspace holds, or all of them together (each workspace's copy counted). */
export async function leadCount(db: DB, workspace?: WorkspaceId): Promise<number> {
  const meta: MetaStore = db.transaction('meta').store;
  const states = await Promise.all((workspace ? [workspace] : WORKSPACES).map((w) => stateOf(meta, w)));
  return states.reduce((sum, state) => sum + (state.leads ?? 0), 0);
}

/** Every lead of every workspace, ordered by workspace and then address (the order exports keep). */
export async function allLeads(db: DB): Promise<StoredLead[]> {
  const tx = readTx(db);
  const meta = tx.objectStore('meta');
  const store = tx.objectStore('leadBlocks');
  const lists = await Promise.all(
    WORKSPACES.map(async (workspace) => {
      const { slot } = await stateOf(meta, workspace);
      const leads = await slotLeads(store, slot);
      return leads.map((lead): StoredLead => ({ ...lead, workspace }));
    }),
  );
  await tx.done;
  return lists.flatMap((leads) => leads.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0)));
}

/** Lead records read per request while scanning (about this many times LEADS_PER_BLOCK leads). */
const SCAN_RECORDS = 16;

/**
 * Hands each lead of each workspace, imported first, a page of blocks at a time, to `visit`
 * until it returns false; throws the signal's reason once `signal` is aborted.
 */
export async function scanLeads(
  db: DB,
  visit: (lead: Lead, workspace: WorkspaceId) => boolean,
  signal?: AbortSignal,
): Promise<void> {
  const tx = readTx(db);
  const meta = tx.objectStore('meta');
  const store = tx.objectStore('leadBlocks');
  scan: for (const workspace of WORKSPACES) {
    const { slot } = await stateOf(meta, workspace);
    let range = leadRecords(slot);
    for (;;) {
      signal?.throwIfAborted();
      const page = (await store.getAll(range, SCAN_RECORDS)) as LeadBlock[];
      for (const record of page) for (const lead of record.leads) if (!visit(lead, workspace)) break scan;
      const last = page.at(-1);
      if (!last || page.length < SCAN_RECORDS) break;
      range = IDBKeyRange.bound([slot, last.key], [slot, 'lead$'], true, true);
    }
  }
  await tx.done;
}

type UpgradeTransaction = IDBPTransaction<LooplineDB, StoreNames<LooplineDB>[], 'versionchange'>;

/**
 * Version 5 of the schema: the leads move from the `leads` store (a record per lead, keyed
 * [workspace, email], three indexes) into blocks in each workspace's current slot, whose
 * SlotState gains their layout; then the old store goes. Runs inside the upgrade transaction,
 * so it happens whole or not at all: no lead is lost on the way.
 */
export async function moveLeadsIntoBlocks(
  db: IDBPDatabase<LooplineDB>,
  tx: UpgradeTransaction,
): Promise<void> {
  const old = tx.objectStore('leads' as never) as unknown as {
    getAll(range: IDBKeyRange): Promise<StoredLead[]>;
  };
  const meta = tx.objectStore('meta');
  const store = tx.objectStore('leadBlocks');
  for (const workspace of WORKSPACES) {
    const stored = await old.getAll(IDBKeyRange.bound([workspace], [workspace, []]));
    if (stored.length === 0) continue;
    const state = await stateOf(meta, workspace);
    const leads = stored.map(({ workspace: _workspace, ...lead }) => lead);
    const layout = await writeLeads(store, state.slot, leads);
    const next: SlotState = { ...state, ...layout };
    await meta.put(next, countKey(workspace));
  }
  db.deleteObjectStore('leads' as never);
}
