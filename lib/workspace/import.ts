/**
 * Importing an export file into the local workspace ('imported').
 *
 * The file is streamed (read.ts), parsed (csv-stream.ts / json-scan.ts) and every row validated
 * into the canonical model. Touchpoints go to IndexedDB as they come, a large batch per
 * transaction, parked by partitions of leads; once the file is read they are laid out one chunk
 * per lead, a partition at a time, into a staging slot no reader sees (lib/store/touchpoints.ts,
 * `stage` and `settle`); leads and campaigns,
 * one per person or name, stay in memory. Only if every row was good (or the caller allowed a
 * partial import), one last transaction writes the leads and campaigns and makes the staged
 * touchpoints the workspace's (commitStaging): a failed, rejected or cancelled import leaves the
 * workspace exactly as it was, and its staging is deleted. Memory stays bounded by the batch,
 * not the file. The options page runs all this in a worker (entrypoints/options/import.worker.ts).
 *
 * Identity, so that importing the same file twice changes nothing:
 * - leads by e-mail; within a file, later rows fill fields earlier rows left empty; in merge mode
 *   the file's values win over those already stored, which fill the file's gaps;
 * - touchpoints by an id the file gives (Loopline formats), a natural key (a platform activity
 *   id, a lead's stage date), or else a hash of the row's content and line;
 * - campaigns by an id derived from the name (campaigns.ts) unless the file has one.
 */
import { z } from 'zod';
import {
  Campaign,
  CHANNELS,
  Lead,
  Touchpoint,
  TOUCHPOINT_KINDS,
  type Channel,
  type PlatformRef,
} from '../model';
import type { DB } from '../store/db';
import { cleanUpTouchpointSlots, openTouchpointStaging, type TouchpointStaging } from '../store/touchpoints';
import { commitStaging } from '../store/workspace';
import { defaultTimeZone } from '../insights/zone';
import { campaignIdFor, guessChannel } from './campaigns';
import { createCsvStream, CsvStructureError, detectDialect, type CsvRecord } from './csv-stream';
import type { DateOrder } from './dates';
import { hash64 } from './hash';
import { IdSet } from './id-set';
import { createJsonScanner, JsonScanError } from './json-scan';
import {
  detectPreset,
  PRESETS,
  resolveColumns,
  RowError,
  type CsvPreset,
  type LeadDraft,
  type PresetId,
  type TouchpointDraft,
} from './presets';
import { binaryReason, DEFAULT_CHUNK_BYTES, readHead, readSample, readText } from './read';
import { CsvRowReader, quoteValue } from './row';

/** The error list stops here; `errorCount` keeps counting. */
export const MAX_REPORTED_ERRORS = 1000;
const PREVIEW_BYTES = 64 * 1024;
const SAMPLE_ROWS = 5;
/** Reading and staging take this share of the progress bar; the last steps and the commit the rest. */
const READ_SHARE = 0.97;
/**
 * Touchpoints held before they are written as one batch: large enough that each lead gets a
 * chunk of several touchpoints and transactions are few, small enough to bound memory (some
 * tens of MB).
 */
export const BATCH_TOUCHPOINTS = 100_000;

export const WORKSPACE_FORMAT = 'loopline-workspace';
export const WORKSPACE_VERSION = 1;

/** `line` 1 is the header (CSV) or the first line (JSON); 0 means the file as a whole. */
export interface ImportError {
  line: number;
  reason: string;
}

export function formatImportError(error: ImportError): string {
  return error.line > 0 ? `line ${error.line}: ${error.reason}` : error.reason;
}

export interface ImportPreview {
  format: 'csv' | 'json';
  headers: string[];
  /** The first rows (CSV) or records (JSON), keyed by header. */
  sampleRows: Record<string, string>[];
  /** The preset the headers suggest, or null when none fits. */
  preset: PresetId | null;
  /** Exact for a file read whole by the preview, else extrapolated from its start. */
  rowCountEstimate: number;
  /** Why the file cannot be imported as it stands, when the start already shows it. */
  problem?: string;
}

