/** Files as they come: not text, other encodings and dialects, and the JSON round trip. */
import { describe, expect, it } from 'vitest';
import { replaceWorkspace } from '../../store/workspace';
import { exportWorkspaceJson } from '../export';
import { importWorkspace, previewImport } from '.';
import { fixture, freshDb, lead, options, SAMPLE, snapshot } from './test-helpers';

describe('importWorkspace: files that are not text', () => {
  const PNG = new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x01, 0x00,
  ]);

  it('says a PNG renamed .csv is not a text file, and changes nothing', async () => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const result = await importWorkspace(db, new File([PNG], 'leads.csv'), options('marketo-activity'));
    expect(result).toMatchObject({ ok: false, errorCount: 1 });
    expect(result.errors).toEqual([{ line: 0, reason: 'this is not a text file (it is a PNG image)' }]);
    expect(await snapshot(db)).toEqual(before);
    expect((await previewImport(new File([PNG], 'leads.csv'))).problem).toBe(
      'this is not a text file (it is a PNG image)',
    );
  });

  it.each([
    ['NUL bytes', new Uint8Array([0x45, 0x6d, 0x61, 0x69, 0x6c, 0x00, 0x01, 0x02, 0x0a])],
    ['control bytes that are not UTF-8', new Uint8Array([0x45, 0x6d, 0xff, 0x03, 0x04, 0x9f, 0x0a])],
  ])('calls a file with %s binary', async (_what, bytes) => {
    const result = await importWorkspace(await freshDb(), new Blob([bytes]), options('loopline-csv'));
    expect(result.ok).toBe(false);
    expect(result.errors[0]!.reason).toMatch(/^this is not a text file: it holds binary data/);
  });
});

describe('importWorkspace: encodings and dialects', () => {
  it('reads Windows-1252 files as spreadsheets save them', async () => {
    const text = 'email,name\r\nmuller@x.example,J\u00fcrgen M\u00fcller\r\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0)); // Latin-1 = Windows-1252 here
    const db = await freshDb();
    expect((await importWorkspace(db, new Blob([bytes]), options('loopline-csv'))).ok).toBe(true);
    expect((await lead(db, 'muller@x.example')).name).toBe('Jürgen Müller');
  });

  it('reads Excel\'s UTF-16 tab-separated "Unicode text"', async () => {
    const text = '\ufeffemail\tname\r\nzoe@x.example\tZo\u00eb\r\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      bytes[2 * i] = text.charCodeAt(i) & 0xff;
      bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    const db = await freshDb();
    expect((await importWorkspace(db, new Blob([bytes]), options('loopline-csv'))).ok).toBe(true);
    expect((await lead(db, 'zoe@x.example')).name).toBe('Zoë');
  });

  it('reads a UTF-8 file with a byte-order mark and semicolons', async () => {
    const db = await freshDb();
    const result = await importWorkspace(
      db,
      new Blob(['\ufeffemail;company\nana@x.example;"Acme; Inc."\n']),
      options('loopline-csv'),
    );
    expect(result.ok).toBe(true);
    expect((await lead(db, 'ana@x.example')).company).toBe('Acme; Inc.');
  });
});

describe('JSON export → import', () => {
  it('round-trips the imported workspace and leaves the sample out', async () => {
    const source = await freshDb();
    await replaceWorkspace(source, 'sample', SAMPLE);
    await importWorkspace(source, fixture('loopline.csv'), options('loopline-csv'));
    await importWorkspace(
      source,
      fixture('marketo-activity-log.csv'),
      options('marketo-activity', { mode: 'merge' }),
    );
    const json = await exportWorkspaceJson(source, { now: new Date('2026-03-05T12:00:00Z') });

    const target = await freshDb();
    const result = await importWorkspace(
      target,
      new Blob([json]),
      options('loopline-json', { chunkBytes: 1000 }),
    );
    const imported = (await snapshot(source)) as Awaited<ReturnType<typeof snapshot>>;
    const only = <T extends { workspace: string }>(rows: T[]) =>
      rows.filter((r) => r.workspace === 'imported');
    expect(result).toMatchObject({
      ok: true,
      leads: only(imported.leads).length,
      touchpoints: only(imported.touchpoints).length,
      campaigns: only(imported.campaigns).length,
      skipped: 3,
      errorCount: 0,
    });
    const copy = await snapshot(target);
    expect(copy.leads).toEqual(only(imported.leads));
    expect(copy.touchpoints).toEqual(only(imported.touchpoints));
    expect(copy.campaigns).toEqual(only(imported.campaigns));
    // Exporting the copy gives the same records.
    const again = await exportWorkspaceJson(target, { now: new Date('2026-03-05T12:00:00Z') });
    const records = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{"workspace":"imported"'))
        .map((line) => JSON.parse(line.replace(/,$/, '')) as { email?: string; id?: string })
        .sort((a, b) => `${a.email ?? ''}${a.id ?? ''}`.localeCompare(`${b.email ?? ''}${b.id ?? ''}`));
    expect(records(again)).toEqual(records(json));
    expect(records(json)).toHaveLength(copy.leads.length + copy.touchpoints.length + copy.campaigns.length);
  });
});
