import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { openLooplineDB } from '../store/db';
import { touchpointCount } from '../store/touchpoints';
import { importWorkspace } from './import';
import { LOOPLINE_CSV_COLUMNS } from './presets';
import { syntheticCsv } from './synthetic';

describe('syntheticCsv', () => {
  it('is the same for the same rows and seed, and differs for another seed', () => {
    expect(syntheticCsv(300, 1)).toBe(syntheticCsv(300, 1));
    expect(syntheticCsv(300, 2)).not.toBe(syntheticCsv(300, 1));
  });

  it('writes the documented columns, the rows asked for, and the awkward cases real files have', () => {
    const text = syntheticCsv(2000, 5);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...LOOPLINE_CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(2000);
    expect(parsed.data.some((row) => row.detail?.includes('\n') && row.detail.includes('"'))).toBe(true);
    expect(parsed.data.some((row) => row.kind === '')).toBe(true); // lead-only rows
    expect(parsed.data.some((row) => row.company?.includes(','))).toBe(true);
  });

  it('imports without a single error', async () => {
    const text = syntheticCsv(3000, 9);
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    const touchRows = rows.filter((r) => r.kind);
    const db = await openLooplineDB(`workspace-synthetic-${Math.random()}`);
    const result = await importWorkspace(db, new Blob([text]), {
      preset: 'loopline-csv',
      mode: 'replace',
      timeZone: 'UTC',
    });
    expect(result).toMatchObject({ ok: true, rows: 3000, errorCount: 0, touchpoints: touchRows.length });
    expect(result.leads).toBe(new Set(rows.map((r) => r.email)).size);
    expect(await touchpointCount(db)).toBe(touchRows.length);
  });
});
