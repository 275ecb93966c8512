import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../model';
import { markMachineActivity, PLATFORM_MACHINE_REASON, withMachineFlags } from './machine';

const T0 = Date.parse('2026-02-02T14:00:00Z');
const newsletter = { id: 'c-news', name: 'Newsletter', channel: 'email' as const };
const other = { id: 'c-other', name: 'Other', channel: 'email' as const };

function tp(
  id: string,
  kind: Touchpoint['kind'],
  seconds: number,
  extra: Partial<Touchpoint> = {},
): Touchpoint {
  return {
    id,
    leadEmail: 'ada@northwind-example.com',
    occurredAt: new Date(T0 + seconds * 1000).toISOString(),
    kind,
    campaign: newsletter,
    title: 'February newsletter',
    source: 'local',
    url: undefined,
    ...extra,
  };
}

const flagged = (touchpoints: Touchpoint[]) =>
  markMachineActivity(touchpoints)
    .filter((t) => t.machine)
    .map((t) => t.id);

describe('markMachineActivity', () => {
  it.each<[string, Touchpoint[], string[]]>([
    ['an open 3 s after the send', [tp('s', 'email_sent', 0), tp('o', 'email_open', 3)], ['o']],
    ['an open at the same second as the send', [tp('o', 'email_open', 0), tp('s', 'email_sent', 0)], ['o']],
    ['an open an hour later is a person', [tp('s', 'email_sent', 0), tp('o', 'email_open', 3600)], []],
    ['an open with no send to compare is left alone', [tp('o', 'email_open', 1)], []],
    [
      'every link clicked within seconds, after a late open',
      [
        tp('s', 'email_sent', 0),
        tp('o', 'email_open', 7200),
        tp('c1', 'email_click', 7201, { url: 'https://www.tidemark.example/a' }),
        tp('c2', 'email_click', 7202, { url: 'https://www.tidemark.example/b' }),
        tp('c3', 'email_click', 7204, { url: 'https://www.tidemark.example/c' }),
      ],
      ['c1', 'c2', 'c3'],
    ],
    [
      'the same link clicked twice (a double click) is a person',
      [
        tp('s', 'email_sent', 0),
        tp('o', 'email_open', 7200),
        tp('c1', 'email_click', 7260, { url: 'https://www.tidemark.example/a' }),
        tp('c2', 'email_click', 7261, { url: 'https://www.tidemark.example/a' }),
      ],
      [],
    ],
    [
      'two links clicked minutes apart are a person',
      [
        tp('s', 'email_sent', 0),
        tp('o', 'email_open', 7200),
        tp('c1', 'email_click', 7260, { url: 'https://www.tidemark.example/a' }),
        tp('c2', 'email_click', 7500, { url: 'https://www.tidemark.example/b' }),
      ],
      [],
    ],
    [
      'a click seconds after the send with no open first',
      [tp('s', 'email_sent', 0), tp('c', 'email_click', 12, { url: 'https://www.tidemark.example/a' })],
      ['c'],
    ],
    [
      'a scanner open and its click are both flagged',
      [
        tp('s', 'email_sent', 0),
        tp('o', 'email_open', 2),
        tp('c', 'email_click', 4, { url: 'https://www.tidemark.example/a' }),
      ],
      ['o', 'c'],
    ],
    [
      'a click long after the send with no open (images off) is a person',
      [tp('s', 'email_sent', 0), tp('c', 'email_click', 5000, { url: 'https://www.tidemark.example/a' })],
      [],
    ],
    [
      'opens are matched to the latest send of the same campaign only',
      [
        tp('s1', 'email_sent', 0),
        tp('s2', 'email_sent', 100, { campaign: other }),
        tp('o1', 'email_open', 103),
        tp('o2', 'email_open', 104, { campaign: other }),
      ],
      ['o2'],
    ],
    [
      'without a campaign the subject names the email',
      [
        tp('s1', 'email_sent', 0, { campaign: undefined, title: 'Hello' }),
        tp('o1', 'email_open', 2, { campaign: undefined, title: 'Hello' }),
        tp('o2', 'email_open', 2, { campaign: undefined, title: 'Other subject' }),
      ],
      ['o1'],
    ],
    [
      'another lead’s send does not count',
      [tp('s', 'email_sent', 0, { leadEmail: 'bob@northwind-example.com' }), tp('o', 'email_open', 2)],
      [],
    ],
    [
      'quick clicks whose links are unknown count as one link: a person',
      [
        tp('s', 'email_sent', 0),
        tp('o', 'email_open', 7200),
        tp('c1', 'email_click', 7260),
        tp('c2', 'email_click', 7261),
      ],
      [],
    ],
    [
      'clicks of different sends do not make a burst',
      [
        tp('s1', 'email_sent', 0),
        tp('o1', 'email_open', 500),
        tp('c1', 'email_click', 598, { url: 'https://www.tidemark.example/a' }),
        tp('s2', 'email_sent', 600),
        tp('o2', 'email_open', 900),
        tp('c2', 'email_click', 1000, { url: 'https://www.tidemark.example/b' }),
      ],
      [],
    ],
  ])('%s', (_name, touchpoints, expected) => {
    expect(flagged(touchpoints).sort()).toEqual([...expected].sort());
  });

  it('keeps the order, keeps untouched objects, and does not mutate the input', () => {
    const input = [tp('o', 'email_open', 3), tp('p', 'page_view', 5), tp('s', 'email_sent', 0)];
    const copy = structuredClone(input);
    const output = markMachineActivity(input);
    expect(output.map((t) => t.id)).toEqual(['o', 'p', 's']);
    expect(output[1]).toBe(input[1]);
    expect(output[0]).toMatchObject({ machine: true, machineReason: 'Opened 3 s after the email was sent' });
    expect(input).toEqual(copy);
  });

  it('keeps a platform flag and gives it a reason when it has none', () => {
    const output = markMachineActivity([
      tp('a', 'email_open', 9000, { machine: true }),
      tp('b', 'email_click', 9000, { machine: true, machineReason: 'Bot Activity: Yes (Marketo)' }),
    ]);
    expect(output.map((t) => [t.machine, t.machineReason])).toEqual([
      [true, PLATFORM_MACHINE_REASON],
      [true, 'Bot Activity: Yes (Marketo)'],
    ]);
  });

  it('explains a burst', () => {
    const output = markMachineActivity([
      tp('s', 'email_sent', 0),
      tp('c1', 'email_click', 3600, { url: 'https://www.tidemark.example/a' }),
      tp('c2', 'email_click', 3603, { url: 'https://www.tidemark.example/b' }),
    ]);
    expect(output[1]?.machineReason).toBe('2 links clicked within 3 s');
  });

  it('is idempotent', () => {
    const once = markMachineActivity([tp('s', 'email_sent', 0), tp('o', 'email_open', 3)]);
    expect(markMachineActivity(once)).toEqual(once);
  });
});

