/**
 * The block layout of an imported slot (SlotState.blocks): leads are spread over a fixed number of
 * blocks by a hash of their address, and each write (an import batch) stores one record per
 * block holding the touchpoints of all its leads, each lead's packed into one JSON string.
 *
 * Why: Chromium's IndexedDB pays a fixed cost per record (some tens of µs here) and the
 * structured clone of a touchpoint object costs more than the touchpoint's bytes; a record per
 * lead (the chunk layout) made a million-row import write and then rewrite some hundred thousand
 * small records of objects. Blocks make it a few thousand records of strings, written once, as
 * they are read; a lead's history is still found without a scan (its block, then its segment).
 *
 * The format is stored: `blockOf` and the packing below must never change for an existing slot.
 */
import type { Touchpoint } from '../model';

/** A block record: the leads of one block that one write touched, with their packed touchpoints. */
export interface TouchpointBlock {
  slot: string;
  /** blockKey(block): the key path is shared with the chunk layout. */
  leadEmail: string;
  seq: number;
  /** Each lead's address and its latest `occurredAt` (ISO). */
  leads: string[];
  lasts: string[];
  /**
   * The leads' touchpoints, lead i's (packTouchpoints, as UTF-8) from `ends[i - 1]` (0 for the
   * first) to `ends[i]`: bytes, which the browser copies as they are, not strings or objects.
   */
  bytes: Uint8Array;
  ends: number[];
}

/** Which of `blocks` a lead's touchpoints go to (FNV-1a of the address). Stored: never change it. */
export function blockOf(email: string, blocks: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < email.length; i++) h = Math.imul(h ^ email.charCodeAt(i), 0x01000193);
  return (h >>> 0) % blocks;
}

/** The second key part of a block's records: never an e-mail address (no '@'). */
export const blockKey = (block: number) => `#${block}`;

export const isBlock = (record: object): record is TouchpointBlock => 'bytes' in record;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Lead i's touchpoints in a block record, as the JSON text packTouchpoints wrote. */
export function segmentText(record: TouchpointBlock, i: number): string {
  return decoder.decode(record.bytes.subarray(i === 0 ? 0 : record.ends[i - 1]!, record.ends[i]!));
}

/** Lead i's touchpoints in a block record. */
export function segmentTouchpoints(record: TouchpointBlock, i: number): Touchpoint[] {
  return unpackTouchpoints(record.leads[i]!, segmentText(record, i));
}

/** A block record holding `segments` (lead, last, JSON text). */
export function blockRecord(
  slot: string,
  block: number,
  seq: number,
  segments: readonly { lead: string; last: string; text: string }[],
): TouchpointBlock {
  const encoded = segments.map((segment) => encoder.encode(segment.text));
  const bytes = new Uint8Array(encoded.reduce((sum, part) => sum + part.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const part of encoded) {
    bytes.set(part, at);
    at += part.length;
    ends.push(at);
  }
  return {
    slot,
    leadEmail: blockKey(block),
    seq,
    leads: segments.map((segment) => segment.lead),
    lasts: segments.map((segment) => segment.last),
    bytes,
    ends,
  };
}

type Packed = (string | boolean | null)[];

/**
 * One lead's touchpoints as one string: a JSON array of arrays, positions for the fields
 * (id, occurredAt, kind, title, source, then optional campaign id, name, channel, url, detail,
 * machine, machineReason, trailing absent ones left out). The address is the segment's.
 */
export function packTouchpoints(items: readonly Touchpoint[]): string {
  const rows: Packed[] = new Array<Packed>(items.length);
  for (let i = 0; i < items.length; i++) rows[i] = packRow(items[i]!);
  return JSON.stringify(rows);
}

/** One touchpoint's part of packTouchpoints' string (joined with ',' inside '[…]'). */
export function packTouchpoint(t: Touchpoint): string {
  return JSON.stringify(packRow(t));
}

function packRow(t: Touchpoint): Packed {
  const c = t.campaign;
  // One array, cut after its last present field (this runs per row of an import).
  const row: Packed = [
    t.id,
    t.occurredAt,
    t.kind,
    t.title,
    t.source,
    c ? c.id : null,
    c ? c.name : null,
    c ? c.channel : null,
    t.url ?? null,
    t.detail ?? null,
    t.machine ?? null,
    t.machineReason ?? null,
  ];
  let end = row.length;
  while (end > 5 && row[end - 1] === null) end--;
  row.length = end;
  return row;
}

/** The touchpoints `packTouchpoints` packed, for the lead `leadEmail`, fields in the model's order. */
export function unpackTouchpoints(leadEmail: string, packed: string): Touchpoint[] {
  const rows = JSON.parse(packed) as Packed[];
  const out: Touchpoint[] = new Array<Touchpoint>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const t: Record<string, unknown> = { id: r[0], leadEmail, occurredAt: r[1], kind: r[2] };
    if (r.length > 5 && r[5] !== null) t.campaign = { id: r[5], name: r[6], channel: r[7] };
    t.title = r[3];
    if (r.length > 8 && r[8] !== null) t.url = r[8];
    if (r.length > 9 && r[9] !== null) t.detail = r[9];
    t.source = r[4];
    if (r.length > 10 && r[10] !== null) t.machine = r[10];
    if (r.length > 11 && r[11] !== null) t.machineReason = r[11];
    out[i] = t as Touchpoint;
  }
  return out;
}

