/**
 * The local workspace: leads, touchpoints and campaigns kept in IndexedDB, from the bundled
 * sample or from imported exports. A lead's history is a key range, never a scan; touchpoints
 * are read and written only through ./touchpoints.ts and leads through ./lead-blocks.ts, which
 * own their layouts. A workspace's leads and touchpoints live in one slot and change together.
 */
import type { Campaign, Lead, Touchpoint } from '../model';
import { nameKey } from '../model/person-name';
import { unwrap, type IDBPTransaction } from 'idb';
import type { DB, LooplineDB, WorkspaceId } from './db';
import {
  companyMembers,
  findLead,
  leadCount,
  replaceLeads,
  mergeWithSlotLeads,
  scanLeads,
  writeLeads,
} from './lead-blocks';
import { countKey, type SlotState } from './touchpoint-keys';
import { stateOf } from './touchpoint-layout';
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

const STORES = ['leadBlocks', 'touchpoints', 'campaigns', 'meta'] as const;
type WorkspaceTx = IDBPTransaction<LooplineDB, (typeof STORES)[number][], 'readwrite'>;

/**
 * Runs `body`'s requests in `tx` and waits for it to commit. Should the body fail part-way (a
 * lead that cannot be stored, say), the transaction is aborted, not left to commit what was
 * queued before: the old data stays as it was.
 */
async function writeWhole(tx: WorkspaceTx, body: () => Promise<void>): Promise<void> {
  await Promise.all([
    body().catch((error: unknown) => {
      try {
        tx.abort();
      } catch {
        // The transaction is over already: it failed first, and the body with it.
      }
      throw error;
    }),
    tx.done,
  ]);
}

function clearCampaigns(tx: WorkspaceTx, workspace: WorkspaceId): Promise<void> {
  // Every key starts with the workspace id, so one range delete clears it.
  return tx.objectStore('campaigns').delete(IDBKeyRange.bound([workspace], [workspace, []]));
}

/**
 * The campaigns' puts as raw requests, queued without awaiting each one: IndexedDB runs them in
 * order within the transaction, a failed one fails the transaction (and tx.done), and a promise
 * per campaign would cost more than the put.
 */
function putCampaigns(tx: WorkspaceTx, workspace: WorkspaceId, campaigns: readonly Campaign[]): void {
  const campaignStore = unwrap(tx.objectStore('campaigns')) as IDBObjectStore;
  for (const campaign of campaigns) campaignStore.put({ ...campaign, workspace });
}

/**
 * Replace one workspace's contents in a single transaction: either all of it is written or,
 * if anything fails (quota, the worker stopping), none of it is and the old data stays.
 * For data that fits in memory (the sample, tests); imports stage their touchpoints instead.
 * The workspace keeps its slot, whose leads and touchpoints are replaced.
 */
export async function replaceWorkspace(db: DB, workspace: WorkspaceId, data: WorkspaceData): Promise<void> {
  const tx = db.transaction([...STORES], 'readwrite');
  await writeWhole(tx, async () => {
    await clearCampaigns(tx, workspace);
    putCampaigns(tx, workspace, data.campaigns);
    const { slot } = await stateOf(tx.objectStore('meta'), workspace);
    const layout = await replaceLeads(
      tx.objectStore('leadBlocks'),
      slot,
      data.leads,
      latestTouches(data.touchpoints),
    );
    const count = await replaceTouchpoints(tx, slot, data.touchpoints);
    const state: SlotState = { slot, count, ...layout };
    await tx.objectStore('meta').put(state, countKey(workspace));
  });
}

/**
 * An import's last step, in one transaction: its leads are written into the staging slot, the
 * staged touchpoints and those leads become the workspace's, and its campaigns are written
 * ('replace' drops the earlier ones; 'merge' keeps them, carries over each earlier lead the
 * import does not have, and expects the staging to hold the earlier touchpoints already,
 * TouchpointStaging.carryOver). Before it commits, nothing a reader sees has changed.
 */
