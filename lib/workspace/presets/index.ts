/**
 * The column-mapping presets, by id, and how a file's headers find theirs. Each preset is a file
 * here; vendor presets speak their platform's vocabulary (lib/connectors/<platform>/vocabulary.ts).
 * Header names are matched ignoring case, spaces and punctuation, so "Lifecycle Stage",
 * "lifecycle_stage" and "LifecycleStage" are the same column.
 *
 * Dates: see ../dates.ts (ISO, "2026-03-04 13:05", US month-first "03/04/2026 1:05 PM", ...).
 */
import { HUBSPOT_CONTACTS } from './hubspot-contacts';
import { HUBSPOT_EMAIL } from './hubspot-email';
import { LOOPLINE_CSV } from './loopline-csv';
import { MAILCHIMP_EMAIL } from './mailchimp-email';
import { MARKETO_ACTIVITY } from './marketo-activity';
import type { ColumnSpec, CsvPreset, CsvPresetId, JsonPreset, Preset, PresetId } from './types';

export * from './types';
export { HUBSPOT_CONTACTS, HUBSPOT_EMAIL, LOOPLINE_CSV, MAILCHIMP_EMAIL, MARKETO_ACTIVITY };
export { LOOPLINE_CSV_COLUMNS } from './loopline-csv';
export { webUrl } from './shared';
export { formKind } from '../../connectors/vocabulary';

/** Loopline's own JSON: what exportWorkspaceJson writes (see ../export.ts and ../LOOPLINE-CSV.md). */
export const LOOPLINE_JSON: JsonPreset = {
  id: 'loopline-json',
  format: 'json',
  label: 'Loopline workspace (JSON)',
};

export const CSV_PRESETS: readonly CsvPreset[] = [
  HUBSPOT_CONTACTS,
  HUBSPOT_EMAIL,
  MAILCHIMP_EMAIL,
  MARKETO_ACTIVITY,
  LOOPLINE_CSV,
];

export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  'hubspot-contacts': HUBSPOT_CONTACTS,
  'hubspot-email': HUBSPOT_EMAIL,
  'mailchimp-email': MAILCHIMP_EMAIL,
  'marketo-activity': MARKETO_ACTIVITY,
  'loopline-csv': LOOPLINE_CSV,
  'loopline-json': LOOPLINE_JSON,
};

/** "Lifecycle Stage", "lifecycle_stage", " LIFECYCLE-STAGE " → "lifecyclestage". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface ResolvedColumns {
  /** Field → index of its column in the file. */
  index: ReadonlyMap<string, number>;
  /** Field → the header as the file spells it (for error messages). */
  header: ReadonlyMap<string, string>;
  /** Required fields with no column, by their documented header name. */
  missing: string[];
}

/** Which column of the file each of the preset's fields reads; the first alias found wins. */
export function resolveColumns(preset: CsvPreset, headers: readonly string[]): ResolvedColumns {
  const positions = new Map<string, number>();
  headers.forEach((header, i) => {
    const key = normaliseHeader(header);
    if (key && !positions.has(key)) positions.set(key, i);
  });
  const index = new Map<string, number>();
  const header = new Map<string, string>();
  const missing: string[] = [];
  for (const [field, spec] of Object.entries<ColumnSpec>(preset.columns)) {
    const position = spec.aliases
      .map((alias) => positions.get(normaliseHeader(alias)))
      .find((p) => p !== undefined);
    if (position !== undefined) {
      index.set(field, position);
      header.set(field, headers[position]!.trim());
    } else if (spec.required) {
      missing.push(spec.aliases[0]!);
    }
  }
  return { index, header, missing };
}

/**
 * The preset a file's headers most likely come from, or null when none fits: every required
 * column must be there and at least one header distinctive of the export.
 */
export function detectPreset(headers: readonly string[]): CsvPresetId | null {
  const present = new Set(headers.map(normaliseHeader));
  let best: { id: CsvPresetId; score: number } | null = null;
  for (const preset of CSV_PRESETS) {
    const columns = resolveColumns(preset, headers);
    if (columns.missing.length > 0) continue;
    const distinctive = preset.signature.filter((h) => present.has(normaliseHeader(h))).length;
    if (distinctive === 0) continue;
    const score = distinctive * 100 + columns.index.size;
    if (!best || score > best.score) best = { id: preset.id, score };
  }
  return best?.id ?? null;
}