export interface ImportOptions {
  preset: PresetId;
  mode: 'replace' | 'merge';
  onProgress?: (fraction: number, rowsDone: number) => void;
  signal?: AbortSignal;
  /** Write the good rows even when some are bad (they are still reported). */
  allowPartial?: boolean;
  /** Zone of times written without an offset; defaults to the browser's. */
  timeZone?: string;
  /** How to read slashed dates (dates.ts); month first unless told otherwise. */
  dateOrder?: DateOrder;
  /** Bytes per read; the default suits the UI, tests use tiny ones to split rows anywhere. */
  chunkBytes?: number;
  /** Touchpoints per staged batch (BATCH_TOUCHPOINTS); tests use tiny ones. */
  batchTouchpoints?: number;
  /**
   * The import is about to commit: from here on it completes (or fails) and `signal` is no
   * longer heeded, so a cancel button should say so.
   */
  onCommit?: () => void;
}

export interface ImportResult {
  /** The data was written. */
  ok: boolean;
  /** What the file holds that is good (written when ok). */
  leads: number;
  touchpoints: number;
  campaigns: number;
  /** Data rows (CSV) or records (JSON) read. */
  rows: number;
  /** Rows recognised and deliberately left out (e.g. DELIVERED events, sample records). */
  skipped: number;
  /** The first MAX_REPORTED_ERRORS problems, in file order. */
  errors: ImportError[];
  /** All problems, including those past the list's cap. */
  errorCount: number;
}

/** The browser refused to store a batch (quota, the disk): nothing is saved. */
class WriteError extends Error {
  constructor(cause: unknown) {
    super(
      `nothing was saved: the browser refused the write (${cause instanceof Error ? cause.message : String(cause)})`,
    );
  }
}

/** A problem that stops the whole file being read (missing columns, unbalanced quote, bad JSON). */
class FatalImportError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The import was cancelled.', 'AbortError');
}

/** Work between two turns given back to the page: well under a frame at 60 Hz. */
const SLICE_MS = 10;

/** A turn of the event loop without setTimeout's 4 ms clamp (a worker has no scheduler.yield). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Gives the thread a turn when this import has run for a slice, so a long import never freezes
 * a page and a worker hears "cancel", while many small chunks in a row do not each pay for a
 * trip through the event loop.
 */
function createYielder(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await nextTask();
    since = performance.now();
  };
}

/**
 * A copy of `text` that does not keep the chunk of the file it was cut from alive: V8 keeps a
 * substring as a view into its parent, and one lead kept from each chunk would otherwise keep
 * the whole file in memory. For what outlives its chunk (leads, campaigns), not for every cell.
 */
function detach(text: string): string {
  // Concatenating, then slicing, makes V8 flatten the text into a fresh string.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** `value` with its strings (and those of its arrays' objects) detached. */
function detachAll<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const field: unknown = value[key];
    out[key] =
      typeof field === 'string'
        ? detach(field)
        : Array.isArray(field)
          ? field.map((item: unknown) => (item && typeof item === 'object' ? detachAll(item) : item))
          : field;
  }
  return out as T;
}

/** Drops keys whose value is undefined, so stored records and exports carry only real fields. */
function compact<T extends object>(value: T): T {
  // A plain loop: this runs twice per row, and entries/filter/fromEntries cost more than the rest.
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const field = value[key];
    if (field !== undefined) out[key] = field;
  }
  return out as T;
}

