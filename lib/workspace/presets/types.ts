/**
 * What a column-mapping preset is: data (the columns it reads, under every header name the
 * export has used) plus a pure function from one row to drafts. Reading the file, validating,
 * de-duplicating and writing are the import's job (../import.ts).
 */
import { z } from 'zod';
import type { Channel, PlatformRef, SourceId, TouchpointKind } from '../../model';

export const PRESET_IDS = [
  'hubspot-contacts',
  'hubspot-email',
  'mailchimp-email',
  'marketo-activity',
  'loopline-csv',
  'loopline-json',
] as const;
export const PresetId = z.enum(PRESET_IDS);
export type PresetId = z.infer<typeof PresetId>;
export type CsvPresetId = Exclude<PresetId, 'loopline-json'>;

/** A value in a row that cannot be imported; `column` is the header as the file spells it. */
export class RowError extends Error {
  constructor(
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    super(column ? `${column}: ${problem}` : problem);
    this.name = 'RowError';
  }
}

/** Typed access to one row's cells. Every getter trims; an empty cell is `undefined`. */
export interface RowReader<F extends string> {
  /** The column is in the file (it may still be empty in this row). */
  has(field: F): boolean;
  text(field: F, max?: number): string | undefined;
  required(field: F, max?: number): string;
  /** Lower-cased and checked; throws RowError when missing or malformed. */
  email(field: F): string;
  /** ISO instant; undefined when empty; throws RowError when not a date. */
  date(field: F): string | undefined;
  requiredDate(field: F): string;
  number(field: F): number | undefined;
  /** true/false, yes/no, 1/0, y/n; undefined when empty; throws RowError otherwise. */
  flag(field: F): boolean | undefined;
  /** A RowError naming the column, for the caller to throw. */
  error(field: F, problem: string): RowError;
}

export interface LeadDraft {
  email: string;
  name?: string;
  company?: string;
  title?: string;
  lifecycleStage?: string;
  leadStatus?: string;
  score?: number;
  owner?: string;
  mqlAt?: string;
  source?: string;
  refs?: PlatformRef[];
}

export interface TouchpointDraft {
  /** An id the file gave (Loopline formats); kept as is. */
  id?: string;
  /**
   * A natural key for facts that do not depend on where the row sits in the file (a platform's
   * activity id, a lead's stage date); the id is its hash. Without id or key, the id is a hash of
   * the row's content and line, so re-importing the same file replaces rather than duplicates.
   */
  key?: string;
  occurredAt: string;
  kind: TouchpointKind;
  campaign?: { name: string; id?: string; channel?: Channel };
  title: string;
  url?: string;
  detail?: string;
  machine?: boolean;
  machineReason?: string;
}

export type MappedRow =
  | { lead: LeadDraft; touchpoints: TouchpointDraft[] }
  /** Recognised and deliberately not imported (e.g. a DELIVERED event that duplicates SENT). */
  | { skip: string };

export interface ColumnSpec {
  /** Header names this column has had in the export; the first is the one documented. */
  aliases: readonly string[];
  required?: boolean;
}

export interface CsvPreset<F extends string = string> {
  id: CsvPresetId;
  format: 'csv';
  label: string;
  /** The platform whose ids appear in the file (for lead refs). */
  platform?: SourceId;
  columns: Readonly<Record<F, ColumnSpec>>;
  /**
   * Headers distinctive of this export. detectPreset picks the preset whose required columns are
   * all present and that matches the most of these (then the most columns overall).
   */
  signature: readonly string[];
  /**
   * The channel of a campaign a row names without giving one, when its name says nothing
   * (../campaigns.ts guessChannel). Presets whose platform says the channel give it per row.
   */
  defaultChannel: Channel;
  map(row: RowReader<F>): MappedRow;
}

export interface JsonPreset {
  id: 'loopline-json';
  format: 'json';
  label: string;
}

export type Preset = CsvPreset | JsonPreset;
