/**
 * What the touchpoint repository's parts share about the layout (see ./touchpoints.ts): the
 * workspaces in key order, slot and lead key ranges, a workspace's current slot, and chunks.
 */
import type { IDBPObjectStore } from 'idb';
import type { Touchpoint } from '../model';
import type { LooplineDB, WorkspaceId } from './db';
import { countKey, type SlotState } from './touchpoint-keys';

/** In the order of the version 3 keys (`imported:…` before `sample:…`). */
export const WORKSPACES: readonly WorkspaceId[] = ['imported', 'sample'];

/** A touchpoint with the workspace it is stored in. */
export type WorkspaceTouchpoint = Touchpoint & { workspace: WorkspaceId };

export type MetaStore = Pick<IDBPObjectStore<LooplineDB, ['meta'], 'meta', 'readonly'>, 'get'>;

/** Every key of one slot: arrays sort after strings, so `[slot, []]` is above any e-mail. */
export const slotRange = (slot: string) => IDBKeyRange.bound([slot], [slot, []]);
export const leadRange = (slot: string, email: string) => IDBKeyRange.bound([slot, email], [slot, email, []]);

export async function stateOf(meta: MetaStore, workspace: WorkspaceId): Promise<SlotState> {
  const state = (await meta.get(countKey(workspace))) as SlotState | undefined;
  return state ?? { slot: workspace, count: 0 };
}

/** Oldest first; ties as the version 3 primary key broke them. */
export function compareTouch(a: WorkspaceTouchpoint, b: WorkspaceTouchpoint): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  if (a.workspace !== b.workspace) return a.workspace < b.workspace ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function strip({ workspace: _workspace, ...touchpoint }: WorkspaceTouchpoint): Touchpoint {
  return touchpoint;
}