/** Touchpoints grouped into block records, one per block touched (records of `slot`, from `seq`). */
export function toBlocks(
  slot: string,
  blocks: number,
  seqOf: (block: number) => number,
  touchpoints: Iterable<Touchpoint>,
): TouchpointBlock[] {
  const byBlock = new Map<number, Map<string, Touchpoint[]>>();
  for (const t of touchpoints) {
    const block = blockOf(t.leadEmail, blocks);
    let leads = byBlock.get(block);
    if (!leads) byBlock.set(block, (leads = new Map()));
    const list = leads.get(t.leadEmail);
    if (list) list.push(t);
    else leads.set(t.leadEmail, [t]);
  }
  const records: TouchpointBlock[] = [];
  for (const [block, leads] of byBlock) {
    const segments = [...leads].map(([lead, items]) => {
      let last = '';
      for (const item of items) if (item.occurredAt > last) last = item.occurredAt;
      return { lead, last, text: packTouchpoints(items) };
    });
    records.push(blockRecord(slot, block, seqOf(block), segments));
  }
  return records;
}

/** Every touchpoint of a block record, lead after lead. */
export function* blockTouchpoints(record: TouchpointBlock): Generator<Touchpoint> {
  for (let i = 0; i < record.leads.length; i++) yield* segmentTouchpoints(record, i);
}

/** A character outside ASCII: text without one is UTF-8 of a byte per character. */
const NON_ASCII = /[\u0080-\uffff]/;
const NULL = Array.from('null', (c) => c.charCodeAt(0));
const TRUE = Array.from('true', (c) => c.charCodeAt(0));
const FALSE = Array.from('false', (c) => c.charCodeAt(0));

/** `bytes` written into `buf` at `at`; where they end. */
function put(buf: Uint8Array, at: number, bytes: readonly number[]): number {
  for (const byte of bytes) buf[at++] = byte;
  return at;
}

/** Characters of ASCII rows gathered before they are encoded into the buffer in one call. */
const PENDING_CHARS = 64 * 1024;

/**
 * An import's batch of touchpoints, packed as they are read (packTouchpoint) into one
 * growing buffer of UTF-8: what the import holds between two writes is bytes, not an object or a
 * string per touchpoint that the garbage collector would carry into its old generation. Reused
 * batch after batch; `toBlocks` copies what a write needs.
 */
export class PackedRows {
  private buf = new Uint8Array(1 << 20);
  private used = 0;
  /** Per row: where its bytes end, and its lead's number (-1: replaced by a later row). */
  private ends = new Int32Array(1 << 14);
  private leadOf = new Int32Array(1 << 14);
  count = 0;
  /** Leads by number, for the whole import. */
  private readonly leadNumbers = new Map<string, number>();
  private readonly leadNames: string[] = [];
  /** Per lead number, its latest `occurredAt` in this batch ('' when it has none). */
  private lasts: string[] = [];
  private touched: number[] = [];
  /** Rows live (not replaced). */
  live = 0;

  add(leadEmail: string, occurredAt: string, row: string): number {
    return this.addOf(this.leadNumber(leadEmail), occurredAt, row);
  }

