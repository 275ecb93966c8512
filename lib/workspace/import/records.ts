/**
 * Small operations on the records an import keeps: detaching them from the file's chunks,
 * dropping undefined fields, clipping display text, and filling one lead from another.
 */
import type { z } from 'zod';
import type { Lead, PlatformRef } from '../../model';
import { formatZodError } from '../../model/zod-error';

/**
 * A copy of `text` that does not keep the chunk of the file it was cut from alive: V8 keeps a
 * substring as a view into its parent, and one lead kept from each chunk would otherwise keep
 * the whole file in memory. For what outlives its chunk (leads, campaigns), not for every cell.
 */
export function detach(text: string): string {
  // Concatenating, then slicing, makes V8 flatten the text into a fresh string.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** `value` with its strings (and those of its arrays' objects) detached. */
export function detachAll<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const field: unknown = value[key];
    out[key] =
      typeof field === 'string'
        ? detach(field)
        : Array.isArray(field)
          ? field.map((item: unknown) => (item && typeof item === 'object' ? detachAll(item) : item))
          : field;
  }
  return out as T;
}

/** Drops keys whose value is undefined, so stored records and exports carry only real fields. */
export function compact<T extends object>(value: T): T {
  // A plain loop: this runs twice per row, and entries/filter/fromEntries cost more than the rest.
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const field = value[key];
    if (field !== undefined) out[key] = field;
  }
  return out as T;
}

export function clip(text: string | undefined, max: number): string | undefined {
  return text === undefined || text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A bad row's first problem, where it is: one line of the import's error list. */
export function issueText(error: z.ZodError, prefix = ''): string {
  return formatZodError(error, { prefix, max: 1 });
}

/** `a` and the refs of `b` it lacks; `a` itself when it lacks none (the usual repeat row). */
function mergeRefs(a: readonly PlatformRef[], b: readonly PlatformRef[]): readonly PlatformRef[] {
  let out: PlatformRef[] | undefined;
  for (const ref of b) {
    const known = out ?? a;
    if (!known.some((r) => r.source === ref.source && r.id === ref.id)) (out ??= [...a]).push(ref);
  }
  return out ?? a;
}

/** `base` with every field it lacks taken from `extra` (`base` itself when it lacks none). */
export function fillLead(base: Lead, extra: Lead): Lead {
  // Most rows of an activity export repeat a known lead and add nothing: no copy for those.
  let merged: Record<string, unknown> | undefined;
  for (const key in extra) {
    const value = extra[key as keyof Lead];
    if (key === 'refs' || value === undefined || base[key as keyof Lead] !== undefined) continue;
    merged ??= { ...base };
    merged[key] = value;
  }
  const refs = extra.refs.length > 0 ? mergeRefs(base.refs, extra.refs) : base.refs;
  if (refs !== base.refs) (merged ??= { ...base }).refs = [...refs];
  return (merged as Lead | undefined) ?? base;
}
