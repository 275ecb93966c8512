import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Lead, Touchpoint } from '../model';
import { openLooplineDB } from './db';
import { createVersion4Stores } from './frozen-schemas';
import { allLeads, companyKey, leadBlockRecords, leadKey, type LeadBlock } from './lead-blocks';
import { blockOf } from './touchpoint-blocks';
import { slotRange } from './touchpoint-layout';
import { allTouchpoints, cleanUpTouchpointSlots, openTouchpointStaging } from './touchpoints';
import {
  colleaguesEngaged,
  commitStaging,
  findWorkspaceLeadsByName,
  getWorkspaceLead,
  removeWorkspace,
  replaceWorkspace,
  workspaceStats,
} from './workspace';

const freshName = () => `lead-blocks-${Math.random().toString(36).slice(2)}`;

const lead = (email: string, extra: Partial<Lead> = {}): Lead => ({ email, refs: [], ...extra });

const touch = (id: string, leadEmail: string, occurredAt: string): Touchpoint => ({
  id,
  leadEmail,
  occurredAt,
  kind: 'page_view',
  title: `Visited ${id}`,
  source: 'local',
});

const byEmail = (a: { email: string }, b: { email: string }) => (a.email < b.email ? -1 : 1);

describe('leadBlockRecords', () => {
  it('puts each lead in the block of its address and each company in the block of its name', () => {
    const leads = Array.from({ length: 1000 }, (_, i) =>
      lead(`p${i}@x.example`, i % 7 === 0 ? {} : { company: `Company ${i % 10}` }),
    );
    const { records, layout } = leadBlockRecords('s', leads);
    expect(layout).toEqual({ leadBlocks: 8, leads: 1000 });
    const blocks = records.filter((r): r is LeadBlock => r.key.startsWith('lead#'));
    expect(blocks.flatMap((b) => b.leads).sort(byEmail)).toEqual([...leads].sort(byEmail));
    for (const block of blocks)
      for (const l of block.leads) expect(block.key).toBe(leadKey(blockOf(l.email, 8)));
    const companies = records.flatMap((r) =>
      'companies' in r ? r.companies.map((c) => [r.key, c] as const) : [],
    );
    expect(companies).toHaveLength(10);
    for (const [key, [company, emails]] of companies) {
      expect(key).toBe(companyKey(blockOf(company, 8)));
      expect(emails.sort()).toEqual(
        leads
          .filter((l) => l.company === company)
          .map((l) => l.email)
          .sort(),
      );
    }
  });

  it('keeps the last lead given for an address, and writes no record for an empty block', () => {
    const { records, layout } = leadBlockRecords('s', [
      lead('a@x.example', { name: 'First' }),
      lead('a@x.example', { name: 'Second' }),
    ]);
    expect(layout).toEqual({ leadBlocks: 1, leads: 1 });
    expect(records).toEqual([{ slot: 's', key: 'lead#0', leads: [lead('a@x.example', { name: 'Second' })] }]);
    expect(leadBlockRecords('s', [])).toEqual({ records: [], layout: { leadBlocks: 1, leads: 0 } });
  });
});

/** A database as version 4 left it: leads of both workspaces in the `leads` store. */
async function writeVersion4(name: string, imported: Lead[], sample: Lead[]) {
  const db = await openDB(name, 4, { upgrade: createVersion4Stores });
  for (const l of imported) await db.put('leads', { ...l, workspace: 'imported' });
  for (const l of sample) await db.put('leads', { ...l, workspace: 'sample' });
  // The imported workspace's current slot is an import's, in blocks; the sample has no state.
  await db.put('meta', { slot: 'imported~v4', count: 0, blocks: 4 }, 'touchpoints:imported');
  await db.put('touchpoints', {
    slot: 'sample',
    leadEmail: 'bob@acme.example',
    seq: 0,
    last: '2026-03-01T00:00:00.000Z',
    items: [touch('t', 'bob@acme.example', '2026-03-01T00:00:00.000Z')],
  });
  db.close();
}

