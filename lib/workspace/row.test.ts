import { describe, expect, it } from 'vitest';
import { MARKETO_ACTIVITY, resolveColumns } from './presets';
import { CsvRowReader } from './row';

describe('CsvRowReader', () => {
  it('trims cells exactly as String.prototype.trim does, whatever character ends them', () => {
    const reader = new CsvRowReader({
      columns: resolveColumns(MARKETO_ACTIVITY, ['Detail']),
      dates: { timeZone: 'UTC', dateOrder: 'mdy' },
    });
    const read = (cell: string) => {
      reader.fields = [cell];
      return reader.text('detail');
    };
    // Every UTF-16 code unit at either end, or both, of a cell and alone.
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const cell of [c, `${c}x`, `x${c}`, `${c}x y${c}`]) {
        const trimmed = cell.trim();
        expect(read(cell), `U+${code.toString(16)} in ${JSON.stringify(cell)}`).toBe(trimmed || undefined);
      }
    }
    expect(read('')).toBeUndefined();
  });
});
