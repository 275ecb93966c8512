import { describe, expect, it } from 'vitest';
import { openLooplineDB } from '../../store/db';
import { replaceWorkspace } from '../../store/workspace';
import { MAX_NAME_MATCHES } from '../types';
import { createLocalConnector } from '.';

describe('local connector: findByName', () => {
  it('offers the workspace leads with that name, at most MAX_NAME_MATCHES', async () => {
    const db = await openLooplineDB('local-connector-names');
    const leads = [
      { email: 'jane@acme.example', name: 'Jane Doe', company: 'Acme', title: 'CTO', refs: [] },
      ...Array.from({ length: 8 }, (_, i) => ({ email: `jd${i}@x.example`, name: 'JANE DOE', refs: [] })),
      { email: 'john@acme.example', name: 'John Doe', refs: [] },
    ];
    await replaceWorkspace(db, 'imported', { leads, touchpoints: [], campaigns: [] });
    const connector = createLocalConnector(db);
    const found = await connector.findByName!('Doe, Jane');
    expect(found).toHaveLength(MAX_NAME_MATCHES);
    expect(found[0]).toEqual({
      email: 'jane@acme.example',
      name: 'Jane Doe',
      company: 'Acme',
      title: 'CTO',
      source: 'local',
    });
    expect(found.every((m) => m.source === 'local' && m.name.toLowerCase() === 'jane doe')).toBe(true);
    expect(await connector.findByName!('Nobody Here')).toEqual([]);
    db.close();
  });
});
