/**
 * Cells every CSV export must make inert, and cells it must leave alone: one table for the
 * guard's own test and for each export's (lib/workspace/export.test.ts, lib/report/share.test.ts).
 */
export const FORMULA_CELLS: readonly string[] = [
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  '\uff1d1+1', // ＝ full-width equals
  '\uff0b1', // ＋
  '\uff0d1', // －
  '\uff20SUM(A1)', // ＠
  '\tcmd',
  '\rcmd',
  '\ncmd',
  ' =1+1',
  '  @SUM(A1)',
  '\u00a0+1', // no-break space
  '\u3000\uff1d1', // ideographic space, then ＝
  ' \t-1',
];

export const PLAIN_CELLS: readonly string[] = [
  'a=1',
  'Signed, 50% off',
  'Plain = fine',
  'x-1',
  'dana@harbor.example',
  'Q1 Product Webinar',
];
