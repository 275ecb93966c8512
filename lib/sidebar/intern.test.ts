import { describe, expect, it } from 'vitest';
import { internView, sameData } from './intern';
import { leadView, outcome, touchpoint } from './test-data';

/** A copy as structured cloning (runtime messaging) makes it: equal, but no shared objects. */
const copy = <T>(value: T): T => structuredClone(value);

describe('sameData', () => {
  it.each([
    [1, 1, true],
    ['a', 'b', false],
    [null, null, true],
    [null, {}, false],
    [[], {}, false],
    [{}, [], false],
    [[1, [2, { a: 3 }]], [1, [2, { a: 3 }]], true],
    [[1, [2, { a: 3 }]], [1, [2, { a: 4 }]], false],
    [{ a: 1, b: undefined }, { a: 1 }, false],
    [{ a: 1 }, { b: 1 }, false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [[1, 2], [1, 2, 3], false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameData(a, b)).toBe(expected);
    expect(sameData(b, a)).toBe(expected);
  });
});

describe('internView', () => {
  const view = leadView({
    touchpoints: [touchpoint({ id: 't1' }), touchpoint({ id: 't2', title: 'Pricing' })],
    outcomes: [outcome({ id: 'o1' })],
  });

  it('returns the previous view itself when the new one is an equal copy', () => {
    expect(internView(view, copy(view))).toBe(view);
  });

  it('keeps the unchanged parts of a view whose sources moved on', () => {
    const next = copy(view);
    next.sources = next.sources.map((source) => ({ ...source, fetchedAt: '2030-01-01T00:00:00.000Z' }));
    const kept = internView(view, next);
    expect(kept).not.toBe(view);
    expect(kept.sources).toBe(next.sources);
    expect(kept.touchpoints).toBe(view.touchpoints);
    expect(kept.outcomes).toBe(view.outcomes);
    expect(kept.lead).toBe(view.lead);
    expect(kept).toEqual(next);
  });

  it('takes new touchpoints when one of them changed', () => {
    const next = copy(view);
    next.touchpoints[1] = { ...next.touchpoints[1]!, title: 'Pricing, again' };
    const kept = internView(view, next);
    expect(kept.touchpoints).toBe(next.touchpoints);
    expect(kept.outcomes).toBe(view.outcomes);
  });

  it('never mixes two people', () => {
    const other = copy(view);
    other.email = 'someone.else@example.com';
    expect(internView(view, other)).toBe(other);
    expect(internView(null, other)).toBe(other);
  });
});