function clip(text: string | undefined, max: number): string | undefined {
  return text === undefined || text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function issueText(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = prefix + issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const where = path.replace(/^\./, '');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** `a` and the refs of `b` it lacks; `a` itself when it lacks none (the usual repeat row). */
function mergeRefs(a: readonly PlatformRef[], b: readonly PlatformRef[]): readonly PlatformRef[] {
  let out: PlatformRef[] | undefined;
  for (const ref of b) {
    const known = out ?? a;
    if (!known.some((r) => r.source === ref.source && r.id === ref.id)) (out ??= [...a]).push(ref);
  }
  return out ?? a;
}

/** `base` with every field it lacks taken from `extra` (`base` itself when it lacks none). */
export function fillLead(base: Lead, extra: Lead): Lead {
  // Most rows of an activity export repeat a known lead and add nothing: no copy for those.
  let merged: Record<string, unknown> | undefined;
  for (const key in extra) {
    const value = extra[key as keyof Lead];
    if (key === 'refs' || value === undefined || base[key as keyof Lead] !== undefined) continue;
    merged ??= { ...base };
    merged[key] = value;
  }
  const refs = extra.refs.length > 0 ? mergeRefs(base.refs, extra.refs) : base.refs;
  if (refs !== base.refs) (merged ??= { ...base }).refs = [...refs];
  return (merged as Lead | undefined) ?? base;
}

class Collector {
  readonly leads = new Map<string, Lead>();
  readonly campaigns = new Map<string, Campaign>();
  readonly errors: ImportError[] = [];
  errorCount = 0;
  rows = 0;
  skipped = 0;
  fatal = false;
  /** Every touchpoint id so far: a later row with the same id replaces the earlier touchpoint. */
  readonly ids = new IdSet();
  /** Touchpoints not yet written, by id. */
  batch = new Map<string, Touchpoint>();
  /** Ids met again after their first touchpoint was written → the batch that holds the latest. */
  readonly replacedLater = new Map<string, number>();

  constructor(
    private readonly staging: TouchpointStaging,
    private readonly batchSize: number,
    /** Whether the import may still be written (no bad rows yet, or partial imports allowed). */
    private readonly writable: () => boolean,
  ) {}

  get touchpoints(): number {
    return this.ids.size;
  }

  error(line: number, reason: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ line, reason });
  }

  addLead(lead: Lead): void {
    const known = this.leads.get(lead.email);
    const next = known ? fillLead(known, lead) : lead;
    if (next !== known) this.leads.set(next.email, detachAll(next));
  }

  /** A campaign listed in the file wins over one only named by a touchpoint. */
  addCampaign(campaign: Campaign, listed: boolean): void {
    if (listed || !this.campaigns.has(campaign.id)) this.campaigns.set(campaign.id, detachAll(campaign));
  }

  addTouchpoint(touchpoint: Touchpoint): void {
    if (!this.leads.has(touchpoint.leadEmail))
      this.leads.set(touchpoint.leadEmail, { email: detach(touchpoint.leadEmail), refs: [] });
    const campaign = touchpoint.campaign;
    if (campaign && !this.campaigns.has(campaign.id))
      this.campaigns.set(campaign.id, detachAll({ ...campaign, source: 'local' }));
    if (!this.ids.add(touchpoint.id) && !this.batch.has(touchpoint.id))
      this.replacedLater.set(touchpoint.id, this.staging.batches);
    this.batch.set(touchpoint.id, touchpoint);
  }

  /** The batch the browser is still storing: parsing goes on meanwhile. */
  private writing: Promise<void> | undefined;

  /**
   * Hands the batch to the browser when it is full (or `final`), unless the import can no
   * longer be written. At most one batch is being stored while the next one is parsed; `final`
   * waits for both.
   */
  async flush(final = false): Promise<void> {
    if (!final && this.batch.size < this.batchSize) return;
    const batch = this.batch;
    this.batch = new Map();
    const previous = this.writing;
    if (this.writable() && batch.size > 0) {
      // A file whose touchpoints fit in one batch is laid out per lead as it is: nothing to park.
      const only = final && this.staging.batches === 0;
      const touchpoints = [...batch.values()];
      const stagedP = only ? this.staging.put(touchpoints) : this.staging.stage(touchpoints);
      const writing = stagedP.catch((error: unknown) => {
        throw new WriteError(error);
      });
      // Observed here so that a failure waits for the next flush without being "unhandled".
      writing.catch(() => {});
      this.writing = writing;
    }
    batch.clear();
    await previous;
    if (final) await this.writing;
  }
}

