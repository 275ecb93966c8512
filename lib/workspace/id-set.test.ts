import { describe, expect, it } from 'vitest';
import { IdSet } from './id-set';

describe('IdSet', () => {
  it('adds ids once, and keeps a number with each that put replaces, across growth', () => {
    const ids = new IdSet();
    for (let i = 0; i < 5000; i++) expect(ids.put(`id-${i}`, i)).toBe(-1);
    expect(ids.size).toBe(5000);
    expect(ids.has('id-42')).toBe(true);
    expect(ids.has('id-4999')).toBe(true);
    expect(ids.has('id-5000')).toBe(false);
    // The number given before, then the new one.
    expect(ids.put('id-42', 9000)).toBe(42);
    expect(ids.put('id-42', 9001)).toBe(9000);
    expect(ids.put('id-4999', 1)).toBe(4999);
    expect(ids.size).toBe(5000);
  });
});
