/**
 * Reading a CSV export: each row through its preset (../presets) into a lead and touchpoints of
 * the canonical model, validated; a bad row is reported by its line and the rest go on.
 */
import { CHANNELS, Lead, Touchpoint, TOUCHPOINT_KINDS, type Channel } from '../../model';
import { defaultTimeZone } from '../../insights/zone';
import { campaignIdFor, guessChannel } from '../campaigns';
import { createCsvStream, detectDialect, type CsvRecord } from '../csv-stream';
import { hash64 } from '../hash';
import { resolveColumns, RowError, type CsvPreset, type LeadDraft, type TouchpointDraft } from '../presets';
import { DEFAULT_CHUNK_BYTES, readSample, readText } from '../read';
import { CsvRowReader, type Address } from '../row';
import type { Collector } from './collector';
import { createYielder } from './pace';
import { clip, compact, detach, detachAll, issueText } from './records';
import { checkAbort, FatalImportError, PREVIEW_BYTES, READ_SHARE, type ImportOptions } from './types';

function toLead(draft: LeadDraft): Lead {
  const parsed = Lead.safeParse(compact({ ...draft, refs: draft.refs ?? [] }));
  if (!parsed.success) throw new RowError(undefined, issueText(parsed.error));
  return compact(parsed.data);
}

/** A lead as parsed from a draft, and whether the collector has it already. */
interface KnownLead {
  /** The draft it was parsed from, as DraftText (undefined: never matched again). */
  text: string | undefined;
  score: number | undefined;
  lead: Lead;
  /** The collector's number for the lead (Collector.leadNumber), once it is added. */
  number: number;
}

/**
 * toLead, remembering each address's last draft (with the address, `memo`): an activity export
 * repeats the same lead columns on every one of a lead's rows, and validating them (and handing
 * them to the collector) once is enough. Leads are never mutated, so sharing one is safe.
 * A draft equal to one already handed on may be skipped whichever spelling of the address it
 * came with: handing the collector the same lead again changes nothing.
 */
function leadOf(draft: LeadDraft, address: Address<KnownLead> | undefined): KnownLead {
  // The address the preset read, when the lead is that address's (every preset's lead is).
  const own = address !== undefined && address.email === draft.email ? address : undefined;
  const last = own?.memo;
  if (last && isDraft(last.text, last.score, draft)) return last;
  // The address is one string per address (Address.email), never a cut of the file's text.
  const kept = { ...detachAll(draft), email: draft.email };
  // Parsed from the detached copy, the lead shares its strings (zod hands strings through).
  const lead = toLead(kept);
  const entry: KnownLead = { text: draftText(draft), score: draft.score, lead, number: -1 };
  if (own) own.memo = entry;
  return entry;
}

/*
 * DraftText: a lead draft's texts (all its fields but the address and the score) in one string,
 * each text as one character for its length plus one (0 for none) and then the text itself, the
 * refs as one character for their number plus one (0 for none) and then each ref's source, id
 * and url. On each of a lead's rows, the row's draft is compared with the lead's last one: read
 * from one string, not from the last draft's fields and refs, which are objects scattered through
 * memory (a lead's rows are far apart in a file), each of them a cache miss.
 */

/** Longer texts (and refs lists) are not written: such a draft is parsed again on every row. */
const MAX_TEXT = 0xfffe;

/** DraftText of a draft, or undefined when a text is too long or not a string. */
export function draftText(d: LeadDraft): string | undefined {
  // Joined, not concatenated: join makes one flat string, where `+=` makes a chain of pieces
  // that every comparison would have to walk (or flatten) first.
  const parts: string[] = [];
  const write = (value: string | undefined): boolean => {
    if (value === undefined) parts.push('\0');
    else if (typeof value !== 'string' || value.length > MAX_TEXT) return false;
    else parts.push(String.fromCharCode(value.length + 1), value);
    return true;
  };
  const written =
    write(d.name) &&
    write(d.company) &&
    write(d.title) &&
    write(d.lifecycleStage) &&
    write(d.leadStatus) &&
    write(d.owner) &&
    write(d.mqlAt) &&
    write(d.source);
  if (!written) return undefined;
  const refs = d.refs;
  if (refs === undefined) parts.push('\0');
  else if (refs.length > MAX_TEXT) return undefined;
  else {
    parts.push(String.fromCharCode(refs.length + 1));
    for (const ref of refs) if (!write(ref.source) || !write(ref.id) || !write(ref.url)) return undefined;
  }
  return parts.join('');
}