function progressReporter(onProgress: ImportOptions['onProgress']) {
  let last = 0;
  return (fraction: number, rows: number) => {
    // Never backwards, whatever rounding does.
    last = Math.max(last, Math.min(1, fraction));
    onProgress?.(last, rows);
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

function toLead(draft: LeadDraft): Lead {
  const parsed = Lead.safeParse(compact({ ...draft, refs: draft.refs ?? [] }));
  if (!parsed.success) throw new RowError(undefined, issueText(parsed.error));
  return compact(parsed.data);
}

/**
 * toLead, remembering each lead's last draft: an activity export repeats the same lead columns
 * on every one of a lead's rows, and validating them once is enough. Leads are never mutated,
 * so sharing one is safe.
 */
function createLeadParser(): (draft: LeadDraft) => Lead {
  const known = new Map<string, { draft: LeadDraft; lead: Lead }>();
  return (draft) => {
    const last = known.get(draft.email);
    if (last && sameDraft(last.draft, draft)) return last.lead;
    const lead = toLead(draft);
    {
      if (known.size >= 200_000) known.clear();
      const kept = detachAll(draft);
      known.set(kept.email, { draft: kept, lead: detachAll(lead) });
    }
    return lead;
  };
}

function sameDraft(a: LeadDraft, b: LeadDraft): boolean {
  let fields = 0;
  for (const field in b) {
    const key = field as keyof LeadDraft;
    const x = a[key];
    const y = b[key];
    if (x === y) {
      if (y !== undefined) fields++;
      continue;
    }
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < y.length; i++) {
      const r = x[i] as PlatformRef;
      const s = y[i] as PlatformRef;
      if (r.source !== s.source || r.id !== s.id || r.url !== s.url) return false;
    }
    fields++;
  }
  let before = 0;
  for (const field in a) if (a[field as keyof LeadDraft] !== undefined) before++;
  return fields === before;
}

const KIND_SET = new Set<string>(TOUCHPOINT_KINDS);
const CHANNEL_SET = new Set<string>(CHANNELS);
/** What Date.prototype.toISOString writes (dates.ts gives every date this way). */
const ISO_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

const URL_OK = { ok: true } as const;
const URL_TOO_LONG = { ok: false } as const;
/** Links repeat across a file's rows (the same pages, the same e-mail links): each parsed once. */
const knownUrls = new Map<string, { ok: boolean; url?: string }>();

/** SafeUrl's transform, for values already known to be strings. */
function safeUrl(value: string | undefined): { ok: boolean; url?: string } {
  if (value === undefined) return URL_OK;
  if (value.length > 4096) return URL_TOO_LONG;
  if (!value) return URL_OK;
  let known = knownUrls.get(value);
  if (known) return known;
  try {
    const url = new URL(value);
    known = url.protocol === 'https:' || url.protocol === 'http:' ? { ok: true, url: url.href } : URL_OK;
  } catch {
    known = URL_OK;
  }
  if (knownUrls.size >= 10_000) knownUrls.clear();
  knownUrls.set(value.length < 13 ? value : (' ' + value).slice(1), known);
  return known;
}

const isText = (value: unknown, min: number, max: number) =>
  typeof value === 'string' && value.length >= min && value.length <= max;
const isOptionalText = (value: unknown, max: number) => value === undefined || isText(value, 0, max);

/**
 * What `Touchpoint.safeParse` gives for a touchpoint built by this module, without zod's cost
 * (a third of a row's time): only when every field is plainly valid, in the schema's field order;
 * undefined sends the touchpoint through zod, which decides and words any error.
 * `leadEmail` comes from a parsed lead, so it is an Email already.
 */
function quickTouchpoint(input: Record<string, unknown>): Touchpoint | undefined {
  const { id, occurredAt, kind, campaign, title, detail, source, machine, machineReason } = input;
  if (!isText(id, 1, 300) || typeof occurredAt !== 'string' || !ISO_UTC.test(occurredAt)) return undefined;
  if (typeof kind !== 'string' || !KIND_SET.has(kind) || source !== 'local') return undefined;
  if (!isOptionalText(title, 2000) || !isOptionalText(detail, 5000) || !isOptionalText(machineReason, 200))
    return undefined;
  if (machine !== undefined && typeof machine !== 'boolean') return undefined;
  let picked: Touchpoint['campaign'];
  if (campaign !== undefined) {
    const c = campaign as Record<string, unknown>;
    if (typeof c !== 'object' || c === null || !isText(c.id, 1, 200) || !isText(c.name, 0, 500))
      return undefined;
    const channel = c.channel ?? 'other';
    if (typeof channel !== 'string' || !CHANNEL_SET.has(channel)) return undefined;
    picked = { id: c.id as string, name: c.name as string, channel: channel as Channel };
  }
  if (input.url !== undefined && typeof input.url !== 'string') return undefined;
  const url = safeUrl(input.url as string | undefined);
  if (!url.ok) return undefined;
  return compact({
    id: id as string,
    leadEmail: input.leadEmail as string,
    occurredAt,
    kind: kind as Touchpoint['kind'],
    campaign: picked,
    title: (title as string | undefined) ?? '',
    url: url.url,
    detail: detail as string | undefined,
    source: 'local' as const,
    machine: machine as boolean | undefined,
    machineReason: machineReason as string | undefined,
  });
}

/**
 * Campaign names repeat on most rows of a file: derive each name's id and channel once.
 * One per file, since the fallback channel depends on the preset.
 */
function createCampaignResolver(defaultChannel: Channel) {
  const known = new Map<string, { id: string; channel: Channel }>();
  return (draft: NonNullable<TouchpointDraft['campaign']>): NonNullable<Touchpoint['campaign']> => {
    let derived = known.get(draft.name);
    if (!derived) {
      derived = { id: campaignIdFor(draft.name), channel: guessChannel(draft.name, defaultChannel) };
      if (known.size < 10_000) known.set(detach(draft.name), derived);
    }
    return {
      id: draft.id ?? derived.id,
      name: clip(draft.name, 500)!,
      channel: draft.channel ?? derived.channel,
    };
  };
}

type CampaignResolver = ReturnType<typeof createCampaignResolver>;

function toTouchpoint(
  draft: TouchpointDraft,
  email: string,
  rowKey: () => string,
  campaignOf: CampaignResolver,
): Touchpoint {
  const campaign = draft.campaign ? campaignOf(draft.campaign) : undefined;
  const input = {
    id: draft.id ?? `imp-${hash64(draft.key ?? rowKey())}`,
    leadEmail: email,
    occurredAt: draft.occurredAt,
    kind: draft.kind,
    campaign,
    // Display text from platforms can be long; the model's limits are for display.
    title: clip(draft.title, 2000),
    url: draft.url,
    detail: clip(draft.detail, 5000),
    source: 'local',
    machine: draft.machine,
    machineReason: clip(draft.machineReason, 200),
  };
  const quick = quickTouchpoint(input);
  if (quick) return quick;
  const parsed = Touchpoint.safeParse(compact(input));
  if (!parsed.success) throw new RowError(undefined, issueText(parsed.error));
  return compact(parsed.data);
}

function isBlank(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0]!.trim() === '';
}

