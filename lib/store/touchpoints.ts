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
export { CHUNK_ITEMS } from './touchpoint-keys';
export { WORKSPACES, type WorkspaceTouchpoint } from './touchpoint-layout';
export {
  allTouchpoints,
  earliestTouchpoints,
  eachTouchpoint,
  eachTouchpointOfLeads,
  hasTouchpointSince,
  touchpointCount,
  touchpointsOfLead,
  type Span,
} from './touchpoint-reads';
export {
  cleanUpTouchpointSlots,
  makeSlotCurrent,
  putTouchpointBatch,
  replaceTouchpoints,
  type ChunkStore,
} from './touchpoint-slots';
export { openTouchpointStaging, type TouchpointStaging } from './touchpoint-staging';
export { PackedRows, packTouchpoint } from './touchpoint-blocks';
