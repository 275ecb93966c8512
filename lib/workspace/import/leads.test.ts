/** A lead's many rows in an activity export: each row's lead columns count, however the address is spelt. */
import { describe, expect, it } from 'vitest';
import { importWorkspace } from '.';
import { freshDb, lead, options } from './test-helpers';

const HEADER =
  'Activity ID,Lead ID,Email Address,First Name,Last Name,Company Name,Activity Date,Activity Type,Detail';
const row = (id: number, leadId: string, email: string, first: string, last: string, company: string) =>
  `${id},${leadId},${email},${first},${last},${company},2026-01-0${id} 10:00:00,Visit Webpage,/p${id}`;

describe('importWorkspace: a lead over many rows', () => {
  it('fills the lead from every row, whichever spelling of the address, and checks each changed row', async () => {
    const tooLong = 'A'.repeat(600);
    const csv = [
      HEADER,
      row(1, '7', 'Ada@X.example', 'Ada', '', ''),
      // Another spelling of the same address, with more of the lead.
      row(2, '7', 'ada@x.example', 'Ada', 'Lovelace', 'Engines Ltd'),
      // Another Lead ID: a second ref.
      row(3, '8', 'ADA@x.example', '', '', ''),
      // The first row's lead again: nothing new.
      row(4, '7', 'Ada@X.example', 'Ada', '', ''),
      // A name the model refuses, on a known address: the row is bad.
      row(5, '7', 'ada@x.example', tooLong, '', ''),
      // The same spelling's earlier lead again: fine.
      row(6, '7', 'ada@x.example', 'Ada', 'Lovelace', 'Engines Ltd'),
    ].join('\n');
    const db = await freshDb();
    const result = await importWorkspace(
      db,
      new Blob([csv]),
      options('marketo-activity', { allowPartial: true }),
    );
    expect(result.errors).toEqual([{ line: 6, reason: expect.stringContaining('name') as string }]);
    expect(result).toMatchObject({ ok: true, leads: 1, touchpoints: 5, rows: 6 });
    expect(await lead(db, 'ada@x.example')).toEqual({
      email: 'ada@x.example',
      name: 'Ada',
      company: 'Engines Ltd',
      refs: [
        { source: 'marketo', id: '7', url: undefined },
        { source: 'marketo', id: '8', url: undefined },
      ],
    });
  });
});
