/** Names shared by the touchpoint repository (./touchpoints.ts) and the upgrade that created its layout. */
import type { WorkspaceId } from './db';

/** At most this many touchpoints in one chunk record, so no record grows past a few hundred KB. */
export const CHUNK_ITEMS = 500;

/** Which slot holds a workspace's touchpoints and leads, and how many there are (in `meta`). */
export interface SlotState {
  slot: string;
  count: number;
  /**
   * The slot's records are blocks, leads spread over this many (./touchpoint-blocks.ts); absent,
   * they are chunks, one or more per lead (the layout of every slot written before blocks).
   */
  blocks?: number;
  /**
   * The slot's leads are spread over this many blocks (./lead-blocks.ts), and there are `leads`
   * of them; absent, the slot holds no leads.
   */
  leadBlocks?: number;
  leads?: number;
}

export const countKey = (workspace: WorkspaceId) => `touchpoints:${workspace}`;

/** Staging slots that may still hold records (in `meta`), so a crashed import's are found again. */
export const STAGING_KEY = 'touchpoints:staging';
