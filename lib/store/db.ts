/**
 * The IndexedDB schema. Everything that must survive the service worker stopping lives here;
 * memory is only a cache. The database belongs to the extension's own origin: a content script,
 * which runs in the web page's renderer, cannot open it, which is why the settings (tokens and
 * keys among them) live here and not in `storage.local` (lib/settings/store.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Campaign, DeliveryState, Lead, Outcome, SourceId, Touchpoint } from '../model';
import { moveLeadsIntoBlocks, type LeadBlockRecord } from './lead-blocks';
import type { TouchpointBlock } from './touchpoint-blocks';
import { chunkTouchpoints } from './touchpoints-upgrade';

export const DB_NAME = 'loopline';
export const DB_VERSION = 5;

/** A local workspace: the bundled sample, or data the user imported. */
export type WorkspaceId = 'sample' | 'imported';

/** A lead with the workspace that holds it (./lead-blocks.ts stores them in blocks, without it). */
export interface StoredLead extends Lead {
  workspace: WorkspaceId;
}
/**
 * One lead's touchpoints from one write (an import batch, the sample), in no particular order.
 * A workspace's touchpoints live in a `slot`: the workspace's own name, or a staging slot an
 * import writes into and then makes current in one step (lib/store/touchpoints.ts). One record
 * per lead rather than per activity, and a lead's history is one key range. The chunk layout
 * is the sample's, and that of every slot written before imports wrote blocks
 * (./touchpoint-blocks.ts: a record per block of leads and batch), which readers still read.
 */
export interface TouchpointChunk {
  slot: string;
  leadEmail: string;
  seq: number;
  /** The latest `occurredAt` among `items` (ISO strings compare as the index did). */
  last: string;
  items: Touchpoint[];
}
export interface StoredCampaign extends Campaign {
  workspace: WorkspaceId;
}

export interface CacheEntry {
  source: SourceId;
  email: string;
  /** null: the source answered that it does not know this lead. */
  lead: Lead | null;
  touchpoints: Touchpoint[];
  fetchedAt: string;
}

/**
 * One delivery of an outcome to one platform, with its bookkeeping: an outcome may go to several
 * platforms (the marketing platform and the CRM), each delivered exactly once on its own.
 */
export interface Delivery {
  outcomeId: string;
  target: SourceId;
  /** Its place among the outcome's targets; the lowest is the outcome's primary `target`. */
  rank: number;
  /** The outcome's `createdAt`: deliveries are attempted oldest first. */
  createdAt: string;
  state: Exclude<DeliveryState, 'local'>;
  attempts: number;
  receipt?: string;
  lastError?: string;
  /** Epoch ms when the next delivery attempt is due. */
  nextAttemptAt?: number;
  /** The last attempt may have reached the platform: check before writing again. */
  ambiguous?: boolean;
  /**
   * Which platform owns the lead was not known when it was recorded (one did not answer):
   * delivery looks the lead up again and decides then; `target` is the likeliest owner meanwhile.
   */
  targetPending?: boolean;
}

export type DeliveryKey = [outcomeId: string, target: SourceId];

/**
 * An outcome as one of its deliveries sends it: the canonical fields with that delivery's target
 * and bookkeeping in place of the outcome's aggregate (what a connector is handed to write).
 */
export interface QueuedOutcome extends Outcome {
  nextAttemptAt?: number;
  ambiguous?: boolean;
  targetPending?: boolean;
}

export interface SeenLead {
  email: string;
  name?: string;
  company?: string;
  mqlAt?: string;
  firstTouchAt?: string;
  seenAt: string;
}

export interface LooplineDB extends DBSchema {
  /**
   * A slot's leads in blocks, and its companies' addresses (./lead-blocks.ts): the slot is the
   * one that holds the workspace's touchpoints. Version 5 replaced the `leads` store with it.
   */
  leadBlocks: { key: [slot: string, key: string]; value: LeadBlockRecord };
  /** A slot holds chunks, or blocks when its SlotState says so (lib/store/touchpoint-blocks.ts). */
  touchpoints: {
    key: [slot: string, leadEmail: string, seq: number];
    value: TouchpointChunk | TouchpointBlock;
  };
  campaigns: { key: [WorkspaceId, string]; value: StoredCampaign; indexes: { byWorkspace: WorkspaceId } };
  cache: { key: [SourceId, string]; value: CacheEntry; indexes: { byEmail: string } };
  /** Each outcome with its deliveries' aggregate (`delivery`, `target`, …), as the UI reads it. */
  outcomes: {
    key: string;
    value: Outcome;
    indexes: { byLead: string; byDelivery: string; byCreated: string };
  };
  deliveries: {
    key: DeliveryKey;
    value: Delivery;
    indexes: { byState: string; byOutcome: string };
  };
  seen: { key: string; value: SeenLead; indexes: { bySeen: string } };
  meta: { key: string; value: unknown };
  /**
   * The settings, secrets included (`current`), a stored copy that could not be read
   * (`unreadable`, kept rather than overwritten), and whether `storage.local` was checked for the
   * settings of an older Loopline (`legacyChecked`). Read and written by the background only.
   */
  settings: { key: 'current' | 'unreadable' | 'legacyChecked'; value: unknown };
}

