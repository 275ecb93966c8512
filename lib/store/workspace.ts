/**
 * The local workspace: leads, touchpoints and campaigns kept in IndexedDB, from the bundled
 * sample or from imported exports. A lead's history is a key range, never a scan; touchpoints
 * are read and written only through ./touchpoints.ts, which owns their layout.
 */
import type { Campaign, Lead, Touchpoint } from '../model';
import { nameKey } from '../model/person-name';
import { unwrap, type IDBPTransaction } from 'idb';
import type { DB, LooplineDB, WorkspaceId } from './db';
import type { SlotState } from './touchpoint-keys';
import {
  hasTouchpointSince,
  makeSlotCurrent,
  replaceTouchpoints,
  touchpointCount,
  touchpointsOfLead,
  type TouchpointStaging,
} from './touchpoints';

export interface WorkspaceData {
  leads: Lead[];
  touchpoints: Touchpoint[];
  campaigns: Campaign[];
}

const STORES = ['leads', 'touchpoints', 'campaigns', 'meta'] as const;
type WorkspaceTx = IDBPTransaction<LooplineDB, (typeof STORES)[number][], 'readwrite'>;

function clearLeadsAndCampaigns(tx: WorkspaceTx, workspace: WorkspaceId): Promise<unknown> {
  // Every key starts with the workspace id, so one range delete per store clears it.
  const range = IDBKeyRange.bound([workspace], [workspace, []]);
  return Promise.all([tx.objectStore('leads').delete(range), tx.objectStore('campaigns').delete(range)]);
}

function putLeadsAndCampaigns(
  tx: WorkspaceTx,
  workspace: WorkspaceId,
  leads: readonly Lead[],
  campaigns: readonly Campaign[],
): void {
  // Raw requests, queued without awaiting each one: IndexedDB runs them in order within the
  // transaction, a failed one fails the transaction (and tx.done), and a promise per lead
  // would cost more than the put.
  const leadStore = unwrap(tx.objectStore('leads')) as IDBObjectStore;
  for (const lead of leads) leadStore.put({ ...lead, workspace });
  putCampaigns(tx, workspace, campaigns);
}

/** The campaigns' puts, queued as putLeadsAndCampaigns queues them. */
function putCampaigns(tx: WorkspaceTx, workspace: WorkspaceId, campaigns: readonly Campaign[]): void {
  const campaignStore = unwrap(tx.objectStore('campaigns')) as IDBObjectStore;
  for (const campaign of campaigns) campaignStore.put({ ...campaign, workspace });
}

/**
 * Replace one workspace's contents in a single transaction: either all of it is written or,
 * if anything fails (quota, the worker stopping), none of it is and the old data stays.
 * For data that fits in memory (the sample, tests); imports stage their touchpoints instead.
 */
export async function replaceWorkspace(db: DB, workspace: WorkspaceId, data: WorkspaceData): Promise<void> {
  const tx = db.transaction([...STORES], 'readwrite');
  await Promise.all([
    (async () => {
      await clearLeadsAndCampaigns(tx, workspace);
      putLeadsAndCampaigns(tx, workspace, data.leads, data.campaigns);
      await replaceTouchpoints(tx, workspace, data.touchpoints);
    })(),
    tx.done,
  ]);
}

/** Leads queued at a time by commitStaging: the next part goes once the first of these is stored. */
const LEADS_PER_PART = 2000;

/**
 * Queues the leads' puts a part at a time within `tx`, each part when the previous part's first
 * put has been stored: the browser holds some thousands of pending puts rather than all of them
 * (each with its value and index keys), and `onProgress` hears how far the write is. Resolves
 * once the last part is queued; a failed put fails the transaction (tx.done).
 */
function putLeadsInParts(
  tx: WorkspaceTx,
  workspace: WorkspaceId,
  leads: readonly Lead[],
  onProgress?: (done: number, of: number) => void,
): Promise<void> {
  const leadStore = unwrap(tx.objectStore('leads')) as IDBObjectStore;
  let next = 0;
  return new Promise<void>((resolve) => {
    const queuePart = () => {
      if (next > 0) onProgress?.(next - LEADS_PER_PART, leads.length);
      const end = Math.min(leads.length, next + LEADS_PER_PART);
      let first: IDBRequest | undefined;
      for (; next < end; next++) {
        const request = leadStore.put({ ...leads[next]!, workspace });
        first ??= request;
      }
      if (next >= leads.length || !first) resolve();
      else first.onsuccess = queuePart;
    };
    queuePart();
  });
}

/**
 * An import's last step, in one transaction: the staged touchpoints become the workspace's
 * and its leads and campaigns are written ('replace' drops the earlier ones; 'merge' expects the
 * staging to hold the earlier touchpoints already, TouchpointStaging.carryOver). Before it
 * commits, nothing a reader sees has changed.
 */