export async function commitStaging(
  db: DB,
  workspace: WorkspaceId,
  staging: Pick<TouchpointStaging, 'state' | 'latest'>,
  data: {
    leads: readonly Lead[];
    campaigns: readonly Campaign[];
    mode: 'replace' | 'merge';
    /** Merge mode: a lead the workspace has too, filled from its stored copy (by default, as given). */
    fill?: (lead: Lead, stored: Lead) => Lead;
  },
  /** Leads written so far, of all: called as the transaction stores them, the last call (n, n). */
  onProgress?: (done: number, of: number) => void,
): Promise<void> {
  const tx = db.transaction([...STORES], 'readwrite');
  const next: SlotState = staging.state();
  let leads = 0;
  await writeWhole(tx, async () => {
    if (data.mode === 'replace') await clearCampaigns(tx, workspace);
    putCampaigns(tx, workspace, data.campaigns);
    const store = tx.objectStore('leadBlocks');
    let all = data.leads;
    if (data.mode === 'merge') {
      const { slot } = await stateOf(tx.objectStore('meta'), workspace);
      all = await mergeWithSlotLeads(store, slot, data.leads, data.fill ?? ((lead) => lead));
    }
    // In merge mode the staging holds the earlier touchpoints too: its times are the slot's.
    const layout = await writeLeads(store, next.slot, all, { latest: staging.latest(), onProgress });
    leads = layout.leads;
    await makeSlotCurrent(tx, workspace, { ...next, ...layout });
  });
  onProgress?.(leads, leads);
}

/** The lead as every workspace knows it; imported data wins over the sample. */
export function getWorkspaceLead(
  db: DB,
  email: string,
): Promise<{ lead: Lead; workspace: WorkspaceId } | null> {
  return findLead(db, email);
}

/** Touchpoints of one lead since a date, newest first, from every workspace: one key range each. */
export function workspaceHistory(db: DB, email: string, since?: Date): Promise<Touchpoint[]> {
  return touchpointsOfLead(db, email, since);
}

/**
 * How many other people at the same company engaged recently (for the "several people" signal):
 * from the company's record, which keeps each colleague's latest touch; only a colleague listed
 * without one (a workspace moved by the version 5 upgrade) has its touchpoints read.
 */
export async function colleaguesEngaged(db: DB, lead: Lead, since: Date): Promise<number> {
  if (!lead.company) return 0;
  const iso = since.toISOString();
  const engaged = new Set<string>();
  const unknown = new Set<string>();
  for (const { email, last } of await companyMembers(db, lead.company)) {
    if (email === lead.email) continue;
    if (last === null) unknown.add(email);
    else if (last >= iso) engaged.add(email);
  }
  for (const email of unknown) {
    if (!engaged.has(email) && (await hasTouchpointSince(db, email, since))) engaged.add(email);
  }
  return engaged.size;
}

/** Each lead's latest touchpoint time among `touchpoints`. */
function latestTouches(touchpoints: readonly Touchpoint[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const { leadEmail, occurredAt } of touchpoints) {
    const known = latest.get(leadEmail);
    if (known === undefined || occurredAt > known) latest.set(leadEmail, occurredAt);
  }
  return latest;
}

/** Leads and touchpoints of one workspace, or of all (each workspace's copy of a lead counted). */
export async function workspaceStats(db: DB, workspace?: WorkspaceId) {
  return { leads: await leadCount(db, workspace), touchpoints: await touchpointCount(db, workspace) };
}

export async function removeWorkspace(db: DB, workspace: WorkspaceId): Promise<void> {
  await replaceWorkspace(db, workspace, { leads: [], touchpoints: [], campaigns: [] });
}

/**
 * The workspace leads named `name` (as `nameKey`, lib/model/person-name.ts, compares names), at
 * most `limit` distinct addresses; a lead in the imported workspace wins over the sample's copy.
 * There is no index on names: this reads the lead blocks a page at a time, the imported
 * workspace's before the sample's, and stops once `limit` are found or `signal` aborts. Fast
 * enough for a lookup the user waits on once per name, without a normalised-name index to keep.
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
  await scanLeads(
    db,
    (lead, workspace) => {
      if (lead.name && !found.has(lead.email) && nameKey(lead.name) === wanted)
        found.set(lead.email, { lead, workspace });
      return found.size < limit;
    },
    signal,
  );
  return [...found.values()];
}
