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
  /** Each lead's address, its latest `occurredAt` (ISO), and its touchpoints (packTouchpoints). */
  leads: string[];
  lasts: string[];
  packed: string[];
}

/** Which of `blocks` a lead's touchpoints go to (FNV-1a of the address). Stored: never change it. */
export function blockOf(email: string, blocks: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < email.length; i++) h = Math.imul(h ^ email.charCodeAt(i), 0x01000193);
  return (h >>> 0) % blocks;
}

/** The second key part of a block's records: never an e-mail address (no '@'). */
export const blockKey = (block: number) => `#${block}`;

export const isBlock = (record: object): record is TouchpointBlock => 'packed' in record;

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
  {
    const row: Packed = [t.id, t.occurredAt, t.kind, t.title, t.source];
    const c = t.campaign;
    const tail: Packed = [
      c ? c.id : null,
      c ? c.name : null,
      c ? c.channel : null,
      t.url ?? null,
      t.detail ?? null,
      t.machine ?? null,
      t.machineReason ?? null,
    ];
    let end = tail.length;
    while (end > 0 && tail[end - 1] === null) end--;
    for (let k = 0; k < end; k++) row.push(tail[k]!);
    return row;
  }
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

/**
 * A batch of touchpoints already packed one by one (packTouchpoint): `leads[i]`, `at[i]` (its
 * `occurredAt`) and `rows[i]` describe touchpoint i. What an import holds between two writes:
 * a string per touchpoint rather than an object graph.
 */
export interface PackedBatch {
  leads: string[];
  at: string[];
  rows: string[];
}

/** A packed batch grouped into block records, one per block touched. */
export function packedToBlocks(
  slot: string,
  blocks: number,
  seq: number,
  batch: PackedBatch,
): TouchpointBlock[] {
  const byBlock = new Map<number, Map<string, { rows: string[]; last: string }>>();
  for (let i = 0; i < batch.rows.length; i++) {
    const email = batch.leads[i]!;
    const at = batch.at[i]!;
    const block = blockOf(email, blocks);
    let leads = byBlock.get(block);
    if (!leads) byBlock.set(block, (leads = new Map()));
    const lead = leads.get(email);
    if (!lead) leads.set(email, { rows: [batch.rows[i]!], last: at });
    else {
      lead.rows.push(batch.rows[i]!);
      if (at > lead.last) lead.last = at;
    }
  }
  const records: TouchpointBlock[] = [];
  for (const [block, leads] of byBlock) {
    const record: TouchpointBlock = {
      slot,
      leadEmail: blockKey(block),
      seq,
      leads: [],
      lasts: [],
      packed: [],
    };
    for (const [email, lead] of leads) {
      record.leads.push(email);
      record.lasts.push(lead.last);
      record.packed.push(`[${lead.rows.join(',')}]`);
    }
    records.push(record);
  }
  return records;
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
    const record: TouchpointBlock = {
      slot,
      leadEmail: blockKey(block),
      seq: seqOf(block),
      leads: [],
      lasts: [],
      packed: [],
    };
    for (const [email, items] of leads) {
      let last = '';
      for (const item of items) if (item.occurredAt > last) last = item.occurredAt;
      record.leads.push(email);
      record.lasts.push(last);
      record.packed.push(packTouchpoints(items));
    }
    records.push(record);
  }
  return records;
}

/** Every touchpoint of a block record, lead after lead. */
export function* blockTouchpoints(record: TouchpointBlock): Generator<Touchpoint> {
  for (let i = 0; i < record.leads.length; i++) yield* unpackTouchpoints(record.leads[i]!, record.packed[i]!);
}