describe('schema version 5: leads in blocks', () => {
  const bulk = Array.from({ length: 700 }, (_, i) =>
    lead(`bulk${i}@company${i % 30}.example`, { name: `Bulk Person ${i}`, company: `Company ${i % 30}` }),
  );
  const imported = [
    lead('ada@acme.example', { name: 'Ada Lovelace', company: 'Acme', title: 'CTO', score: 40 }),
    ...bulk,
  ];
  const sample = [
    lead('ada@acme.example', { name: 'Ada Lovelace', company: 'Sample Co' }),
    lead('bob@acme.example', { name: 'Bob Babbage', company: 'Acme' }),
    lead('jane@x.example', { name: 'Jane Doe' }),
  ];

  it('moves every lead of both workspaces into its current slot, and readers find them as before', async () => {
    const name = freshName();
    await writeVersion4(name, imported, sample);
    const db = await openLooplineDB(name);
    expect(db.version).toBe(5);
    expect([...db.objectStoreNames]).not.toContain('leads');

    // No lead lost: every one is there, in its workspace, as it was.
    expect(await allLeads(db)).toEqual([
      ...imported.map((l) => ({ ...l, workspace: 'imported' })).sort(byEmail),
      ...sample.map((l) => ({ ...l, workspace: 'sample' })).sort(byEmail),
    ]);
    for (const l of bulk)
      expect(await getWorkspaceLead(db, l.email)).toEqual({ lead: l, workspace: 'imported' });
    // The imported copy wins; a lead only the sample has comes from it.
    expect(await getWorkspaceLead(db, 'ada@acme.example')).toEqual({
      lead: imported[0],
      workspace: 'imported',
    });
    expect(await getWorkspaceLead(db, 'bob@acme.example')).toEqual({ lead: sample[1], workspace: 'sample' });
    expect(await getWorkspaceLead(db, 'nobody@acme.example')).toBeNull();

    // Colleagues across workspaces, by the exact company string.
    const since = new Date('2026-02-01T00:00:00.000Z');
    expect(await colleaguesEngaged(db, imported[0]!, since)).toBe(1);
    expect(await colleaguesEngaged(db, { ...imported[0]!, company: 'acme' }, since)).toBe(0);

    expect((await findWorkspaceLeadsByName(db, 'lovelace, ada', 5)).map((f) => f.workspace)).toEqual([
      'imported',
    ]);
    expect((await findWorkspaceLeadsByName(db, 'Jane Doe', 5)).map((f) => f.lead.email)).toEqual([
      'jane@x.example',
    ]);
    expect((await findWorkspaceLeadsByName(db, 'Bulk Person 699', 5)).map((f) => f.lead)).toEqual([
      bulk[699],
    ]);

    expect(await workspaceStats(db)).toEqual({ leads: 704, touchpoints: 0 });
    expect(await workspaceStats(db, 'imported')).toEqual({ leads: 701, touchpoints: 0 });
    // The imported slot keeps its touchpoints' layout and gains its leads'.
    expect(await db.get('meta', 'touchpoints:imported')).toEqual({
      slot: 'imported~v4',
      count: 0,
      blocks: 4,
      leadBlocks: 6,
      leads: 701,
    });
    expect(await db.count('leadBlocks', slotRange('imported~v4'))).toBeGreaterThan(6);
    expect(await db.count('leadBlocks', slotRange('sample'))).toBe(2);
    db.close();
  });

  it('upgrades a version 4 database without leads', async () => {
    const name = freshName();
    (await openDB(name, 4, { upgrade: createVersion4Stores })).close();
    const db = await openLooplineDB(name);
    expect(await workspaceStats(db)).toEqual({ leads: 0, touchpoints: 0 });
    expect(await allLeads(db)).toEqual([]);
    expect(await db.getAll('meta')).toEqual([]);
    db.close();
  });
});