/** Where `value` ends in `text` when it is written at `at` (DraftText), or -1 when it is not. */
function textAt(text: string, at: number, value: string | undefined): number {
  const mark = text.charCodeAt(at);
  if (value === undefined) return mark === 0 ? at + 1 : -1;
  const length = value.length;
  if (mark !== length + 1) return -1;
  for (let i = 0; i < length; i++) if (value.charCodeAt(i) !== text.charCodeAt(at + 1 + i)) return -1;
  return at + 1 + length;
}

/**
 * Whether draft `d` has the texts and score of a draft whose DraftText is `text` (its address is
 * the caller's to compare): each field equal (===), refs one by one.
 */
export function isDraft(text: string | undefined, score: number | undefined, d: LeadDraft): boolean {
  if (text === undefined || score !== d.score) return false;
  let at = textAt(text, 0, d.name);
  if (at >= 0) at = textAt(text, at, d.company);
  if (at >= 0) at = textAt(text, at, d.title);
  if (at >= 0) at = textAt(text, at, d.lifecycleStage);
  if (at >= 0) at = textAt(text, at, d.leadStatus);
  if (at >= 0) at = textAt(text, at, d.owner);
  if (at >= 0) at = textAt(text, at, d.mqlAt);
  if (at >= 0) at = textAt(text, at, d.source);
  if (at < 0) return false;
  const refs = d.refs;
  const mark = text.charCodeAt(at++);
  if (refs === undefined) return mark === 0 && at === text.length;
  if (mark !== refs.length + 1) return false;
  for (let i = 0; i < refs.length && at >= 0; i++) {
    const ref = refs[i]!;
    at = textAt(text, at, ref.source);
    if (at >= 0) at = textAt(text, at, ref.id);
    if (at >= 0) at = textAt(text, at, ref.url);
  }
  return at === text.length;
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
  // Not compacted: it is only packed (packTouchpoint leaves absent fields out), never stored whole.
  return {
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
  };
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
  /** The row's line and fields, for an id from its content when the draft has no key. */
  record: CsvRecord,
  index: number,
  campaignOf: CampaignResolver,
): Touchpoint {
  const campaign = draft.campaign ? campaignOf(draft.campaign) : undefined;
  const input = {
    id:
      draft.id ??
      `imp-${hash64(draft.key ?? `${record.line}\u0000${index}\u0000${record.fields.join('\u001f')}`)}`,
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

export function isBlank(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0]!.trim() === '';
}

function span(record: CsvRecord): string {
  return record.lastLine > record.line ? ` (the row runs on to line ${record.lastLine})` : '';
}

export async function readCsv(
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
  let reader: CsvRowReader<KnownLead> | undefined;
  const yieldToPage = createYielder();
  const campaignOf = createCampaignResolver(preset.defaultChannel);

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
        reader = new CsvRowReader<KnownLead>({ columns, dates });
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
      reader.address = undefined;
      try {
        const mapped = preset.map(reader);
        if ('skip' in mapped) {
          collector.skipped++;
          continue;
        }
        const known = leadOf(mapped.lead, reader.address);
        const lead = known.lead;
        // A plain loop: no closures per row.
        const drafts = mapped.touchpoints;
        const touchpoints: Touchpoint[] = new Array<Touchpoint>(drafts.length);
        for (let i = 0; i < drafts.length; i++)
          touchpoints[i] = toTouchpoint(drafts[i]!, lead.email, record, i, campaignOf);
        // Only a row that is good as a whole is kept.
        if (known.number < 0) {
          collector.addLead(lead, true);
          known.number = collector.leadNumber(lead.email);
        }
        for (const touchpoint of touchpoints) collector.addTouchpointOf(known.number, touchpoint);
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