  /**
   * The number this import gives `leadEmail` (the same for every batch), for `addOf`: a caller
   * that keeps it saves looking the address up again on each of the lead's rows.
   */
  leadNumber(leadEmail: string): number {
    let lead = this.leadNumbers.get(leadEmail);
    if (lead === undefined) {
      lead = this.leadNames.length;
      this.leadNumbers.set(leadEmail, lead);
      this.leadNames.push(leadEmail);
    }
    return lead;
  }

  /**
   * `addOf` for touchpoint `t`, packed (packTouchpoint) straight into the buffer when every text
   * in it is ASCII that JSON writes as it is, as nearly all are: no JSON string to make and then
   * encode for each row. Any other touchpoint goes through packTouchpoint.
   */
  addTouchpointOf(lead: number, t: Touchpoint): number {
    if (!this.writePlain(t)) return this.addOf(lead, t.occurredAt, packTouchpoint(t));
    return this.addWritten(lead, t.occurredAt);
  }

  /** Writes packTouchpoint(t)'s bytes at the buffer's end, or nothing and false (see addTouchpointOf). */
  private writePlain(t: Touchpoint): boolean {
    this.settle();
    // packTouchpoint's fields, already cut after the last present one.
    const fields = packRow(t);
    const end = fields.length;
    let size = 2 + end * 7;
    for (let k = 0; k < end; k++) {
      const value = fields[k];
      if (typeof value === 'string') size += value.length;
    }
    this.room(size);
    const buf = this.buf;
    let at = this.used;
    buf[at++] = 0x5b; // [
    for (let k = 0; k < end; k++) {
      if (k > 0) buf[at++] = 0x2c; // ,
      const value = fields[k];
      if (typeof value === 'string') {
        buf[at++] = 0x22; // "
        for (let i = 0; i < value.length; i++) {
          const code = value.charCodeAt(i);
          // JSON escapes '"', '\' and control characters; anything beyond ASCII takes more bytes.
          if (code < 0x20 || code === 0x22 || code === 0x5c || code > 0x7e) return false;
          buf[at++] = code;
        }
        buf[at++] = 0x22;
      } else if (value === null || value === undefined) at = put(buf, at, NULL);
      else if (value === true) at = put(buf, at, TRUE);
      else if (value === false) at = put(buf, at, FALSE);
      else return false;
    }
    buf[at++] = 0x5d; // ]
    this.used = at;
    return true;
  }

  /** `add` for the lead numbered `lead` (leadNumber). */
  addOf(lead: number, occurredAt: string, row: string): number {
    if (!NON_ASCII.test(row)) {
      this.pending += row;
      if (this.pending.length >= PENDING_CHARS) this.settle();
    } else {
      this.settle();
      this.room(row.length * 3);
      this.used += encoder.encodeInto(row, this.buf.subarray(this.used)).written;
    }
    return this.addWritten(lead, occurredAt);
  }

  /** Records a row whose bytes were just added, for the lead numbered `lead`. */
  private addWritten(lead: number, occurredAt: string): number {
    const last = this.lasts[lead];
    if (!last) {
      this.touched.push(lead);
      this.lasts[lead] = occurredAt;
    } else if (occurredAt > last) this.lasts[lead] = occurredAt;
    if (this.count === this.ends.length) {
      const ends = new Int32Array(this.count * 2);
      ends.set(this.ends);
      this.ends = ends;
      const leads = new Int32Array(this.count * 2);
      leads.set(this.leadOf);
      this.leadOf = leads;
    }
    // Pending text is ASCII: a byte per character.
    this.ends[this.count] = this.used + this.pending.length;
    this.leadOf[this.count] = lead;
    this.live++;
    return this.count++;
  }

  /**
   * ASCII rows (what nearly every row is) not yet in `buf`, one byte per character: they are
   * encoded a few thousand at a time, because in a browser each encodeInto call costs more than a
   * row's bytes (its result is a new dictionary), and copying them character by character in
   * script costs more than the encoder's native copy.
   */
  private pending = '';