export type DB = IDBPDatabase<LooplineDB>;

export function openLooplineDB(name = DB_NAME): Promise<DB> {
  return openDB<LooplineDB>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        // Version 1's lead store: one record per lead (version 5 replaces it).
        const leads = db.createObjectStore('leads' as never, { keyPath: ['workspace', 'email'] });
        leads.createIndex('byEmail' as never, 'email');
        leads.createIndex('byWorkspace' as never, 'workspace');
        leads.createIndex('byCompany' as never, 'company');
        // Version 1's touchpoint store: one record per activity (version 4 replaces it).
        const touchpoints = db.createObjectStore('touchpoints' as never, { keyPath: 'key' });
        touchpoints.createIndex('byLeadTime' as never, ['leadEmail', 'occurredAt']);
        touchpoints.createIndex('byWorkspace' as never, 'workspace');
        const campaigns = db.createObjectStore('campaigns', { keyPath: ['workspace', 'id'] });
        campaigns.createIndex('byWorkspace', 'workspace');
        const cache = db.createObjectStore('cache', { keyPath: ['source', 'email'] });
        cache.createIndex('byEmail', 'email');
        const outcomes = db.createObjectStore('outcomes', { keyPath: 'id' });
        outcomes.createIndex('byLead', 'leadEmail');
        outcomes.createIndex('byDelivery', 'delivery');
        outcomes.createIndex('byCreated', 'createdAt');
        const seen = db.createObjectStore('seen', { keyPath: 'email' });
        seen.createIndex('bySeen', 'seenAt');
        db.createObjectStore('meta');
      }
      if (oldVersion < 2) db.createObjectStore('settings');
      if (oldVersion < 3) {
        const deliveries = db.createObjectStore('deliveries', { keyPath: ['outcomeId', 'target'] });
        deliveries.createIndex('byState', 'state');
        deliveries.createIndex('byOutcome', 'outcomeId');
        await moveDeliveriesOut(tx);
      }
      if (oldVersion < 4) await chunkTouchpoints(db, tx);
      if (oldVersion < 5) {
        db.createObjectStore('leadBlocks', { keyPath: ['slot', 'key'] });
        await moveLeadsIntoBlocks(db, tx);
      }
    },
    blocking() {
      // A newer version of Loopline wants to upgrade the schema: let it.
    },
  });
}

type UpgradeTransaction = IDBPTransaction<LooplineDB, StoreNames<LooplineDB>[], 'versionchange'>;

/** Version 2 kept one delivery's bookkeeping on the outcome itself. */
interface Version2Outcome extends Outcome {
  nextAttemptAt?: number;
  ambiguous?: boolean;
  targetPending?: boolean;
}

const MIGRATED_STATES = new Set<DeliveryState>(['pending', 'sending', 'failed', 'delivered']);

/**
 * Version 3: each outcome that was on its way to a platform (or got there) gets the one delivery
 * it had, from its own fields; the outcome keeps the canonical fields and the aggregate, which for
 * one delivery is that delivery's state. Undone (`discarded`) and `local` ones never needed one.
 */
async function moveDeliveriesOut(tx: UpgradeTransaction) {
  const deliveries = tx.objectStore('deliveries');
  for (let cursor = await tx.objectStore('outcomes').openCursor(); cursor; cursor = await cursor.continue()) {
    const { nextAttemptAt, ambiguous, targetPending, ...outcome } = cursor.value as Version2Outcome;
    await cursor.update(outcome);
    if (!MIGRATED_STATES.has(outcome.delivery)) continue;
    await deliveries.put({
      outcomeId: outcome.id,
      target: outcome.target,
      rank: 0,
      createdAt: outcome.createdAt,
      state: outcome.delivery as Delivery['state'],
      attempts: outcome.attempts,
      ...(outcome.receipt !== undefined && { receipt: outcome.receipt }),
      ...(outcome.lastError !== undefined && { lastError: outcome.lastError }),
      ...(nextAttemptAt !== undefined && { nextAttemptAt }),
      ...(ambiguous !== undefined && { ambiguous }),
      ...(targetPending !== undefined && { targetPending }),
    });
  }
}
