import { describe, expect, it } from 'vitest';
import { createFormatter } from './format';
import { NOW, TOUCHPOINTS, hoursAgo, touchpoint } from './test-data';
import {
  NO_FILTER,
  countByGroup,
  filterTimeline,
  groupByDay,
  isFiltered,
  searchText,
  sortNewestFirst,
  type TimelineFilter,
} from './timeline';

const format = createFormatter({ locale: 'en-US', timeZone: 'UTC' });

describe('sortNewestFirst', () => {
  it('orders newest first, keeps ties in input order, puts bad dates last', () => {
    const a = touchpoint({ id: 'a', occurredAt: hoursAgo(5) });
    const b = touchpoint({ id: 'b', occurredAt: hoursAgo(1) });
    const c = touchpoint({ id: 'c', occurredAt: 'not a date' });
    const d = touchpoint({ id: 'd', occurredAt: hoursAgo(5) });
    expect(sortNewestFirst([c, a, b, d]).map((t) => t.id)).toEqual(['b', 'a', 'd', 'c']);
  });

  it('does not change its input', () => {
    const input = [touchpoint({ occurredAt: hoursAgo(9) }), touchpoint({ occurredAt: hoursAgo(1) })];
    const copy = input.slice();
    sortNewestFirst(input);
    expect(input).toEqual(copy);
  });

  it('agrees with a plain sort on shuffled, ordered and reversed histories with ties and bad dates', () => {
    const reference = (list: readonly ReturnType<typeof touchpoint>[]) =>
      list
        .map((item, index) => {
          const time = Date.parse(item.occurredAt);
          return { item, index, time: Number.isFinite(time) ? time : -Infinity };
        })
        .sort((a, b) => b.time - a.time || a.index - b.index)
        .map(({ item }) => item.id);
    let seed = 99;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    for (let round = 0; round < 200; round++) {
      const size = random(30);
      const hours = 1 + random(40);
      let list = Array.from({ length: size }, (_, i) =>
        touchpoint({ id: `t${i}`, occurredAt: random(15) === 0 ? 'not a date' : hoursAgo(random(hours)) }),
      );
      const order = random(3);
      if (order > 0) {
        list = list.slice().sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || 0);
        if (order === 2) list.reverse();
      }
      expect({ round, ids: sortNewestFirst(list).map((t) => t.id) }).toEqual({ round, ids: reference(list) });
    }
  });
});

describe('filterTimeline', () => {
  const sorted = sortNewestFirst(TOUCHPOINTS);
  const texts = sorted.map(searchText);
  const run = (filter: Partial<TimelineFilter>) =>
    filterTimeline(sorted, texts, { ...NO_FILTER, ...filter }).map((t) => t.id);

  it.each<[string, Partial<TimelineFilter>, string[]]>([
    ['no filter', {}, ['tp-pricing-1', 'tp-pricing-2', 'tp-form', 'tp-open-bot', 'tp-webinar']],
    ['group: forms', { group: 'forms' }, ['tp-form']],
    ['group: email', { group: 'email' }, ['tp-open-bot']],
    ['group: ads (none)', { group: 'ads' }, []],
    ['query on title', { query: 'pricing' }, ['tp-pricing-1', 'tp-pricing-2']],
    ['query is case-insensitive', { query: 'PRICING' }, ['tp-pricing-1', 'tp-pricing-2']],
    ['query on campaign name', { query: 'webinar' }, ['tp-pricing-1', 'tp-form', 'tp-webinar']],
    ['query on detail', { query: '50–200' }, ['tp-form']],
    ['query words in any order', { query: 'analytics pipeline live' }, ['tp-webinar']],
    ['query with no match', { query: 'zebra' }, []],
    [
      'whitespace query is no query',
      { query: '   ' },
      ['tp-pricing-1', 'tp-pricing-2', 'tp-form', 'tp-open-bot', 'tp-webinar'],
    ],
    ['signal ids', { ids: new Set(['tp-form', 'tp-webinar']) }, ['tp-form', 'tp-webinar']],
    ['hide machine', { hideMachine: true }, ['tp-pricing-1', 'tp-pricing-2', 'tp-form', 'tp-webinar']],
    ['combined', { group: 'web', query: 'pricing', ids: new Set(['tp-pricing-2']) }, ['tp-pricing-2']],
  ])('%s', (_name, filter, expected) => {
    expect(run(filter)).toEqual(expected);
  });

  it('knows when a filter is on', () => {
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_FILTER, query: '  ' })).toBe(false);
    expect(isFiltered({ ...NO_FILTER, query: 'x' })).toBe(true);
    expect(isFiltered({ ...NO_FILTER, hideMachine: true })).toBe(true);
    expect(isFiltered({ ...NO_FILTER, ids: new Set() })).toBe(true);
  });
});

describe('countByGroup', () => {
  it('counts every group, zero included', () => {
    expect(countByGroup(TOUCHPOINTS)).toEqual({ email: 1, web: 2, forms: 1, events: 1, ads: 0, changes: 0 });
  });
});

describe('groupByDay', () => {
  it('groups consecutive touchpoints by local day with readable labels', () => {
    const groups = groupByDay(sortNewestFirst(TOUCHPOINTS), format, NOW);
    expect(groups.map((group) => [group.label, group.items.length])).toEqual([
      ['Today', 1],
      ['Yesterday', 2],
      ['Wed, Jan 14', 1],
      ['Dec 27, 2025', 1],
    ]);
  });
});
