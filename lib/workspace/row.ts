/**
 * The RowReader a preset's `map` reads cells through: it knows which column holds each field,
 * and its errors name the column as the file spells it and quote the offending value, so a row
 * error reads `Activity Date: not a date ("31/02/2026")`.
 */
import { parseExportDate, type DateOptions } from './dates';
import { canonicalEmail } from '../model/email';
import { RowError, type ResolvedColumns, type RowReader } from './presets';

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

const mayBeSpace = (code: number) => code <= 0x20 || code >= 0x7f;

/** A value for an error message: quoted, escaped, and cut so a huge cell cannot flood the list. */
export function quoteValue(value: string, max = 60): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

export interface RowContext {
  columns: ResolvedColumns;
  dates: DateOptions;
}

/** One address as a file spells it. */
export interface Address<Memo> {
  /** Its canonical form (the same string on every row), or null when it is not an address. */
  readonly email: string | null;
  /** What the reader's caller keeps with the address; the reader only holds it. */
  memo: Memo | undefined;
}

/**
 * One reader is reused for every row of a file (set `fields` before each `map` call): a file of
 * a million rows should not make a million closures.
 */
export class CsvRowReader<Memo = unknown> implements RowReader<string> {
  fields: readonly string[] = [];

  constructor(private readonly context: RowContext) {}

  private column(field: string): string {
    return this.context.columns.header.get(field) ?? field;
  }

  private raw(field: string): string | undefined {
    const i = this.context.columns.index.get(field);
    if (i === undefined) return undefined;
    const cell = this.fields[i];
    if (!cell) return undefined;
    // Trimmed only when an end may be white space (every character trim removes is a control
    // character, the space, or beyond ASCII): most cells are not, and this runs per cell.
    const value =
      mayBeSpace(cell.charCodeAt(0)) || mayBeSpace(cell.charCodeAt(cell.length - 1)) ? cell.trim() : cell;
    return value ? value : undefined;
  }

  has(field: string): boolean {
    return this.context.columns.index.has(field);
  }

  error(field: string, problem: string): RowError {
    return new RowError(this.column(field), problem);
  }

  text(field: string, max?: number): string | undefined {
    const value = this.raw(field);
    if (value !== undefined && max !== undefined && value.length > max) {
      throw this.error(field, `longer than ${max} characters`);
    }
    return value;
  }

  required(field: string, max?: number): string {
    const value = this.text(field, max);
    if (value === undefined) throw this.error(field, 'missing');
    return value;
  }

  /** Each address as read (a lead's rows repeat it), read once. */
  private readonly addresses = new Map<string, Address<Memo>>();

  /**
   * The address the latest `email` call read: the caller finds what it keeps for the address
   * here (Address.memo) rather than looking the address up a second time.
   */
  address: Address<Memo> | undefined;

  email(field: string): string {
    const value = this.required(field);
    let address = this.addresses.get(value);
    if (address === undefined) {
      // A copy, so the map does not keep the chunk of the file the cell was cut from alive.
      const kept = (' ' + value).slice(1);
      address = { email: canonicalEmail(kept), memo: undefined };
      if (this.addresses.size >= 100_000) this.addresses.clear();
      this.addresses.set(kept, address);
    }
    this.address = address;
    if (!address.email) throw this.error(field, `not an email address (${quoteValue(value)})`);
    return address.email;
  }

  date(field: string): string | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    const iso = parseExportDate(value, this.context.dates);
    if (!iso) throw this.error(field, `not a date (${quoteValue(value)})`);
    return iso;
  }

  requiredDate(field: string): string {
    const value = this.date(field);
    if (value === undefined) throw this.error(field, 'missing');
    return value;
  }

  number(field: string): number | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    // Thousands separators as spreadsheets write them ("1,250"); never a decimal comma.
    const parsed = Number(value.replace(/(?<=\d),(?=\d{3}\b)/g, ''));
    if (!Number.isFinite(parsed)) throw this.error(field, `not a number (${quoteValue(value)})`);
    return parsed;
  }

  flag(field: string): boolean | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    throw this.error(field, `not true or false (${quoteValue(value)})`);
  }
}
