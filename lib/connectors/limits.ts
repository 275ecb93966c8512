/**
 * Bounds for the lists and maps in platform answers. A broken or hostile platform must not make
 * the background hold more than a page of anything: an answer past a bound fails validation
 * with a 'malformed' error that names the field and the bound, and nothing of it is kept. The
 * bounds sit at the platform's documented page size (or well above what Loopline asks for).
 * The body itself is capped first, by ./platform-fetch.ts.
 */
import { z } from 'zod';

function tooMany(max: number): string {
  return `more than ${max} entries; Loopline reads at most ${max} here`;
}

/** An array of at most `max` items. */
export function boundedArray<T extends z.ZodType>(item: T, max: number) {
  return z.array(item).max(max, tooMany(max));
}

/** A string-keyed record of at most `max` keys. */
export function boundedRecord<T extends z.ZodType>(value: T, max: number) {
  return z
    .record(z.string(), value)
    .refine((record) => Object.keys(record).length <= max, { message: tooMany(max) });
}
