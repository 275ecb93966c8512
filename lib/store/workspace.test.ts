import { describe, expect, it } from 'vitest';
import type { Lead } from '../model';
import { openLooplineDB } from './db';
import { findWorkspaceLeadsByName, replaceWorkspace } from './workspace';

let count = 0;
const freshDb = () => openLooplineDB(`workspace-names-${++count}`);

const lead = (email: string, name?: string, extra: Partial<Lead> = {}): Lead => ({
  email,
  ...(name ? { name } : {}),
  refs: [],
  ...extra,
});

describe('findWorkspaceLeadsByName', () => {
  it('finds a lead by its name written another way', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'imported', {
      leads: [
        lead('jane@acme.example', 'Jane Doe', { company: 'Acme', title: 'CTO' }),
        lead('john@acme.example', 'John Doe'),
        lead('nameless@acme.example'),
      ],
      touchpoints: [],
      campaigns: [],
    });
    for (const query of ['Doe, Jane', 'jane doe', 'Jane Doé'])
      expect((await findWorkspaceLeadsByName(db, query, 5)).map((f) => f.lead.email)).toEqual([
        'jane@acme.example',
      ]);
    const [found] = await findWorkspaceLeadsByName(db, 'Jane Doe', 5);
    expect(found).toEqual({
      lead: { email: 'jane@acme.example', name: 'Jane Doe', company: 'Acme', title: 'CTO', refs: [] },
      workspace: 'imported',
    });
    expect(await findWorkspaceLeadsByName(db, 'Janet Doe', 5)).toEqual([]);
    expect(await findWorkspaceLeadsByName(db, ' , ', 5)).toEqual([]);
    db.close();
  });

  it('answers an address once, from the imported workspace over the sample', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', {
      leads: [
        lead('jane@acme.example', 'Jane Doe', { company: 'Sample Co' }),
        lead('j2@x.example', 'Jane Doe'),
      ],
      touchpoints: [],
      campaigns: [],
    });
    await replaceWorkspace(db, 'imported', {
      leads: [lead('jane@acme.example', 'Jane Doe', { company: 'Acme' })],
      touchpoints: [],
      campaigns: [],
    });
    const found = await findWorkspaceLeadsByName(db, 'Jane Doe', 5);
    expect(found.map((f) => [f.lead.email, f.workspace, f.lead.company])).toEqual([
      ['jane@acme.example', 'imported', 'Acme'],
      ['j2@x.example', 'sample', undefined],
    ]);
    db.close();
  });

  it('stops at the limit, across pages', async () => {
    const db = await freshDb();
    const leads = Array.from({ length: 4500 }, (_, i) =>
      lead(`p${i}@x.example`, i % 1000 === 999 ? 'Jane Doe' : `Person ${i}`),
    );
    await replaceWorkspace(db, 'imported', { leads, touchpoints: [], campaigns: [] });
    expect((await findWorkspaceLeadsByName(db, 'jane doe', 10)).length).toBe(4);
    expect((await findWorkspaceLeadsByName(db, 'jane doe', 2)).length).toBe(2);
    db.close();
  });

  it('gives up when aborted', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'imported', {
      leads: [lead('a@x.example', 'Jane Doe')],
      touchpoints: [],
      campaigns: [],
    });
    const controller = new AbortController();
    controller.abort();
    await expect(findWorkspaceLeadsByName(db, 'Jane Doe', 5, controller.signal)).rejects.toThrow();
    db.close();
  });

  it('reads page after page of leads to find a name that comes last', async () => {
    const db = await freshDb();
    // More leads than two of the scan's pages; how fast a large workspace is searched is a
    // benchmark figure (npm run bench), not a test's.
    const leads = Array.from({ length: 4_500 }, (_, i) =>
      lead(`lead${i}@company${i % 70}.example`, `Fírst${i} Låst`),
    );
    leads.push(lead('zz-jane@acme.example', 'Jane Doe'));
    await replaceWorkspace(db, 'imported', { leads, touchpoints: [], campaigns: [] });
    const found = await findWorkspaceLeadsByName(db, 'Doe, Jane', 5);
    expect(found.map((f) => f.lead.email)).toEqual(['zz-jane@acme.example']);
    db.close();
  });
});
