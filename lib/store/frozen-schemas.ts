/**
 * The object stores as earlier schema versions created them, for upgrade tests: frozen, never
 * edit (a test of an upgrade from version N must start from what version N really made).
 */
import type { IDBPDatabase } from 'idb';

/** The stores exactly as version 1 of the schema created them. */
export function createVersion1Stores(d: IDBPDatabase) {
  const leads = d.createObjectStore('leads', { keyPath: ['workspace', 'email'] });
  leads.createIndex('byEmail', 'email');
  leads.createIndex('byWorkspace', 'workspace');
  leads.createIndex('byCompany', 'company');
  const touchpoints = d.createObjectStore('touchpoints', { keyPath: 'key' });
  touchpoints.createIndex('byLeadTime', ['leadEmail', 'occurredAt']);
  touchpoints.createIndex('byWorkspace', 'workspace');
  d.createObjectStore('campaigns', { keyPath: ['workspace', 'id'] }).createIndex('byWorkspace', 'workspace');
  d.createObjectStore('cache', { keyPath: ['source', 'email'] }).createIndex('byEmail', 'email');
  const outcomes = d.createObjectStore('outcomes', { keyPath: 'id' });
  outcomes.createIndex('byLead', 'leadEmail');
  outcomes.createIndex('byDelivery', 'delivery');
  outcomes.createIndex('byCreated', 'createdAt');
  d.createObjectStore('seen', { keyPath: 'email' }).createIndex('bySeen', 'seenAt');
  d.createObjectStore('meta');
}

/** Version 3: version 1's stores, then `settings` (version 2) and `deliveries` (version 3). */
export function createVersion3Stores(d: IDBPDatabase) {
  createVersion1Stores(d);
  d.createObjectStore('settings');
  const deliveries = d.createObjectStore('deliveries', { keyPath: ['outcomeId', 'target'] });
  deliveries.createIndex('byState', 'state');
  deliveries.createIndex('byOutcome', 'outcomeId');
}

/** Version 4: version 3's stores, the touchpoints in chunks keyed [slot, leadEmail, seq]. */
export function createVersion4Stores(d: IDBPDatabase) {
  createVersion3Stores(d);
  d.deleteObjectStore('touchpoints');
  d.createObjectStore('touchpoints', { keyPath: ['slot', 'leadEmail', 'seq'] });
}
