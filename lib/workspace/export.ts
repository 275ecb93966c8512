/**
 * Exports: the local workspace as Loopline JSON (importable again with the 'loopline-json'
 * preset) and the outcome log as CSV for spreadsheets.
 */
import Papa from 'papaparse';
import type { Outcome } from '../model';
import { neutraliseFormula } from '../export/formula';
import type { DB } from '../store/db';
import { allLeads } from '../store/lead-blocks';
import { allTouchpoints } from '../store/touchpoints';
import { WORKSPACE_FORMAT, WORKSPACE_VERSION } from './import';

export { neutraliseFormula };

export interface ExportOptions {
  /** Stamped into the file; defaults to the current time. */
  now?: Date;
}

/**
 * The workspace file: one JSON object, members first, then `leads`, `touchpoints` and
 * `campaigns` with one record per line. Every record carries the workspace it belongs to
 * ('imported' or 'sample'); importing the file takes the imported records back and leaves the
 * sample's out, since the extension generates the sample itself. One record per line keeps the
 * file diffable and lets the importer report a bad record by its line.
 */
export async function exportWorkspaceJson(db: DB, options: ExportOptions = {}): Promise<string> {
  const [leads, touchpoints, campaigns] = await Promise.all([
    allLeads(db),
    allTouchpoints(db),
    db.getAll('campaigns'),
  ]);
  const counts: Record<string, { leads: number; touchpoints: number; campaigns: number }> = {};
  const count = (workspace: string, what: 'leads' | 'touchpoints' | 'campaigns') => {
    counts[workspace] ??= { leads: 0, touchpoints: 0, campaigns: 0 };
    counts[workspace][what]++;
  };
  const leadLines = leads.map(({ workspace, ...lead }) => {
    count(workspace, 'leads');
    return JSON.stringify({ workspace, ...lead });
  });
  const touchpointLines = touchpoints.map(({ workspace, ...touchpoint }) => {
    count(workspace, 'touchpoints');
    return JSON.stringify({ workspace, ...touchpoint });
  });
  const campaignLines = campaigns.map(({ workspace, ...campaign }) => {
    count(workspace, 'campaigns');
    return JSON.stringify({ workspace, ...campaign });
  });
  const head = JSON.stringify({
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    workspaces: counts,
  }).slice(0, -1);
  const list = (name: string, lines: string[]) =>
    lines.length === 0 ? `${JSON.stringify(name)}:[]` : `${JSON.stringify(name)}:[\n${lines.join(',\n')}\n]`;
  return `${head},\n${list('leads', leadLines)},\n${list('touchpoints', touchpointLines)},\n${list('campaigns', campaignLines)}}\n`;
}

type Cell = string | number | undefined;

function campaignName(outcome: Outcome, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  return outcome.attribution.touches.find((t) => t.campaignId === id)?.name ?? id;
}

export const OUTCOME_CSV_COLUMNS: readonly (readonly [string, (outcome: Outcome) => Cell])[] = [
  ['Outcome ID', (o) => o.id],
  ['Created at', (o) => o.createdAt],
  ['Lead', (o) => o.leadEmail],
  ['Kind', (o) => o.kind],
  ['Label', (o) => o.label],
  ['Amount', (o) => o.amount],
  ['Currency', (o) => o.currency],
  ['Reason', (o) => o.reason],
  ['Note', (o) => o.note],
  ['By', (o) => o.by],
  ['Target', (o) => o.target],
  ['Delivery', (o) => o.delivery],
  ['Receipt', (o) => o.receipt],
  ['First-touch campaign', (o) => campaignName(o, o.attribution.firstTouch)],
  ['Last-touch campaign', (o) => campaignName(o, o.attribution.lastTouch)],
  ['Campaigns', (o) => o.attribution.touches.map((t) => `${t.name} (${t.count})`).join('; ')],
  ['Supersedes', (o) => o.supersedes],
];

export interface OutcomeCsvOptions {
  /**
   * Start with a UTF-8 byte-order mark (default true): without it Excel reads the file in the
   * machine's legacy code page and mangles every non-ASCII name.
   */
  bom?: boolean;
}

/**
 * The outcome log as RFC 4180 CSV (CRLF line ends, quotes where needed), one outcome a row;
 * text cells pass the formula guard (lib/export/formula.ts).
 */
export function outcomesToCsv(outcomes: readonly Outcome[], options: OutcomeCsvOptions = {}): string {
  const data = outcomes.map((outcome) =>
    OUTCOME_CSV_COLUMNS.map(([, cell]) => {
      const value = cell(outcome);
      if (value === undefined) return '';
      return typeof value === 'number' ? String(value) : neutraliseFormula(value);
    }),
  );
  const csv = Papa.unparse(
    { fields: OUTCOME_CSV_COLUMNS.map(([header]) => header), data },
    { newline: '\r\n', quotes: false, escapeFormulae: false },
  );
  return (options.bom === false ? '' : '\ufeff') + csv;
}
