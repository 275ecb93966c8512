/** A lead's many rows in an activity export: each row's lead columns count, however the address is spelt. */
import { describe, expect, it } from 'vitest';
import type { PlatformRef } from '../../model';
import type { LeadDraft } from '../presets';
import { draftText, isDraft } from './csv';
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

/** Field by field, refs one by one: what "the same draft" means (isDraft must agree with it). */
function sameDraft(a: LeadDraft, b: LeadDraft): boolean {
  const sameRefs = (x = a.refs, y = b.refs) =>
    x === undefined || y === undefined
      ? x === y
      : x.length === y.length &&
        x.every((r, i) => r.source === y[i]!.source && r.id === y[i]!.id && r.url === y[i]!.url);
  return (
    a.name === b.name &&
    a.company === b.company &&
    a.title === b.title &&
    a.lifecycleStage === b.lifecycleStage &&
    a.leadStatus === b.leadStatus &&
    a.score === b.score &&
    a.owner === b.owner &&
    a.mqlAt === b.mqlAt &&
    a.source === b.source &&
    sameRefs()
  );
}

describe('isDraft', () => {
  it('says two drafts are the same exactly when every field and ref is', () => {
    let seed = 7;
    const pick = <T>(options: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      // The high bits: the low bits of this generator repeat with a short period.
      return options[Math.floor((seed / 2 ** 31) * options.length)]!;
    };
    // Few values per field, so that equal and unequal pairs both come up often; texts that
    // would run together if lengths were not written ('a' + 'bc' vs 'ab' + 'c'), empty texts,
    // NUL and characters whose codes look like lengths.
    const texts = [undefined, '', 'a', 'ab', 'bc', 'c', '\0', '\u0002a', 'Ada Lovelace', 'é😀'];
    const values = {
      name: texts,
      company: texts,
      title: [undefined, 'a'],
      lifecycleStage: [undefined, 'ab'],
      leadStatus: [undefined, ''],
      score: [undefined, 0, 1, -0],
      owner: [undefined, 'c'],
      mqlAt: [undefined, '2026-01-01T00:00:00.000Z'],
      source: [undefined, 'bc'],
      refs: [
        undefined,
        [],
        [{ source: 'marketo', id: '7', url: undefined }],
        [{ source: 'marketo', id: '7', url: '' }],
        [{ source: 'marketo', id: '77', url: undefined }],
        [
          { source: 'marketo', id: '7', url: undefined },
          { source: 'hubspot', id: '8', url: 'https://x.example' },
        ],
      ] satisfies (PlatformRef[] | undefined)[],
    } satisfies { [K in keyof LeadDraft]?: readonly LeadDraft[K][] };
    const fields = Object.keys(values) as (keyof typeof values)[];
    const draft = (): LeadDraft => {
      const out: Record<string, unknown> = { email: 'ada@x.example' };
      for (const field of fields) out[field] = pick<unknown>(values[field]);
      return out as unknown as LeadDraft;
    };
    let same = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = draft();
      // A copy (refs too), with one field drawn again: the same or different by that field alone.
      const field = pick(fields);
      const b = { ...a, refs: a.refs?.map((r) => ({ ...r })), [field]: pick<unknown>(values[field]) };
      const text = draftText(a);
      expect(text).toBeDefined();
      const expected = sameDraft(a, b);
      if (expected) same++;
      expect(isDraft(text, a.score, b), JSON.stringify([a, b])).toBe(expected);
    }
    // Both answers were asked for, many times.
    expect(same).toBeGreaterThan(2000);
    expect(same).toBeLessThan(18_000);
  });

  it('never matches a draft it could not write', () => {
    const long = { email: 'ada@x.example', name: 'x'.repeat(70_000) };
    expect(draftText(long)).toBeUndefined();
    expect(isDraft(undefined, undefined, long)).toBe(false);
  });
});
