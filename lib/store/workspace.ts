/**
 * The local workspace: leads, touchpoints and campaigns kept in IndexedDB, from the bundled
 * sample or from imported exports. A lead's history is an index range, never a scan.
 */
import type { Campaign, Lead, Touchpoint } from '../model';
import type { IDBPTransaction } from 'idb';
import type { DB, LooplineDB, StoredTouchpoint, WorkspaceId } from './db';

export interface WorkspaceData {
  leads: Lead[];
  touchpoints: Touchpoint[];
  campaigns: Campaign[];
}

type WorkspaceTx = IDBPTransaction<LooplineDB, ('leads' | 'touchpoints' | 'campaigns')[], 'readwrite'>;

/**
 * Replace one workspace's contents in a single transaction: either all of it is written or,
 * if anything fails (quota, the worker stopping), none of it is and the old data stays.
 */
export async function replaceWorkspace(db: DB, workspace: WorkspaceId, data: WorkspaceData): Promise<void> {
  const tx = db.transaction(['leads', 'touchpoints', 'campaigns'], 'readwrite');
  // Every key starts with the workspace id, so one range delete per store clears it.
  void tx.objectStore('leads').delete(IDBKeyRange.bound([workspace, ''], [workspace, '\uffff']));
  void tx.objectStore('campaigns').delete(IDBKeyRange.bound([workspace, ''], [workspace, '\uffff']));
  void tx.objectStore('touchpoints').delete(IDBKeyRange.bound(`${workspace}:`, `${workspace}:\uffff`));
  await Promise.all([putAll(tx, workspace, data), tx.done]);
}

/** Add or update records in a workspace, atomically. */
export async function mergeIntoWorkspace(db: DB, workspace: WorkspaceId, data: WorkspaceData): Promise<void> {
  const tx = db.transaction(['leads', 'touchpoints', 'campaigns'], 'readwrite');
  await Promise.all([putAll(tx, workspace, data), tx.done]);
}

async function putAll(
  tx: WorkspaceTx,
  workspace: WorkspaceId,
  { leads, touchpoints, campaigns }: WorkspaceData,
): Promise<void> {
  const leadStore = tx.objectStore('leads');
  const touchStore = tx.objectStore('touchpoints');
  const campaignStore = tx.objectStore('campaigns');
  // Requests are queued without awaiting each one: IndexedDB runs them in order within the
  // transaction, and awaiting every put would add a task hop per row.
  const pending: Promise<unknown>[] = [];
  for (const lead of leads) pending.push(leadStore.put({ ...lead, workspace }));
  for (const campaign of campaigns) pending.push(campaignStore.put({ ...campaign, workspace }));
  for (const touchpoint of touchpoints) {
    const stored: StoredTouchpoint = { ...touchpoint, workspace, key: `${workspace}:${touchpoint.id}` };
    pending.push(touchStore.put(stored));
  }
  await Promise.all(pending);
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

/** Touchpoints of one lead since a date, newest first, through the (leadEmail, occurredAt) index. */
export async function workspaceHistory(db: DB, email: string, since?: Date): Promise<Touchpoint[]> {
  const lower: [string, string] = [email, since ? since.toISOString() : ''];
  const upper: [string, string] = [email, '\uffff'];
  const rows = await db.getAllFromIndex('touchpoints', 'byLeadTime', IDBKeyRange.bound(lower, upper));
  rows.reverse();
  return rows.map(({ workspace: _w, key: _k, ...touchpoint }) => touchpoint);
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
    const range = IDBKeyRange.bound([colleague.email, since.toISOString()], [colleague.email, '\uffff']);
    if ((await db.countFromIndex('touchpoints', 'byLeadTime', range)) > 0) engaged++;
  }
  return engaged;
}

export async function workspaceStats(db: DB, workspace?: WorkspaceId) {
  if (!workspace) {
    return { leads: await db.count('leads'), touchpoints: await db.count('touchpoints') };
  }
  const range = IDBKeyRange.only(workspace);
  return {
    leads: await db.countFromIndex('leads', 'byWorkspace', range),
    touchpoints: await db.countFromIndex('touchpoints', 'byWorkspace', range),
  };
}

export async function removeWorkspace(db: DB, workspace: WorkspaceId): Promise<void> {
  await replaceWorkspace(db, workspace, { leads: [], touchpoints: [], campaigns: [] });
}