describe('withMachineFlags', () => {
  it('detects once per array, and again when the array grew', () => {
    const touchpoints = [tp('s', 'email_sent', 0), tp('o', 'email_open', 3)];
    const first = withMachineFlags(touchpoints);
    expect(withMachineFlags(touchpoints)).toBe(first);
    expect(first.map((t) => t.machine)).toEqual([undefined, true]);
    touchpoints.push(tp('o2', 'email_open', 4));
    const second = withMachineFlags(touchpoints);
    expect(second).not.toBe(first);
    expect(second.map((t) => t.machine)).toEqual([undefined, true, true]);
  });

  it('takes what markMachineActivity returned (default rules) as marked already', () => {
    const marked = markMachineActivity([tp('s', 'email_sent', 0), tp('o', 'email_open', 3)]);
    expect(withMachineFlags(marked)).toBe(marked);
    const custom = markMachineActivity([tp('s', 'email_sent', 0), tp('o', 'email_open', 3)], {
      openWithinMs: 1_000,
      clickWithinMs: 1_000,
      burstMs: 1_000,
      burstMinLinks: 2,
    });
    expect(withMachineFlags(custom)).not.toBe(custom);
    expect(withMachineFlags(custom).map((t) => t.machine)).toEqual([undefined, true]);
  });

  it('marking marked touchpoints again changes nothing (random email histories)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const kinds: Touchpoint['kind'][] = ['email_sent', 'email_open', 'email_click', 'page_view'];
    for (let round = 0; round < 300; round++) {
      const list = Array.from({ length: random(25) }, (_, i) =>
        tp(`t${i}`, kinds[random(kinds.length)]!, random(120), {
          campaign: random(2) ? newsletter : other,
          url: random(3) ? `https://www.tidemark.example/${random(3)}` : undefined,
          machine: random(10) === 0 ? true : undefined,
        }),
      );
      const once = markMachineActivity(list);
      expect({ round, twice: markMachineActivity(once) }).toEqual({ round, twice: once });
    }
  });
});
