/**
 * Streaming CSV with line numbers. Text arrives in chunks (from `readText`); papaparse's core
 * parser splits each chunk into records and leaves an unfinished last record for the next one,
 * exactly as Papa's own file streamer does. We drive it ourselves, rather than handing Papa the
 * Blob, because an import must report every bad row by the line it starts on in the file (a
 * quoted field may hold newlines, so record number ≠ line number), which only the raw text can
 * tell, and because Papa's FileReader-based streamer is not available outside a browser.
 */
import Papa from 'papaparse';

export type Newline = '\n' | '\r\n' | '\r';

export interface CsvDialect {
  delimiter: string;
  newline: Newline;
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
  /** Line the record ends on (after the last newline inside its quoted fields). */
  lastLine: number;
  /** Why the record's quoting is broken, if it is. */
  broken?: string;
}

/** The text ends inside a record that has grown past any plausible size: an unbalanced quote. */
export class CsvStructureError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvStructureError';
  }
}

/** No real export has a single row this long; past it, a quote has swallowed the file. */
export const MAX_RECORD_CHARS = 1_000_000;

/** Delimiter and line ending, guessed by Papa from the start of the file. */
export function detectDialect(sample: string): CsvDialect {
  const result = Papa.parse<string[]>(sample, {
    preview: 20,
    // A trailing blank line would otherwise count as a one-field row and defeat every delimiter.
    skipEmptyLines: true,
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const newline = result.meta.linebreak;
  return {
    delimiter: result.meta.delimiter || ',',
    newline: newline === '\r\n' || newline === '\r' ? newline : '\n',
  };
}

function countNewlines(text: string, from: number, to: number, newline: Newline): number {
  // '\r\n' files count their '\n's; a lone-'\r' file has no '\n' to count.
  const mark = newline === '\r' ? '\r' : '\n';
  let count = 0;
  let at = text.indexOf(mark, from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf(mark, at + 1);
  }
  return count;
}

function describe(error: Papa.ParseError): string {
  return error.code === 'MissingQuotes'
    ? 'unbalanced quote: a quoted field is never closed'
    : 'unbalanced quote: a quoted field does not end where it should (a quote inside quotes must be doubled: "")';
}

export interface CsvStream {
  /** Records completed by this text; `final` flushes the last one. */
  push(text: string, final: boolean): CsvRecord[];
  /** Characters consumed so far (for estimating the row count from a prefix). */
  readonly consumed: number;
}

/** How many times `mark` occurs in the fields of a row. */
function marksIn(fields: readonly string[], mark: string): number {
  let count = 0;
  for (const field of fields) {
    for (let at = field.indexOf(mark); at !== -1; at = field.indexOf(mark, at + 1)) count++;
  }
  return count;
}

export function createCsvStream(dialect: CsvDialect, maxRecordChars = MAX_RECORD_CHARS): CsvStream {
  let pending = '';
  let nextLine = 1;
  let consumed = 0;
  // No step callback: Papa hands all of a chunk's rows at once, without a result object per row.
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline });
  // '\r\n' files count their '\n's; a lone-'\r' file has no '\n' to count.
  const mark = dialect.newline === '\r' ? '\r' : '\n';
  // Row by row, with where each ends: for text with broken quoting, where a row's fields need
  // not hold every newline the row spans.
  let stepped: { fields: string[]; errors: Papa.ParseError[]; end: number }[] = [];
  const stepper = new Papa.Parser({
    delimiter: dialect.delimiter,
    newline: dialect.newline,
    step(result: Papa.ParseStepResult<string[][]>) {
      // The core parser hands one row per step, as data[0], with that row's errors.
      stepped.push({ fields: result.data[0] ?? [], errors: result.errors, end: result.meta.cursor });
    },
  });

  /** Line breaks inside fields come out as \n whatever the file uses (the same text, the same ids). */
  const unifyBreaks = (fields: string[]) =>
    fields.map((f) => (f.includes('\r') ? f.replace(/\r\n?/g, '\n') : f));

  /** The records of `input` from the rows' own positions (any text, broken or not). */
  function recordsByStep(input: string, final: boolean): { records: CsvRecord[]; used: number } {
    stepped = [];
    const result = stepper.parse(input, 0, !final) as Papa.ParseResult<string[]>;
    const records: CsvRecord[] = [];
    let start = 0;
    for (const row of stepped) {
      const newlines = countNewlines(input, start, row.end, dialect.newline);
      const line = nextLine;
      // A record that ends with its newline ends on the line before the next record starts.
      const endsWithNewline = input.endsWith(dialect.newline, row.end);
      const inside = newlines - (endsWithNewline && newlines > 0 ? 1 : 0);
      nextLine += newlines;
      start = row.end;
      const record: CsvRecord = {
        fields: inside > 0 ? unifyBreaks(row.fields) : row.fields,
        line,
        lastLine: line + inside,
      };
      if (row.errors.length > 0) record.broken = describe(row.errors[0]!);
      records.push(record);
    }
    return { records, used: final ? input.length : result.meta.cursor };
  }

  /**
   * The records of `input` when its quoting is sound: a row spans one line plus the newlines
   * inside its quoted fields. Undefined when Papa found broken quoting (recordsByStep then).
   */
  function recordsAtOnce(input: string, final: boolean): { records: CsvRecord[]; used: number } | undefined {
    const result = parser.parse(input, 0, !final) as Papa.ParseResult<string[]>;
    if (result.errors.length > 0) return undefined;
    const rows = result.data;
    const used = final ? input.length : result.meta.cursor;
    // When the text holds no more newlines than rows end with (all but the last of a final
    // text), no row spans two lines.
    const multiline = countNewlines(input, 0, used, dialect.newline) > rows.length - (final ? 1 : 0);
    const records: CsvRecord[] = new Array<CsvRecord>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const line = nextLine;
      const inside = multiline ? marksIn(rows[i]!, mark) : 0;
      nextLine += inside + 1;
      records[i] = { fields: inside > 0 ? unifyBreaks(rows[i]!) : rows[i]!, line, lastLine: line + inside };
    }
    return { records, used };
  }

  return {
    get consumed() {
      return consumed;
    },
    push(text, final) {
      const input = pending + text;
      const { records, used } = recordsAtOnce(input, final) ?? recordsByStep(input, final);
      pending = input.slice(used);
      consumed += used;
      if (!final && pending.length > maxRecordChars) {
        throw new CsvStructureError(
          nextLine,
          `a quoted field that opens on this line is still open ${maxRecordChars.toLocaleString('en-US')} characters later: check for an unbalanced quote`,
        );
      }
      return records;
    },
  };
}