export async function commitStaging(
  db: DB,
  workspace: WorkspaceId,
  staging: Pick<TouchpointStaging, 'state'>,
  data: { leads: readonly Lead[]; campaigns: readonly Campaign[]; mode: 'replace' | 'merge' },
  /** Leads written so far, of all: called as the transaction stores them, the last call (n, n). */
  onProgress?: (done: number, of: number) => void,
): Promise<void> {
  const tx = db.transaction([...STORES], 'readwrite');
  const next: SlotState = staging.state();
  await Promise.all([
    (async () => {
      if (data.mode === 'replace') await clearLeadsAndCampaigns(tx, workspace);
      putCampaigns(tx, workspace, data.campaigns);
      await makeSlotCurrent(tx, workspace, next);
      await putLeadsInParts(tx, workspace, data.leads, onProgress);
    })(),
    tx.done,
  ]);
  onProgress?.(data.leads.length, data.leads.length);
}

/** The leads one workspace holds for `emails`, in their order; undefined where it has none. */
export async function storedLeads(
  db: DB,
  workspace: WorkspaceId,
  emails: readonly string[],
): Promise<(Lead | undefined)[]> {
  const tx = db.transaction('leads', 'readonly');
  const found = await Promise.all(emails.map((email) => tx.store.get([workspace, email])));
  await tx.done;
  return found.map((record) => {
    if (!record) return undefined;
    const { workspace: _workspace, ...lead } = record;
    return lead;
  });
}

/** The lead as every workspace knows it; imported data wins over the sample. */
export async function getWorkspaceLead(
  db: DB,
  email: string,
): Promise<{ lead: Lead; workspace: WorkspaceId } | null> {
  const found = await db.getAllFromIndex('leads', 'byEmail', email);
  const pick = found.find((l) => l.workspace === 'imported') ?? found[0];
  if (!pick) return null;
  const { workspace, ...lead } = pick;
  return { lead, workspace };
}

/** Touchpoints of one lead since a date, newest first, from every workspace: one key range each. */
export function workspaceHistory(db: DB, email: string, since?: Date): Promise<Touchpoint[]> {
  return touchpointsOfLead(db, email, since);
}

/** How many other people at the same company engaged recently (for the "several people" signal). */
export async function colleaguesEngaged(db: DB, lead: Lead, since: Date): Promise<number> {
  if (!lead.company) return 0;
  const colleagues = await db.getAllFromIndex('leads', 'byCompany', lead.company);
  let engaged = 0;
  const seen = new Set<string>();
  for (const colleague of colleagues) {
    if (colleague.email === lead.email || seen.has(colleague.email)) continue;
    seen.add(colleague.email);
    if (await hasTouchpointSince(db, colleague.email, since)) engaged++;
  }
  return engaged;
}

export async function workspaceStats(db: DB, workspace?: WorkspaceId) {
  if (!workspace) {
    return { leads: await db.count('leads'), touchpoints: await touchpointCount(db) };
  }
  const range = IDBKeyRange.only(workspace);
  return {
    leads: await db.countFromIndex('leads', 'byWorkspace', range),
    touchpoints: await touchpointCount(db, workspace),
  };
}

export async function removeWorkspace(db: DB, workspace: WorkspaceId): Promise<void> {
  await replaceWorkspace(db, workspace, { leads: [], touchpoints: [], campaigns: [] });
}

/** Leads read per request while searching names: one `getAll` each, not one event per lead. */
const NAME_SCAN_PAGE = 2000;

/**
 * The workspace leads named `name` (as `nameKey`, lib/model/person-name.ts, compares names), at most `limit` distinct
 * addresses; a lead in the imported workspace wins over the sample's copy. There is no index
 * on names: this reads the leads store in pages of `NAME_SCAN_PAGE` in key order (imported
 * before sample) and stops once `limit` are found or `signal` aborts. A 50,000-lead workspace
 * is searched in about half a second under fake-indexeddb in Node, two fifths of it comparing
 * names (workspace.test.ts measures it): fast enough for a lookup the user waits on once per
 * name, without a schema upgrade to keep a normalised-name index.
 */
export async function findWorkspaceLeadsByName(
  db: DB,
  name: string,
  limit: number,
  signal?: AbortSignal,
): Promise<{ lead: Lead; workspace: WorkspaceId }[]> {
  const wanted = nameKey(name);
  if (!wanted || limit <= 0) return [];
  const found = new Map<string, { lead: Lead; workspace: WorkspaceId }>();
  const tx = db.transaction('leads', 'readonly');
  let after: [WorkspaceId, string] | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const page = await tx.store.getAll(
      after ? IDBKeyRange.lowerBound(after, true) : undefined,
      NAME_SCAN_PAGE,
    );
    for (const record of page) {
      if (!record.name || found.has(record.email) || nameKey(record.name) !== wanted) continue;
      const { workspace, ...lead } = record;
      found.set(record.email, { lead, workspace });
      if (found.size >= limit) break;
    }
    const last = page.at(-1);
    if (found.size >= limit || page.length < NAME_SCAN_PAGE || !last) break;
    after = [last.workspace, last.email];
  }
  await tx.done;
  return [...found.values()];
}
