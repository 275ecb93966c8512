/**
 * The report's helpers on their own, each against the plain way of doing the same thing: the
 * id order within an instant, the outcome table and the follow-up times per lead.
 */
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../model';
import { createRng, type Rng } from '../sample/prng';
import {
  CampaignSums,
  Credits,
  idPrefix,
  leadNumber,
  readOutcomes,
  sortByTimeThenId,
  type Campaigns,
} from './compute-funnel';
import { followUpTimes } from './compute-sla';

/** Ids that make the order hard: shared prefixes, prefixes of each other, capitals, non-ASCII. */
function randomId(rng: Rng): string {
  const alphabet = ['a', 'b', 'B', 'Z', '0', '9', '-', '_', 'é', 'É', '\u0000', '😀', 'ﬀ'];
  const stem = rng.pick(['', 'a', 'ab', 'abc', 'abc-', 'ABC', 'é', 'ｆ']);
  let id = stem;
  const extra = rng.int(0, 4);
  for (let i = 0; i < extra; i++) id += rng.pick(alphabet);
  return id;
}

const outcomeWith = (fields: Partial<Outcome>): Outcome =>
  ({
    id: 'x',
    leadEmail: 'a@x.example',
    kind: 'meeting_booked',
    createdAt: '2026-01-01T00:00:00.000Z',
    target: 'local',
    delivery: 'delivered',
    ...fields,
  }) as Outcome;

describe('idPrefix', () => {
  it('never puts two ids out of their code-unit order', () => {
    const rng = createRng(11);
    const ids = Array.from({ length: 3_000 }, () => randomId(rng)).sort();
    for (let i = 0; i + 1 < ids.length; i++) {
      const [x, y] = [ids[i]!, ids[i + 1]!];
      if (idPrefix(x) > idPrefix(y)) expect({ x, y }).toBe('in order');
    }
  });

  it('tells ids apart by their first three code units, and a missing unit from any other', () => {
    expect(idPrefix('abc')).toBe(idPrefix('abcdef'));
    expect(idPrefix('ab')).toBeLessThan(idPrefix('ab0'));
    expect(idPrefix('')).toBeLessThan(idPrefix('a'));
    expect(idPrefix('\uffff\uffff\uffff')).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });
});

describe('sortByTimeThenId', () => {
  it('orders by time, then as localeCompare orders ids, equal ids in input order', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = createRng(seed);
      const count = rng.int(0, 60);
      // Few instants, so most outcomes share theirs with others.
      const instants = rng.int(1, 5);
      const outcomes = Array.from({ length: count }, () =>
        outcomeWith({ id: rng.chance(0.2) ? 'same' : randomId(rng) }),
      );
      const at = Float64Array.from(outcomes, () => rng.int(0, instants) * 1_000);
      const effective = Int32Array.from(outcomes.keys());
      const expected = [...effective].sort(
        (a, b) => at[a]! - at[b]! || outcomes[a]!.id.localeCompare(outcomes[b]!.id),
      );
      sortByTimeThenId(effective, outcomes, at);
      expect({ seed, order: [...effective] }).toEqual({ seed, order: expected });
    }
  });

  it('keeps to the subset it is given, in input order', () => {
    const outcomes = ['b', 'a', 'c', 'a', 'B'].map((id) => outcomeWith({ id }));
    const at = Float64Array.from([5, 5, 1, 5, 5]);
    const effective = Int32Array.from([0, 1, 2, 3]);
    sortByTimeThenId(effective, outcomes, at);
    expect([...effective]).toEqual([2, 1, 3, 0]);
  });
});

describe('readOutcomes', () => {
  it('numbers leads with touchpoints as the index does, the others after them', () => {
    const touched = new Map([
      ['t0@x.example', 0],
      ['t1@x.example', 1],
    ]);
    const outcomes = [
      outcomeWith({ id: 'o1', leadEmail: 'new@x.example', createdAt: 'nonsense' }),
      outcomeWith({ id: 'o2', leadEmail: 't1@x.example', supersedes: 'o1' }),
      outcomeWith({ id: 'o3', leadEmail: 'other@x.example' }),
      outcomeWith({ id: 'o4', leadEmail: 'new@x.example', createdAt: '2026-01-02T00:00:00+01:00' }),
    ];
    const table = readOutcomes(outcomes, touched);
    expect([...table.lead]).toEqual([2, 1, 3, 2]);
    expect(table.leadCount).toBe(4);
    expect([...table.superseded]).toEqual(['o1']);
    expect(table.at[0]).toBeNaN();
    expect(table.at[3]).toBe(Date.parse('2026-01-02T00:00:00+01:00'));
    expect(leadNumber(table, 't0@x.example')).toBe(0);
    expect(leadNumber(table, 'other@x.example')).toBe(3);
    expect(leadNumber(table, 'nobody@x.example')).toBeUndefined();
  });
});

describe('followUpTimes', () => {
  it('groups every valid, not withdrawn outcome time by lead', () => {
    const rng = createRng(5);
    const emails = ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example'];
    const deliveries = ['delivered', 'pending', 'failed', 'undone', 'discarded'] as const;
    const outcomes = Array.from({ length: 200 }, (_, i) =>
      outcomeWith({
        id: `o${i}`,
        leadEmail: rng.pick(emails.slice(1)),
        createdAt: rng.chance(0.1) ? 'bad' : new Date(rng.int(0, 1e9) * 1_000).toISOString(),
        delivery: rng.pick(deliveries),
      }),
    );
    const table = readOutcomes(outcomes, new Map([['a@x.example', 0]]));
    const times = followUpTimes({ outcomes }, table);
    for (const email of emails) {
      const n = leadNumber(table, email);
      const got = n === undefined ? [] : [...times.at.subarray(times.offsets[n], times.offsets[n + 1])];
      const expected = outcomes
        .filter((o) => o.leadEmail === email && o.delivery !== 'undone' && o.delivery !== 'discarded')
        .map((o) => Date.parse(o.createdAt))
        .filter(Number.isFinite);
      expect({ email, times: got.sort() }).toEqual({ email, times: expected.sort() });
    }
  });
});

describe('CampaignSums', () => {
  it('adds per campaign and grows past the size it was made for', () => {
    const sums = new CampaignSums(2);
    sums.add(0, 0.5);
    sums.add(0, 0.25);
    sums.add(7, 1);
    sums.add(40, 2);
    expect([0, 1, 7, 40, 41].map((c) => sums.get(c))).toEqual([0.75, 0, 1, 2, 0]);
  });
});

describe('Credits', () => {
  it('shares a recorded attribution naming more campaigns than the index knows', () => {
    const campaigns: Campaigns = {
      ids: [''],
      names: ['none'],
      channels: ['other'],
      index: new Map([['', 0]]),
    };
    const index = {
      leads: new Map(),
      offsets: new Int32Array(1),
      at: new Float64Array(0),
      campaign: new Int32Array(0),
    };
    const credits = new Credits(index, 86_400_000, 'linear', campaigns);
    const touches = Array.from({ length: 9 }, (_, i) => ({
      campaignId: `r${i}`,
      name: `R${i}`,
      count: i + 1,
    }));
    const count = credits.of(outcomeWith({ attribution: { touches } }), 0, 0);
    expect(count).toBe(9);
    expect(campaigns.ids).toEqual(['', ...touches.map((t) => t.campaignId)]);
    expect([...credits.campaign.subarray(0, count)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...credits.share.subarray(0, count)]).toEqual(touches.map((t) => t.count / 45));
  });
});
