import { describe, expect, it } from 'vitest';
import {
  createCsvStream,
  CsvStructureError,
  detectDialect,
  type CsvDialect,
  type CsvRecord,
} from './csv-stream';

const COMMA_LF: CsvDialect = { delimiter: ',', newline: '\n' };

/** All records of `text` fed in pieces of `size` characters. */
function parseInPieces(text: string, size: number, dialect: CsvDialect = COMMA_LF): CsvRecord[] {
  const stream = createCsvStream(dialect);
  const records: CsvRecord[] = [];
  for (let at = 0; at < text.length || at === 0; at += size) {
    const final = at + size >= text.length;
    records.push(...stream.push(text.slice(at, at + size), final));
    if (final) break;
  }
  return records;
}

const TEXT = [
  'email,title,detail',
  'a@x.example,Plain,one line',
  'b@x.example,"Quoted, with comma","two',
  'lines"',
  'c@x.example,"She said ""hi""","three',
  '',
  'lines"',
  'd@x.example,Last,end',
].join('\n');

describe('createCsvStream', () => {
  it('gives each record the line it starts and ends on, counting newlines inside quotes', () => {
    const records = parseInPieces(TEXT, TEXT.length);
    expect(records.map((r) => [r.line, r.lastLine, r.fields[0]])).toEqual([
      [1, 1, 'email'],
      [2, 2, 'a@x.example'],
      [3, 4, 'b@x.example'],
      [5, 7, 'c@x.example'],
      [8, 8, 'd@x.example'],
    ]);
    expect(records[3]!.fields).toEqual(['c@x.example', 'She said "hi"', 'three\n\nlines']);
    expect(records.every((r) => r.broken === undefined)).toBe(true);
  });

  it('gives the same lines when the text ends with a newline, and when a broken row shares its chunk', () => {
    const lines = (records: CsvRecord[]) => records.map((r) => [r.line, r.lastLine, r.fields[0]]);
    const whole = lines(parseInPieces(TEXT, TEXT.length));
    // The final newline adds one blank record after the others, on the line it ends.
    expect(lines(parseInPieces(`${TEXT}\n`, TEXT.length + 1))).toEqual([...whole, [9, 9, '']]);
    // A row with broken quoting before them (read row by row): the same records, however cut.
    const broken = ['email,title,detail', 'z@x.example,"open "quote,x', ...TEXT.split('\n').slice(1)].join(
      '\n',
    );
    const records = parseInPieces(broken, broken.length);
    expect(records[1]).toMatchObject({ line: 2 });
    expect(records[1]!.broken).toMatch(/^unbalanced quote/);
    for (const size of [1, 5, 17]) expect(parseInPieces(broken, size)).toEqual(records);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const whole = parseInPieces(TEXT, TEXT.length);
    for (let size = 1; size <= 40; size++) expect(parseInPieces(TEXT, size)).toEqual(whole);
  });

  it('reads CRLF files without leaving \\r in the last field, and gives line breaks in fields as \\n', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const dialect = detectDialect(crlf);
    expect(dialect).toEqual({ delimiter: ',', newline: '\r\n' });
    const records = parseInPieces(crlf, 5, dialect);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5, 8]);
    expect(records[1]!.fields).toEqual(['a@x.example', 'Plain', 'one line']);
    expect(records[2]!.fields[2]).toBe('two\nlines');
  });

  it.each([
    ['email;name\na@x.example;A', { delimiter: ';', newline: '\n' }],
    ['email\tname\ra@x.example\tA', { delimiter: '\t', newline: '\r' }],
    ['email,name\na@x.example,"A; B"', { delimiter: ',', newline: '\n' }],
  ])('detects the dialect of %j', (text, dialect) => {
    expect(detectDialect(text)).toEqual(dialect);
  });

  it('counts lines in a file that ends lines with a lone \\r', () => {
    const records = parseInPieces('h1,h2\r"x\ry",1\rz,2', 3, { delimiter: ',', newline: '\r' });
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['x\ny', '1']],
      [4, ['z', '2']],
    ]);
  });

  it('marks a record whose quotes are unbalanced, and says how far it runs', () => {
    const text = 'a,b,c\n1,"open "quote,x\n2,"closed, ok",y\n3,fine,z\n';
    const records = parseInPieces(text, 4);
    const broken = records.find((r) => r.broken);
    expect(broken).toMatchObject({ line: 2, lastLine: 3 });
    expect(broken!.broken).toMatch(/^unbalanced quote/);
    // Parsing picks up again after the broken record.
    expect(records.at(-2)).toMatchObject({ line: 4, fields: ['3', 'fine', 'z'] });
  });

  it('reports a quote never closed at the end of the file', () => {
    const records = parseInPieces('a,b\n1,"never closed\n2,x\n', 6);
    expect(records.at(-1)).toMatchObject({
      line: 2,
      lastLine: 3,
      broken: 'unbalanced quote: a quoted field is never closed',
    });
  });

  it('gives up with the line when an open quote swallows more than the limit', () => {
    const stream = createCsvStream(COMMA_LF, 50);
    expect(stream.push('a,b\n1,2\n3,"', false)).toHaveLength(2);
    expect(() => stream.push('x'.repeat(60), false)).toThrow(CsvStructureError);
    try {
      createCsvStream(COMMA_LF, 50).push(`a,b\n1,2\n3,"${'x'.repeat(60)}`, false);
    } catch (error) {
      expect(error).toBeInstanceOf(CsvStructureError);
      expect((error as CsvStructureError).line).toBe(3);
    }
  });

  it('counts consumed characters, leaving an unfinished record for later', () => {
    const stream = createCsvStream(COMMA_LF);
    stream.push('a,b\n1,2\n3,', false);
    expect(stream.consumed).toBe('a,b\n1,2\n'.length);
  });
});