describe('leads in slots', () => {
  async function withImported() {
    const db = await openLooplineDB(freshName());
    await replaceWorkspace(db, 'imported', {
      leads: [
        lead('a@x.example', { name: 'Ann', title: 'CEO', company: 'X' }),
        lead('b@x.example', { name: 'Ben', company: 'X' }),
      ],
      touchpoints: [touch('old', 'a@x.example', '2026-01-01T00:00:00.000Z')],
      campaigns: [{ id: 'c', name: 'Campaign', channel: 'email' }],
    });
    return db;
  }

  const snapshot = async (db: Awaited<ReturnType<typeof withImported>>) => ({
    leads: await allLeads(db),
    touchpoints: await allTouchpoints(db),
    campaigns: await db.getAll('campaigns'),
    stats: await workspaceStats(db),
  });

  it('become current with the import that staged them, and the replaced slot is cleaned up whole', async () => {
    const db = await withImported();
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.put([touch('new', 'c@x.example', '2026-02-01T00:00:00.000Z')]);
    await commitStaging(db, 'imported', staging, {
      leads: [lead('c@x.example', { company: 'X' })],
      campaigns: [],
      mode: 'replace',
    });
    expect(await getWorkspaceLead(db, 'a@x.example')).toBeNull();
    expect(await getWorkspaceLead(db, 'c@x.example')).toMatchObject({ workspace: 'imported' });
    expect(await workspaceStats(db, 'imported')).toEqual({ leads: 1, touchpoints: 1 });
    // The replaced slot's leads stay until the clean-up, which takes them with its touchpoints.
    expect(await db.count('leadBlocks', slotRange('imported'))).toBe(2);
    expect(await cleanUpTouchpointSlots(db)).toBe(1);
    expect(await db.count('leadBlocks', slotRange('imported'))).toBe(0);
    expect(await db.count('leadBlocks')).toBe(2);
  });

  it('in merge mode: the import wins for a lead it has, and every other stored lead is carried over', async () => {
    const db = await withImported();
    const staging = await openTouchpointStaging(db, 'imported');
    await commitStaging(db, 'imported', staging, {
      leads: [lead('a@x.example', { name: 'Ann Again' }), lead('c@x.example', { company: 'X' })],
      campaigns: [],
      mode: 'merge',
    });
    expect((await allLeads(db)).map((l) => [l.email, l.name])).toEqual([
      ['a@x.example', 'Ann Again'],
      ['b@x.example', 'Ben'],
      ['c@x.example', undefined],
    ]);
    expect(await workspaceStats(db, 'imported')).toMatchObject({ leads: 3 });
    expect(await colleaguesEngaged(db, lead('c@x.example', { company: 'X' }), new Date(0))).toBe(0);
  });

  it("count a company's engaged colleagues from its record's times, not from each colleague's touchpoints", async () => {
    const db = await openLooplineDB(freshName());
    const recent = '2026-02-20T00:00:00.000Z';
    const since = new Date('2026-02-10T00:00:00.000Z');
    const colleagues = Array.from({ length: 300 }, (_, i) => lead(`c${i}@big.example`, { company: 'Big' }));
    const staging = await openTouchpointStaging(db, 'imported');
    // A third touched lately, a third long ago, a third never.
    await staging.put(
      colleagues.flatMap((c, i) =>
        i % 3 === 2 ? [] : [touch(`t${i}`, c.email, i % 3 === 0 ? recent : '2025-06-01T00:00:00.000Z')],
      ),
    );
    await commitStaging(db, 'imported', staging, { leads: colleagues, campaigns: [], mode: 'replace' });
    const me = colleagues[0]!;
    expect(await colleaguesEngaged(db, me, since)).toBe(99);
    // Without the touchpoints the count is the same: it never read them.
    await db.delete('touchpoints', slotRange(staging.slot));
    expect(await colleaguesEngaged(db, me, since)).toBe(99);
  });

  it('in merge mode: colleagues engaged before the import still count when the file does not touch them', async () => {
    const db = await withImported();
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.carryOver('imported', () => false);
    await commitStaging(db, 'imported', staging, {
      leads: [lead('c@x.example', { company: 'X' })],
      campaigns: [],
      mode: 'merge',
    });
    // Ann's only touch came with the earlier import.
    expect(await colleaguesEngaged(db, lead('c@x.example', { company: 'X' }), new Date('2025-12-01'))).toBe(
      1,
    );
    expect(await colleaguesEngaged(db, lead('c@x.example', { company: 'X' }), new Date('2026-01-02'))).toBe(
      0,
    );
  });

  it('a commit that fails leaves the workspace as it was', async () => {
    const db = await withImported();
    const before = await snapshot(db);
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.put([touch('new', 'c@x.example', '2026-02-01T00:00:00.000Z')]);
    // A function cannot be stored: the put fails part-way through the leads.
    const leads = Array.from({ length: 3000 }, (_, i) => lead(`n${i}@x.example`));
    leads.push({ ...lead('bad@x.example'), name: (() => 'x') as unknown as string });
    await expect(
      commitStaging(db, 'imported', staging, { leads, campaigns: [], mode: 'replace' }),
    ).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
    expect(await getWorkspaceLead(db, 'a@x.example')).toMatchObject({ lead: { name: 'Ann' } });
    // The staging slot never became current, and the clean-up takes it.
    expect(await cleanUpTouchpointSlots(db)).toBe(1);
    expect(await snapshot(db)).toEqual(before);
  });

  it('are replaced with the workspace, and go when it is removed', async () => {
    const db = await withImported();
    await replaceWorkspace(db, 'imported', {
      leads: [lead('z@x.example', { company: 'X' })],
      touchpoints: [],
      campaigns: [],
    });
    expect((await allLeads(db)).map((l) => l.email)).toEqual(['z@x.example']);
    expect(await colleaguesEngaged(db, lead('a@x.example', { company: 'X' }), new Date(0))).toBe(0);
    await removeWorkspace(db, 'imported');
    expect(await allLeads(db)).toEqual([]);
    expect(await db.count('leadBlocks')).toBe(0);
    expect(await workspaceStats(db)).toEqual({ leads: 0, touchpoints: 0 });
  });
});
