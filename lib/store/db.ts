/**
 * The IndexedDB schema. Everything that must survive the service worker stopping lives here;
 * memory is only a cache. The database belongs to the extension's own origin: a content script,
 * which runs in the web page's renderer, cannot open it, which is why the settings (tokens and
 * keys among them) live here and not in `storage.local` (lib/settings/store.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Campaign, Lead, Outcome, SourceId, Touchpoint } from '../model';

export const DB_NAME = 'loopline';
export const DB_VERSION = 2;

/** A local workspace: the bundled sample, or data the user imported. */
export type WorkspaceId = 'sample' | 'imported';

export interface StoredLead extends Lead {
  workspace: WorkspaceId;
}
export interface StoredTouchpoint extends Touchpoint {
  workspace: WorkspaceId;
  /** `${workspace}:${id}`, unique across workspaces. */
  key: string;
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

/** An outcome as the outbox keeps it: the canonical fields plus its delivery bookkeeping. */
export interface QueuedOutcome extends Outcome {
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

export interface SeenLead {
  email: string;
  name?: string;
  company?: string;
  mqlAt?: string;
  firstTouchAt?: string;
  seenAt: string;
}

export interface LooplineDB extends DBSchema {
  leads: {
    key: [WorkspaceId, string];
    value: StoredLead;
    indexes: { byEmail: string; byWorkspace: WorkspaceId; byCompany: string };
  };
  touchpoints: {
    key: string;
    value: StoredTouchpoint;
    indexes: { byLeadTime: [string, string]; byWorkspace: WorkspaceId };
  };
  campaigns: { key: [WorkspaceId, string]; value: StoredCampaign; indexes: { byWorkspace: WorkspaceId } };
  cache: { key: [SourceId, string]; value: CacheEntry; indexes: { byEmail: string } };
  outcomes: {
    key: string;
    value: QueuedOutcome;
    indexes: { byLead: string; byDelivery: string; byCreated: string };
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
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const leads = db.createObjectStore('leads', { keyPath: ['workspace', 'email'] });
        leads.createIndex('byEmail', 'email');
        leads.createIndex('byWorkspace', 'workspace');
        leads.createIndex('byCompany', 'company');
        const touchpoints = db.createObjectStore('touchpoints', { keyPath: 'key' });
        touchpoints.createIndex('byLeadTime', ['leadEmail', 'occurredAt']);
        touchpoints.createIndex('byWorkspace', 'workspace');
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
    },
    blocking() {
      // A newer version of Loopline wants to upgrade the schema: let it.
    },
  });
}