  /** Room in `buf` for `bytes` more after what it holds. */
  private room(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.used + bytes));
    next.set(this.buf.subarray(0, this.used));
    this.buf = next;
  }

  /** Moves the pending rows into `buf`. */
  private settle(): void {
    if (!this.pending) return;
    this.room(this.pending.length);
    this.used += encoder.encodeInto(this.pending, this.buf.subarray(this.used)).written;
    this.pending = '';
  }

  /** Row `row` of this batch is replaced by a later one: it is left out. */
  remove(row: number): void {
    if (this.leadOf[row]! < 0) return;
    this.leadOf[row] = -1;
    this.live--;
  }

  /** Each lead number's block (blockOf), for `blocksOf` blocks; -1 until asked. */
  private leadBlocks = new Int32Array(0);
  private blocksOf = 0;

  private blockOfLead(lead: number, blocks: number): number {
    if (blocks !== this.blocksOf || this.leadBlocks.length < this.leadNames.length) {
      const next = new Int32Array(Math.max(1024, this.leadNames.length * 2)).fill(-1);
      if (blocks === this.blocksOf) next.set(this.leadBlocks);
      this.leadBlocks = next;
      this.blocksOf = blocks;
    }
    let block = this.leadBlocks[lead]!;
    if (block < 0) this.leadBlocks[lead] = block = blockOf(this.leadNames[lead]!, blocks);
    return block;
  }

  /**
   * The batch as block records (copies), one per block it touches: blocks in the order their
   * first lead first appears in the batch, leads likewise, and each lead's rows in file order.
   */
  toBlocks(slot: string, blocks: number, seq: number): TouchpointBlock[] {
    this.settle();
    const leadOf = this.leadOf;
    const ends = this.ends;
    const buf = this.buf;
    // Rows of each lead, in order: a counting sort by lead number, in typed arrays.
    const leadCount = this.leadNames.length;
    const rowsOfLead = new Int32Array(leadCount);
    const firstSeen: number[] = [];
    for (let row = 0; row < this.count; row++) {
      const lead = leadOf[row]!;
      if (lead < 0) continue;
      if (rowsOfLead[lead] === 0) firstSeen.push(lead);
      rowsOfLead[lead]!++;
    }
    const next = new Int32Array(leadCount);
    let total = 0;
    for (const lead of firstSeen) {
      next[lead] = total;
      total += rowsOfLead[lead]!;
    }
    const sorted = new Int32Array(total);
    for (let row = 0; row < this.count; row++) {
      const lead = leadOf[row]!;
      if (lead >= 0) sorted[next[lead]!++] = row;
    }
    // next[lead] is now where the lead's rows end in `sorted`.
    const byBlock = new Map<number, number[]>();
    for (const lead of firstSeen) {
      const block = this.blockOfLead(lead, blocks);
      const list = byBlock.get(block);
      if (list) list.push(lead);
      else byBlock.set(block, [lead]);
    }
    const records: TouchpointBlock[] = [];
    for (const [block, leads] of byBlock) {
      // Each row's bytes and a comma or bracket, and each lead's closing bracket.
      let size = 0;
      for (const lead of leads) {
        const last = next[lead]!;
        for (let k = last - rowsOfLead[lead]!; k < last; k++) {
          const row = sorted[k]!;
          size += ends[row]! - (row === 0 ? 0 : ends[row - 1]!) + 1;
        }
        size++;
      }
      const bytes = new Uint8Array(size);
      const segmentEnds: number[] = new Array<number>(leads.length);
      let at = 0;
      for (let j = 0; j < leads.length; j++) {
        const lead = leads[j]!;
        const last = next[lead]!;
        const first = last - rowsOfLead[lead]!;
        for (let k = first; k < last; k++) {
          bytes[at++] = k === first ? 0x5b : 0x2c; // [ or ,
          const row = sorted[k]!;
          const start = row === 0 ? 0 : ends[row - 1]!;
          bytes.set(buf.subarray(start, ends[row]!), at);
          at += ends[row]! - start;
        }
        bytes[at++] = 0x5d; // ]
        segmentEnds[j] = at;
      }
      records.push({
        slot,
        leadEmail: blockKey(block),
        seq,
        leads: leads.map((lead) => this.leadNames[lead]!),
        lasts: leads.map((lead) => this.lasts[lead]!),
        bytes,
        ends: segmentEnds,
      });
    }
    return records;
  }

  /** Empties the batch (the buffer is kept for the next). */
  clear(): void {
    for (const lead of this.touched) this.lasts[lead] = '';
    this.touched = [];
    this.used = 0;
    this.pending = '';
    this.count = 0;
    this.live = 0;
  }
}
