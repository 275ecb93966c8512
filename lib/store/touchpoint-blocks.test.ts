import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../model';
import {
  blockOf,
  blockTouchpoints,
  PackedRows,
  packTouchpoint,
  packTouchpoints,
  segmentText,
  segmentTouchpoints,
  unpackTouchpoints,
} from './touchpoint-blocks';

const touch = (
  id: string,
  leadEmail: string,
  occurredAt: string,
  over: Partial<Touchpoint> = {},
): Touchpoint => ({
  id,
  leadEmail,
  occurredAt,
  kind: 'page_view',
  title: `Visited ${id}`,
  source: 'local',
  ...over,
});

describe('touchpoint blocks', () => {
  it('packs and unpacks every field, non-ASCII and JSON-special text included', () => {
    const items = [
      touch('a', 'ada@example.com', '2026-01-01T00:00:00.000Z', {
        campaign: { id: 'c', name: 'Café "Q1", ✓', channel: 'event' },
        url: 'https://example.com/ü',
        detail: 'tab\tnew\nline \\ back',
        machine: false,
        machineReason: 'x',
      }),
      touch('b', 'ada@example.com', '2026-01-02T00:00:00.000Z', { title: '' }),
      touch('c', 'ada@example.com', '2026-01-03T00:00:00.000Z', { machine: true }),
    ];
    expect(unpackTouchpoints('ada@example.com', packTouchpoints(items))).toEqual(items);
    expect(JSON.parse(`[${items.map(packTouchpoint).join(',')}]`)).toEqual(
      JSON.parse(packTouchpoints(items)),
    );
  });

  it('writes the stored packing: fields by position, absent ones null, trailing absent ones left out', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(packTouchpoint(touch('a', 'ada@example.com', at))).toBe(
      `["a","${at}","page_view","Visited a","local"]`,
    );
    expect(
      packTouchpoint(
        touch('b', 'ada@example.com', at, { campaign: { id: 'c', name: 'C', channel: 'email' } }),
      ),
    ).toBe(`["b","${at}","page_view","Visited b","local","c","C","email"]`);
    expect(packTouchpoint(touch('d', 'ada@example.com', at, { machine: true }))).toBe(
      `["d","${at}","page_view","Visited d","local",null,null,null,null,null,true]`,
    );
    expect(
      packTouchpoint(touch('e', 'ada@example.com', at, { url: 'https://x.example/', machineReason: 'bot' })),
    ).toBe(
      `["e","${at}","page_view","Visited e","local",null,null,null,"https://x.example/",null,null,"bot"]`,
    );
  });

  it('groups a packed batch into one record per block, each lead with its rows and latest time', () => {
    const rows = new PackedRows();
    const leads = ['a@x.example', 'b@x.example', 'ç@x.example', 'd@x.example'];
    const all: Touchpoint[] = [];
    leads.forEach((lead, l) => {
      for (let i = 0; i < 3; i++) {
        const t = touch(`${l}-${i}`, lead, `2026-01-0${3 - i}T00:00:00.000Z`, { title: `ü ${i}` });
        all.push(t);
        rows.add(t.leadEmail, t.occurredAt, packTouchpoint(t));
      }
    });
    // A later row replaces one of the batch.
    rows.remove(1);
    const again = touch('0-1', leads[0]!, '2026-02-01T00:00:00.000Z', { title: 'again' });
    rows.add(again.leadEmail, again.occurredAt, packTouchpoint(again));
    expect(rows.live).toBe(12);
    const records = rows.toBlocks('slot', 2, 7);
    expect(records.length).toBeLessThanOrEqual(2);
    for (const record of records) {
      expect(record.seq).toBe(7);
      record.leads.forEach((lead, i) => {
        expect(record.leadEmail).toBe(`#${blockOf(lead, 2)}`);
        const items = segmentTouchpoints(record, i);
        expect(record.lasts[i]).toBe(
          items
            .map((t) => t.occurredAt)
            .sort()
            .at(-1),
        );
      });
    }
    const read = records.flatMap((record) => [...blockTouchpoints(record)]);
    const expected = [...all.filter((t) => t.id !== '0-1'), again];
    const byId = (a: Touchpoint, b: Touchpoint) => (a.id < b.id ? -1 : 1);
    expect(read.sort(byId)).toEqual(expected.sort(byId));
    // Cleared, the buffer starts the next batch empty.
    rows.clear();
    expect(rows.toBlocks('slot', 2, 8)).toEqual([]);
    rows.add(again.leadEmail, again.occurredAt, packTouchpoint(again));
    expect(rows.toBlocks('slot', 2, 8).map((r) => r.lasts)).toEqual([['2026-02-01T00:00:00.000Z']]);
  });

  it('keeps each row whole and in order across ASCII and non-ASCII rows, in batches of any size', () => {
    // Enough rows that ASCII text is gathered and encoded several times, with non-ASCII rows
    // (written on their own) and a replaced row in between.
    const rows = new PackedRows();
    const all: Touchpoint[] = [];
    for (let i = 0; i < 3000; i++) {
      const title = i % 7 === 0 ? `Café ✓ ${i} 😀` : `Visited /page/${i} ${'x'.repeat(i % 50)}`;
      const t = touch(
        `t${i}`,
        `lead${i % 13}@x.example`,
        `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
        {
          title,
        },
      );
      all.push(t);
      rows.add(t.leadEmail, t.occurredAt, packTouchpoint(t));
    }
    rows.remove(100);
    const expected = all.filter((_, i) => i !== 100);
    const read = rows
      .toBlocks('slot', 3, 0)
      .flatMap((record) => record.leads.map((lead, i) => ({ lead, text: segmentText(record, i) })));
    // Each lead's segment is exactly packTouchpoints of its rows in file order.
    for (const { lead, text } of read)
      expect(text).toBe(packTouchpoints(expected.filter((t) => t.leadEmail === lead)));
    expect(read.length).toBe(13);
  });

  it('writes a touchpoint straight into the batch exactly as packTouchpoint would, whatever its text', () => {
    let seed = 11;
    const pick = <T>(options: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return options[Math.floor((seed / 2 ** 31) * options.length)]!;
    };
    // Plain ASCII, and every kind of text JSON escapes or writes in more than a byte.
    const texts = [
      '',
      'Visited /pricing',
      'say "hi"',
      'back\\slash',
      'tab\there',
      '\u0000\u001f\u007f',
      'Café',
      '😀',
      '\ud800',
    ];
    const maybe = <T>(options: readonly T[]) => pick([undefined, ...options]);
    const rows = new PackedRows();
    const all: Touchpoint[] = [];
    for (let i = 0; i < 3000; i++) {
      const t = touch(`t${i}`, `lead${i % 5}@x.example`, '2026-01-01T00:00:00.000Z', {
        title: pick(texts),
        campaign: maybe([{ id: 'c1', name: pick(texts), channel: 'email' as const }]),
        url: maybe(['https://x.example/a?b=1', 'https://x.example/ü']),
        detail: maybe(texts),
        machine: maybe([true, false]),
        machineReason: maybe(texts),
      });
      for (const key of Object.keys(t) as (keyof Touchpoint)[]) if (t[key] === undefined) delete t[key];
      all.push(t);
      rows.addTouchpointOf(rows.leadNumber(t.leadEmail), t);
    }
    const records = rows.toBlocks('slot', 2, 0);
    const segments = records.flatMap((record) =>
      record.leads.map((lead, i) => ({ lead, text: segmentText(record, i) })),
    );
    expect(segments).toHaveLength(5);
    for (const { lead, text } of segments)
      expect(text).toBe(packTouchpoints(all.filter((t) => t.leadEmail === lead)));
  });
});