function span(record: CsvRecord): string {
  return record.lastLine > record.line ? ` (the row runs on to line ${record.lastLine})` : '';
}

async function readCsv(
  file: Blob,
  preset: CsvPreset,
  collector: Collector,
  options: ImportOptions,
  progress: (fraction: number, rows: number) => void,
): Promise<void> {
  const sample = await readSample(file, PREVIEW_BYTES);
  if (sample.trimStart().startsWith('{')) {
    throw new FatalImportError(
      1,
      'this is a JSON file, not CSV: import it with the Loopline workspace (JSON) preset',
    );
  }
  const stream = createCsvStream(detectDialect(sample));
  const dates = { timeZone: options.timeZone ?? defaultTimeZone(), dateOrder: options.dateOrder ?? 'mdy' };
  let headers: string[] | undefined;
  let reader: CsvRowReader | undefined;
  const yieldToPage = createYielder();
  const campaignOf = createCampaignResolver(preset.defaultChannel);
  const leadOf = createLeadParser();

  for await (const chunk of readText(file, options.chunkBytes ?? DEFAULT_CHUNK_BYTES)) {
    checkAbort(options.signal);
    for (const record of stream.push(chunk.text, chunk.final)) {
      if (isBlank(record)) continue;
      if (!headers || !reader) {
        if (record.broken)
          throw new FatalImportError(record.line, `the header row is broken: ${record.broken}`);
        headers = record.fields.map((h) => h.trim());
        const columns = resolveColumns(preset, headers);
        if (columns.missing.length > 0) {
          const list = columns.missing.map((h) => JSON.stringify(h)).join(', ');
          throw new FatalImportError(
            record.line,
            `missing column${columns.missing.length > 1 ? 's' : ''} ${list}, which the ${preset.label} preset needs`,
          );
        }
        reader = new CsvRowReader({ columns, dates });
        continue;
      }
      collector.rows++;
      if (record.broken) {
        collector.error(record.line, `broken CSV structure: ${record.broken}${span(record)}`);
        continue;
      }
      if (record.fields.length !== headers.length) {
        // Some tools end every row with a delimiter: empty extra cells are harmless.
        const extraIsEmpty = record.fields.slice(headers.length).every((f) => f.trim() === '');
        if (record.fields.length < headers.length || !extraIsEmpty) {
          collector.error(
            record.line,
            `broken CSV structure: expected ${headers.length} columns, found ${record.fields.length}${span(record)}`,
          );
          continue;
        }
      }
      reader.fields = record.fields;
      try {
        const mapped = preset.map(reader);
        if ('skip' in mapped) {
          collector.skipped++;
          continue;
        }
        const lead = leadOf(mapped.lead);
        const rowKey = (i: number) => () => `${record.line}\u0000${i}\u0000${record.fields.join('\u001f')}`;
        const touchpoints = mapped.touchpoints.map((draft, i) =>
          toTouchpoint(draft, lead.email, rowKey(i), campaignOf),
        );
        // Only a row that is good as a whole is kept.
        collector.addLead(lead);
        for (const touchpoint of touchpoints) collector.addTouchpoint(touchpoint);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        collector.error(record.line, error.message);
      }
    }
    await collector.flush();
    progress((chunk.bytesRead / Math.max(1, file.size)) * READ_SHARE, collector.rows);
    await yieldToPage();
  }
  if (!headers) throw new FatalImportError(1, 'the file is empty');
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Exports label each record with the workspace it came from. */
const label = { workspace: z.enum(['sample', 'imported']).optional() };
const RECORD_SCHEMAS = {
  leads: Lead.extend(label),
  touchpoints: Touchpoint.extend(label),
  campaigns: Campaign.extend(label),
} as const;
type Section = keyof typeof RECORD_SCHEMAS;

function isSection(key: string): key is Section {
  return Object.prototype.hasOwnProperty.call(RECORD_SCHEMAS, key);
}

async function readJson(
  file: Blob,
  collector: Collector,
  options: ImportOptions,
  progress: (fraction: number, rows: number) => void,
): Promise<void> {
  const header: { format?: unknown; version?: unknown } = {};
  const scanner = createJsonScanner({
    member(key, text, line) {
      if (key !== 'format' && key !== 'version') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new FatalImportError(line, `"${key}" is not valid JSON`);
      }
      header[key] = value;
      checkHeader(header, line);
    },
    element(key, index, text, line) {
      if (!isSection(key)) return;
      collector.rows++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        collector.error(
          line,
          `${key}[${index}]: not valid JSON (${error instanceof Error ? error.message : 'syntax error'})`,
        );
        return;
      }
      const parsed = RECORD_SCHEMAS[key].safeParse(value);
      if (!parsed.success) {
        collector.error(line, issueText(parsed.error, `${key}[${index}]`) + valueHint(value, parsed.error));
        return;
      }
      const { workspace, ...record } = parsed.data;
      // The sample is generated by the extension itself; importing it would pass fictional leads
      // off as the user's own.
      if (workspace === 'sample') {
        collector.skipped++;
        return;
      }
      if (key === 'leads') collector.addLead(compact(record as Lead));
      else if (key === 'touchpoints') collector.addTouchpoint(compact(record as Touchpoint));
      else collector.addCampaign(compact(record as Campaign), true);
    },
  });
  const yieldToPage = createYielder();
  for await (const chunk of readText(file, options.chunkBytes ?? DEFAULT_CHUNK_BYTES)) {
    checkAbort(options.signal);
    scanner.push(chunk.text);
    await collector.flush();
    progress((chunk.bytesRead / Math.max(1, file.size)) * READ_SHARE, collector.rows);
    await yieldToPage();
  }
  scanner.end();
  if (header.format === undefined)
    throw new FatalImportError(1, `not a Loopline workspace file: no "format": "${WORKSPACE_FORMAT}"`);
  if (header.version === undefined) throw new FatalImportError(1, 'the workspace file has no "version"');
}

