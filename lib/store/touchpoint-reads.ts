/** Reading touchpoints: a lead's, a few leads', or all of them, from every workspace's current slot. */
import type { Touchpoint } from '../model';
import type { DB, WorkspaceId } from './db';
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
