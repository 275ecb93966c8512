import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings/schema';
import { loadSettings } from '../settings/store';
import { openLooplineDB } from './db';

/** The stores exactly as version 1 of the schema created them (frozen: never edit). */
async function writeVersion1(name: string) {
  const db = await openDB(name, 1, {
    upgrade(d) {
      const leads = d.createObjectStore('leads', { keyPath: ['workspace', 'email'] });
      leads.createIndex('byEmail', 'email');
      leads.createIndex('byWorkspace', 'workspace');
      leads.createIndex('byCompany', 'company');
      const touchpoints = d.createObjectStore('touchpoints', { keyPath: 'key' });
      touchpoints.createIndex('byLeadTime', ['leadEmail', 'occurredAt']);
      touchpoints.createIndex('byWorkspace', 'workspace');
      d.createObjectStore('campaigns', { keyPath: ['workspace', 'id'] }).createIndex(
        'byWorkspace',
        'workspace',
      );
      d.createObjectStore('cache', { keyPath: ['source', 'email'] }).createIndex('byEmail', 'email');
      const outcomes = d.createObjectStore('outcomes', { keyPath: 'id' });
      outcomes.createIndex('byLead', 'leadEmail');
      outcomes.createIndex('byDelivery', 'delivery');
      outcomes.createIndex('byCreated', 'createdAt');
      d.createObjectStore('seen', { keyPath: 'email' }).createIndex('bySeen', 'seenAt');
      d.createObjectStore('meta');
    },
  });
  const outcome = {
    id: '2b1f0c3e-8d2a-4f6b-9a51-0c7d3e2f1a00',
    leadEmail: 'ada@example.com',
    kind: 'meeting_booked',
    createdAt: '2026-11-02T10:00:00.000Z',
    by: 'Sam',
    target: 'hubspot',
    attribution: { touches: [] },
    delivery: 'pending',
    attempts: 0,
    nextAttemptAt: 1_000,
  };
  await db.put('outcomes', outcome);
  db.close();
  return outcome;
}

describe('openLooplineDB', () => {
  it('upgrades a database written by version 1, keeping its outcomes, and adds the settings store', async () => {
    const name = `db-upgrade-${Math.random().toString(36).slice(2)}`;
    const outcome = await writeVersion1(name);
    const db = await openLooplineDB(name);
    expect(db.version).toBe(2);
    expect(await db.get('outcomes', outcome.id)).toEqual(outcome);
    expect(await db.getAllFromIndex('outcomes', 'byDelivery', 'pending')).toHaveLength(1);
    expect(await loadSettings(db)).toEqual({ settings: defaultSettings() });
    db.close();
  });
});
