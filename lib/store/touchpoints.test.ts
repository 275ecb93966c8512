import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../model';
import { openLooplineDB, type DB } from './db';
import { createVersion3Stores } from './frozen-schemas';
import { allLeads } from './lead-blocks';
import {
  allTouchpoints,
  CHUNK_ITEMS,
  cleanUpTouchpointSlots,
  eachTouchpoint,
  eachTouchpointOfLeads,
  hasTouchpointSince,
  openTouchpointStaging,
  touchpointCount,
} from './touchpoints';
import { commitStaging, replaceWorkspace, workspaceHistory, workspaceStats } from './workspace';

const freshName = () => `touchpoints-${Math.random().toString(36).slice(2)}`;

const touch = (
  id: string,
  leadEmail: string,
  occurredAt: string,
  over: Partial<Touchpoint> = {},
): Touchpoint => ({
  id,
  leadEmail,
  occurredAt,
  kind: 'page_view',
  title: `Visited ${id}`,
  source: 'local',
  ...over,
});

/** Version 3 records: one per touchpoint, keyed `${workspace}:${id}`. */
const ADA = 'ada@example.com';
const V3: { workspace: 'sample' | 'imported'; touchpoint: Touchpoint }[] = [
  { workspace: 'imported', touchpoint: touch('b', ADA, '2026-01-02T00:00:00.000Z') },
  { workspace: 'sample', touchpoint: touch('a', ADA, '2026-01-02T00:00:00.000Z') },
  { workspace: 'imported', touchpoint: touch('c', ADA, '2026-01-03T00:00:00.000Z', { kind: 'form_submit' }) },
  { workspace: 'imported', touchpoint: touch('a', ADA, '2026-01-01T00:00:00.000Z') },
  {
    workspace: 'imported',
    touchpoint: touch('z', 'bob@example.com', '2026-01-05T00:00:00.000Z', {
      campaign: { id: 'c1', name: 'Webinar', channel: 'webinar' },
    }),
  },
  { workspace: 'sample', touchpoint: touch('s', 'sam@sample.example', '2026-01-04T00:00:00.000Z') },
];

async function writeVersion3(name: string) {
  const db = await openDB(name, 3, { upgrade: createVersion3Stores });
  for (const { workspace, touchpoint } of V3)
    await db.put('touchpoints', { ...touchpoint, workspace, key: `${workspace}:${touchpoint.id}` });
  await db.put('leads', { workspace: 'imported', email: ADA, name: 'Ada', refs: [] });
  db.close();
}

describe('schema version 4: touchpoints in chunks', () => {
  it('moves every version 3 touchpoint into chunks, and readers see what the index gave them', async () => {
    const name = freshName();
    await writeVersion3(name);
    const db = await openLooplineDB(name);
    expect(db.version).toBe(5);
    expect([...db.objectStoreNames]).not.toContain('touchpoints-v3');
    // One chunk per lead and workspace.
    expect(await db.count('touchpoints')).toBe(4);
    // Newest first; equal times ordered as `${workspace}:${id}` keys were, then reversed.
    expect((await workspaceHistory(db, ADA)).map((t) => t.id)).toEqual(['c', 'a', 'b', 'a']);
    expect((await workspaceHistory(db, ADA)).at(-1)).toEqual(V3[3]!.touchpoint);
    expect((await workspaceHistory(db, ADA, new Date('2026-01-02T00:00:00.000Z'))).map((t) => t.id)).toEqual([
      'c',
      'a',
      'b',
    ]);
    expect(await workspaceStats(db)).toEqual({ leads: 1, touchpoints: 6 });
    expect(await workspaceStats(db, 'sample')).toEqual({ leads: 0, touchpoints: 2 });
    // Everything, ordered by the version 3 key.
    expect((await allTouchpoints(db)).map((t) => `${t.workspace}:${t.id}`)).toEqual([
      'imported:a',
      'imported:b',
      'imported:c',
      'imported:z',
      'sample:a',
      'sample:s',
    ]);
    expect((await allTouchpoints(db)).find((t) => t.id === 'z')).toEqual({
      ...V3[4]!.touchpoint,
      workspace: 'imported',
    });
    db.close();
  });

  it('upgrades an empty version 3 database', async () => {
    const name = freshName();
    (await openDB(name, 3, { upgrade: createVersion3Stores })).close();
    const db = await openLooplineDB(name);
    expect(await workspaceStats(db)).toEqual({ leads: 0, touchpoints: 0 });
    expect(await allTouchpoints(db)).toEqual([]);
    db.close();
  });
});