function checkHeader(header: { format?: unknown; version?: unknown }, line: number): void {
  if (header.format !== undefined && header.format !== WORKSPACE_FORMAT) {
    throw new FatalImportError(
      line,
      `not a Loopline workspace file (format ${quoteValue(String(header.format))})`,
    );
  }
  if (header.version !== undefined && header.version !== WORKSPACE_VERSION) {
    throw new FatalImportError(
      line,
      typeof header.version === 'number' && header.version > WORKSPACE_VERSION
        ? `the file is version ${header.version}, newer than this Loopline reads (${WORKSPACE_VERSION}): update the extension`
        : `unknown workspace file version ${quoteValue(String(header.version))}`,
    );
  }
}

/** The offending value, when it is short and simple enough to help. */
function valueHint(value: unknown, error: z.ZodError): string {
  let at: unknown = value;
  for (const key of error.issues[0]?.path ?? []) {
    if (at === null || typeof at !== 'object') return '';
    at = (at as Record<PropertyKey, unknown>)[key as PropertyKey];
  }
  return typeof at === 'string' || typeof at === 'number' ? ` (${quoteValue(String(at))})` : '';
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Merge mode: what is stored fills the gaps the file leaves. */
async function withStoredLeads(db: DB, leads: Lead[]): Promise<Lead[]> {
  const tx = db.transaction('leads', 'readonly');
  const store = tx.objectStore('leads');
  const stored = await Promise.all(leads.map((lead) => store.get(['imported', lead.email])));
  await tx.done;
  return leads.map((lead, i) => {
    const found = stored[i];
    if (!found) return lead;
    const { workspace: _workspace, ...old } = found;
    return fillLead(lead, old);
  });
}

/**
 * Partitions of leads the staged touchpoints are laid out by (TouchpointStaging.settle): one per
 * few MB of file, so that one partition's touchpoints (what settling holds at a time) stay some
 * tens of MB whatever the file's size.
 */
function stagingPartitions(bytes: number): number {
  return Math.min(1024, Math.max(1, Math.ceil(bytes / (4 * 1024 * 1024))));
}

const IMPORT_LOCK = 'loopline-import';

/**
 * One import at a time in this browser (another options tab, a worker left over), so that the
 * clean-up of staging slots never deletes one still being written. Without the Web Locks API
 * (tests), imports simply run.
 */
function withImportLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return locks ? locks.request(IMPORT_LOCK, run) : run();
}

