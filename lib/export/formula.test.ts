import { describe, expect, it } from 'vitest';
import { FORMULA_CELLS, PLAIN_CELLS } from './formula-cases';
import { neutraliseFormula } from './formula';

describe('neutraliseFormula', () => {
  it.each(FORMULA_CELLS)('makes %j text with a leading apostrophe', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it.each(PLAIN_CELLS)('leaves %j alone', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it('leaves an empty cell empty', () => {
    expect(neutraliseFormula('')).toBe('');
  });
});