describe('touchpoint staging', () => {
  async function withImported(): Promise<DB> {
    const db = await openLooplineDB(freshName());
    await replaceWorkspace(db, 'imported', {
      leads: [{ email: ADA, refs: [] }],
      touchpoints: [touch('old', ADA, '2026-01-01T00:00:00.000Z')],
      campaigns: [],
    });
    return db;
  }

  it('is invisible until committed, then replaces the workspace in one step', async () => {
    const db = await withImported();
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.put([
      touch('new-1', ADA, '2026-02-01T00:00:00.000Z'),
      touch('new-2', 'bob@example.com', '2026-02-02T00:00:00.000Z'),
    ]);
    expect((await workspaceHistory(db, ADA)).map((t) => t.id)).toEqual(['old']);
    expect(await touchpointCount(db, 'imported')).toBe(1);

    await commitStaging(db, 'imported', staging, {
      leads: [{ email: ADA, refs: [] }],
      campaigns: [],
      mode: 'replace',
    });
    expect((await workspaceHistory(db, ADA)).map((t) => t.id)).toEqual(['new-1']);
    expect(await touchpointCount(db, 'imported')).toBe(2);
    // The replaced slot's records stay until the clean-up, which takes only those.
    expect(await db.count('touchpoints')).toBe(3);
    expect(await cleanUpTouchpointSlots(db)).toBe(1);
    expect(await db.count('touchpoints')).toBe(2);
    expect((await allTouchpoints(db)).map((t) => t.id)).toEqual(['new-1', 'new-2']);
  });

  it('writes every lead of a large commit and reports progress through the write, ending with all of them', async () => {
    const db = await withImported();
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.put([touch('new-1', ADA, '2026-02-01T00:00:00.000Z')]);
    const leads = Array.from({ length: 4500 }, (_, i) => ({ email: `lead-${i}@example.com`, refs: [] }));
    const calls: [number, number][] = [];
    await commitStaging(db, 'imported', staging, { leads, campaigns: [], mode: 'replace' }, (done, of) =>
      calls.push([done, of]),
    );
    // More than one report before the last, never backwards, the last one all of them.
    expect(calls.length).toBeGreaterThan(2);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
    expect(calls.slice(0, -1).every(([done]) => done < leads.length)).toBe(true);
    expect(calls.at(-1)).toEqual([4500, 4500]);
    expect(await workspaceStats(db, 'imported')).toEqual({ leads: 4500, touchpoints: 1 });
    const stored = (await allLeads(db)).filter((l) => l.workspace === 'imported');
    expect(stored.map((l) => l.email).sort()).toEqual(leads.map((l) => l.email).sort());
  });

  it('left behind (a crash, a cancel) is deleted by the clean-up, and the workspace is as it was', async () => {
    const db = await withImported();
    const before = await allTouchpoints(db);
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.put([touch('new-1', ADA, '2026-02-01T00:00:00.000Z')]);
    expect(await db.count('touchpoints')).toBe(2);
    expect(await cleanUpTouchpointSlots(db)).toBe(1);
    expect(await db.count('touchpoints')).toBe(1);
    expect(await allTouchpoints(db)).toEqual(before);
  });

  it('carries the earlier touchpoints over (merge), minus those the file replaces', async () => {
    const db = await withImported();
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.put([touch('new', ADA, '2026-02-01T00:00:00.000Z')]);
    await staging.carryOver('imported', (id) => id === 'new');
    await commitStaging(db, 'imported', staging, { leads: [], campaigns: [], mode: 'merge' });
    expect((await workspaceHistory(db, ADA)).map((t) => t.id)).toEqual(['new', 'old']);
    expect(await touchpointCount(db, 'imported')).toBe(2);
  });

  it('drops a touchpoint an id seen again in a later batch replaces', async () => {
    const db = await openLooplineDB(freshName());
    const staging = await openTouchpointStaging(db, 'imported');
    await staging.put([
      touch('x', ADA, '2026-01-01T00:00:00.000Z'),
      touch('y', ADA, '2026-01-02T00:00:00.000Z'),
    ]);
    await staging.put([touch('x', ADA, '2026-03-01T00:00:00.000Z', { title: 'later' })]);
    await staging.dropEarlier(new Map([['x', 1]]));
    await commitStaging(db, 'imported', staging, { leads: [], campaigns: [], mode: 'replace' });
    expect(await workspaceHistory(db, ADA)).toMatchObject([{ id: 'x', title: 'later' }, { id: 'y' }]);
    expect(await touchpointCount(db, 'imported')).toBe(2);
  });

  it('writes each batch as one record per block of leads, and reads every lead back from its block', async () => {
    const db = await withImported();
    const before = await db.count('touchpoints');
    const staging = await openTouchpointStaging(db, 'imported', 3);
    const leads = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'];
    const day = (d: number) => new Date(Date.UTC(2026, 1, d)).toISOString();
    // Three batches, each with one touchpoint per lead: interleaved, as an activity log is.
    for (let batch = 0; batch < 3; batch++)
      await staging.put(leads.map((lead, i) => touch(`${lead}-${batch}`, lead, day(1 + batch * 5 + i))));
    // Then `a`'s first touchpoint again, in a fourth batch: it replaces the first.
    await staging.put([touch('a@example.com-0', 'a@example.com', day(28), { title: 'again' })]);
    // A record per block and batch, not per lead.
    expect(await db.count('touchpoints')).toBeLessThanOrEqual(before + 3 * 3 + 1);
    expect(await touchpointCount(db, 'imported')).toBe(1);
    await staging.dropEarlier(new Map([['a@example.com-0', 3]]));
    await commitStaging(db, 'imported', staging, { leads: [], campaigns: [], mode: 'replace' });
    expect(await cleanUpTouchpointSlots(db)).toBe(1);
    expect(await db.count('touchpoints')).toBeLessThanOrEqual(3 * 3 + 1);
    expect(await touchpointCount(db, 'imported')).toBe(15);
    expect((await workspaceHistory(db, 'a@example.com')).map((t) => [t.id, t.title])).toEqual([
      ['a@example.com-0', 'again'],
      ['a@example.com-2', 'Visited a@example.com-2'],
      ['a@example.com-1', 'Visited a@example.com-1'],
    ]);
    expect((await workspaceHistory(db, 'e@example.com')).map((t) => t.id)).toEqual([
      'e@example.com-2',
      'e@example.com-1',
      'e@example.com-0',
    ]);
    expect((await workspaceHistory(db, 'e@example.com', new Date(day(8)))).map((t) => t.id)).toEqual([
      'e@example.com-2',
      'e@example.com-1',
    ]);
    expect(await hasTouchpointSince(db, 'e@example.com', new Date(day(15)))).toBe(true);
    expect(await hasTouchpointSince(db, 'e@example.com', new Date(day(16)))).toBe(false);
    expect(await hasTouchpointSince(db, 'nobody@example.com', new Date(day(1)))).toBe(false);
    const seen: string[] = [];
    await eachTouchpointOfLeads(db, ['e@example.com', 'b@example.com'], { start: day(7) }, (t) =>
      seen.push(t.id),
    );
    expect(seen).toEqual(['e@example.com-1', 'e@example.com-2', 'b@example.com-1', 'b@example.com-2']);
    expect((await allTouchpoints(db)).map((t) => t.id)).toHaveLength(15);
  });

  it('keeps every field of a touchpoint through the block layout', async () => {
    const db = await openLooplineDB(freshName());
    const full = touch('f', ADA, '2026-01-01T00:00:00.000Z', {
      kind: 'email_click',
      campaign: { id: 'c1', name: 'Webinar "Q1", part 2', channel: 'webinar' },
      url: 'https://example.com/a?b=1',
      detail: 'line one\nline two',
      machine: true,
      machineReason: 'scanner',
    });
    const bare = touch('g', ADA, '2026-01-02T00:00:00.000Z', { title: '', detail: 'only a detail' });
    const staging = await openTouchpointStaging(db, 'imported', 2);
    await staging.put([full, bare]);
    await commitStaging(db, 'imported', staging, { leads: [], campaigns: [], mode: 'replace' });
    expect(await workspaceHistory(db, ADA)).toEqual([bare, full]);
  });

  it('drops replaced ids across several batches and blocks, the later touchpoint kept', async () => {
    const db = await openLooplineDB(freshName());
    const staging = await openTouchpointStaging(db, 'imported', 1);
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    await staging.put(Array.from({ length: 250 }, (_, i) => touch(`t${i}`, ADA, at(i))));
    await staging.put([touch('t200', ADA, at(300), { title: 'later' })]);
    await staging.dropEarlier(new Map([['t200', 1]]));
    await commitStaging(db, 'imported', staging, { leads: [], campaigns: [], mode: 'replace' });
    const history = await workspaceHistory(db, ADA);
    expect(history).toHaveLength(250);
    expect(history.filter((t) => t.id === 't200')).toMatchObject([{ title: 'later' }]);
    expect(await touchpointCount(db, 'imported')).toBe(250);
  });

  it('stops rewriting when cancelled, and the clean-up then leaves the workspace as it was', async () => {
    const db = await withImported();
    const before = await allTouchpoints(db);
    const records = await db.count('touchpoints');
    const staging = await openTouchpointStaging(db, 'imported', 4);
    await staging.put([
      touch('n1', ADA, '2026-02-01T00:00:00.000Z'),
      touch('n2', 'b@example.com', '2026-02-01T00:00:00.000Z'),
    ]);
    const controller = new AbortController();
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(staging.dropEarlier(new Map([['n1', 1]]), { signal: controller.signal })).rejects.toBe(
      reason,
    );
    expect(await cleanUpTouchpointSlots(db)).toBe(1);
    expect(await db.count('touchpoints')).toBe(records);
    expect(await allTouchpoints(db)).toEqual(before);
  });

  it('reads a workspace in chunks (written before blocks) beside one in blocks, and merges chunks into blocks', async () => {
    const db = await openLooplineDB(freshName());
    // Chunks: what every earlier Loopline wrote, and what the sample still is.
    await replaceWorkspace(db, 'imported', {
      leads: [{ email: ADA, refs: [] }],
      touchpoints: [
        touch('old-1', ADA, '2026-01-01T00:00:00.000Z'),
        touch('old-2', 'bob@example.com', '2026-01-02T00:00:00.000Z'),
      ],
      campaigns: [],
    });
    await replaceWorkspace(db, 'sample', {
      leads: [],
      touchpoints: [touch('s', ADA, '2026-01-03T00:00:00.000Z')],
      campaigns: [],
    });
    expect((await workspaceHistory(db, ADA)).map((t) => t.id)).toEqual(['s', 'old-1']);
    const staging = await openTouchpointStaging(db, 'imported', 8);
    await staging.put([
      touch('new', ADA, '2026-02-01T00:00:00.000Z'),
      touch('old-2', 'bob@example.com', '2026-02-02T00:00:00.000Z', { title: 'again' }),
    ]);
    await staging.carryOver('imported', (id) => id === 'old-2');
    await commitStaging(db, 'imported', staging, { leads: [], campaigns: [], mode: 'merge' });
    await cleanUpTouchpointSlots(db);
    expect((await workspaceHistory(db, ADA)).map((t) => t.id)).toEqual(['new', 's', 'old-1']);
    expect(await workspaceHistory(db, 'bob@example.com')).toMatchObject([{ id: 'old-2', title: 'again' }]);
    expect(await workspaceStats(db)).toEqual({ leads: 1, touchpoints: 4 });
    expect((await allTouchpoints(db)).map((t) => `${t.workspace}:${t.id}`)).toEqual([
      'imported:new',
      'imported:old-1',
      'imported:old-2',
      'sample:s',
    ]);
    // Replacing a workspace in blocks writes chunks again.
    await replaceWorkspace(db, 'imported', {
      leads: [],
      touchpoints: [touch('r', ADA, '2026-03-01T00:00:00.000Z')],
      campaigns: [],
    });
    expect((await workspaceHistory(db, ADA)).map((t) => t.id)).toEqual(['r', 's']);
  });

  it('splits a lead with more than CHUNK_ITEMS touchpoints over several chunks, all read back', async () => {
    const db = await openLooplineDB(freshName());
    const many = Array.from({ length: CHUNK_ITEMS * 2 + 3 }, (_, i) =>
      touch(`t${String(i).padStart(5, '0')}`, ADA, new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()),
    );
    await replaceWorkspace(db, 'imported', { leads: [], touchpoints: many, campaigns: [] });
    expect(await db.count('touchpoints')).toBe(3);
    const history = await workspaceHistory(db, ADA);
    expect(history).toHaveLength(many.length);
    expect(history[0]).toEqual(many.at(-1));
    let seen = 0;
    await eachTouchpoint(db, () => seen++, 1);
    expect(seen).toBe(many.length);
  });
});