/** Deletes staging slots a cancelled, failed or crashed import left, unless an import is running. */
export async function cleanUpAfterImports(db: DB): Promise<void> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) {
    await cleanUpTouchpointSlots(db);
    return;
  }
  await locks.request(IMPORT_LOCK, { ifAvailable: true }, async (lock) => {
    if (lock) await cleanUpTouchpointSlots(db);
  });
}

const isFatal = (error: unknown): error is FatalImportError | CsvStructureError | JsonScanError =>
  error instanceof FatalImportError || error instanceof CsvStructureError || error instanceof JsonScanError;

/**
 * Streams `file` through the preset, validates every row, and writes the result to the
 * 'imported' workspace — all of it, in one final step, or nothing (see the file comment).
 * Cancelling through `signal` rejects with the signal's reason and changes nothing, until
 * `onCommit` has been called: from then on the import completes.
 */
export async function importWorkspace(db: DB, file: Blob, options: ImportOptions): Promise<ImportResult> {
  checkAbort(options.signal);
  return withImportLock(async () => {
    // What a crashed or cancelled import left behind goes before a new one starts.
    await cleanUpTouchpointSlots(db);
    const staging = await openTouchpointStaging(db, 'imported', stagingPartitions(file.size));
    try {
      return await importInto(db, staging, file, options);
    } finally {
      // Anything but a commit leaves the staged touchpoints to delete; after one, the replaced slot.
      await cleanUpTouchpointSlots(db);
    }
  });
}

async function importInto(
  db: DB,
  staging: TouchpointStaging,
  file: Blob,
  options: ImportOptions,
): Promise<ImportResult> {
  const preset = PRESETS[options.preset];
  const writable = () => collector.errorCount === 0 || options.allowPartial === true;
  const collector: Collector = new Collector(
    staging,
    options.batchTouchpoints ?? BATCH_TOUCHPOINTS,
    writable,
  );
  const progress = progressReporter(options.onProgress);
  checkAbort(options.signal);
  try {
    const binary = binaryReason(await readHead(file));
    if (binary) throw new FatalImportError(0, binary);
    if (preset.format === 'json') await readJson(file, collector, options, progress);
    else await readCsv(file, preset, collector, options, progress);
  } catch (error) {
    if (error instanceof WriteError) {
      collector.error(0, error.message);
    } else {
      if (!isFatal(error)) throw error;
      collector.error(error.line, error.message);
    }
    collector.fatal = true;
  }
  checkAbort(options.signal);

  const hasData = collector.leads.size > 0;
  if (!collector.fatal && !hasData && collector.errorCount === 0)
    collector.error(0, 'nothing to import: the file has no data rows');
  let written = false;
  if (!collector.fatal && hasData && writable()) {
    try {
      await collector.flush(true);
      // Each lead's touchpoints of the whole file into one chunk, a partition of leads at a time.
      await staging.settle(collector.replacedLater, {
        signal: options.signal,
        onPartition: (done, of) =>
          progress(READ_SHARE + ((1 - READ_SHARE) / 2) * (done / of), collector.rows),
      });
      let leads = [...collector.leads.values()];
      if (options.mode === 'merge') {
        leads = await withStoredLeads(db, leads);
        await staging.carryOver('imported', (id) => collector.ids.has(id));
      }
      progress(READ_SHARE + (1 - READ_SHARE) / 2, collector.rows);
      checkAbort(options.signal);
      options.onCommit?.();
      await commitStaging(db, 'imported', staging, {
        leads,
        campaigns: [...collector.campaigns.values()],
        mode: options.mode,
      });
      written = true;
    } catch (error) {
      if (options.signal?.aborted && error === options.signal.reason) throw error;
      collector.error(0, (error instanceof WriteError ? error : new WriteError(error)).message);
    }
  }
  progress(1, collector.rows);
  return {
    ok: written,
    leads: collector.leads.size,
    touchpoints: collector.touchpoints,
    campaigns: collector.campaigns.size,
    rows: collector.rows,
    skipped: collector.skipped,
    errors: collector.errors,
    errorCount: collector.errorCount,
  };
}

// ---------------------------------------------------------------------------------------------
// Preview

function flatten(record: unknown, kind: string): Record<string, string> {
  const out: Record<string, string> = { record: kind };
  if (record === null || typeof record !== 'object') return out;
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') {
      const name = (value as { name?: unknown }).name;
      out[key] = typeof name === 'string' ? name : JSON.stringify(value);
    } else {
      out[key] = String(value);
    }
  }
  return out;
}

const SECTION_KIND: Record<Section, string> = {
  leads: 'lead',
  touchpoints: 'touchpoint',
  campaigns: 'campaign',
};

/** The start of the file: what it looks like, which preset fits, about how many rows. */
export async function previewImport(file: Blob): Promise<ImportPreview> {
  const binary = binaryReason(await readHead(file));
  if (binary)
    return { format: 'csv', headers: [], sampleRows: [], preset: null, rowCountEstimate: 0, problem: binary };
  const reader = readText(file, PREVIEW_BYTES);
  const first = (await reader.next()).value ?? { text: '', bytesRead: 0, final: true };
  await reader.return(undefined);
  const { text, bytesRead, final } = first;
  const scale = (count: number, usedChars: number) =>
    final
      ? count
      : usedChars > 0
        ? Math.round((count * file.size) / (bytesRead * (usedChars / text.length)))
        : 0;
  if (!text.trim())
    return {
      format: 'csv',
      headers: [],
      sampleRows: [],
      preset: null,
      rowCountEstimate: 0,
      problem: 'the file is empty',
    };

  if (text.trimStart().startsWith('{')) {
    const rows: Record<string, string>[] = [];
    let format: unknown;
    let elements = 0;
    let problem: string | undefined;
    const scanner = createJsonScanner({
      member(key, value) {
        if (key === 'format') {
          try {
            format = JSON.parse(value);
          } catch {
            format = undefined;
          }
        }
      },
      element(key, _index, value) {
        if (!isSection(key)) return;
        elements++;
        if (rows.length >= SAMPLE_ROWS) return;
        try {
          rows.push(flatten(JSON.parse(value), SECTION_KIND[key]));
        } catch {
          rows.push({ record: SECTION_KIND[key] });
        }
      },
    });
    try {
      scanner.push(text);
      if (final) scanner.end();
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const headers = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    return {
      format: 'json',
      headers,
      sampleRows: rows,
      preset: format === WORKSPACE_FORMAT ? 'loopline-json' : null,
      rowCountEstimate: scale(elements, text.length),
      ...(problem
        ? { problem }
        : format === WORKSPACE_FORMAT
          ? {}
          : { problem: 'not a Loopline workspace file' }),
    };
  }

  const stream = createCsvStream(detectDialect(text));
  let records: CsvRecord[] = [];
  let problem: string | undefined;
  try {
    records = stream.push(text, final).filter((record) => !isBlank(record));
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const headers = (records[0]?.fields ?? []).map((h) => h.trim());
  const data = records.slice(1);
  const sampleRows = data.slice(0, SAMPLE_ROWS).map((record) => {
    const row: Record<string, string> = {};
    headers.forEach((header, i) => {
      if (!(header in row)) row[header] = record.fields[i] ?? '';
    });
    return row;
  });
  const preset = detectPreset(headers);
  return {
    format: 'csv',
    headers,
    sampleRows,
    preset,
    rowCountEstimate: scale(data.length, stream.consumed),
    ...(problem ? { problem } : preset ? {} : { problem: 'the columns do not match any preset' }),
  };
}
