/**
 * Keeping what did not change. The background answers every ask with a fresh copy of the lead's
 * view, most often identical to the one on screen (a cache hit, a refresh that found nothing new).
 * Assigning an identical copy would re-run every insight and re-render the whole sidebar; reusing
 * the parts that are equal keeps their identity, so the signals built on them stay as they are.
 */
import type { LeadView } from '../model/view';

/** Structural equality for JSON-shaped data (what crosses `runtime.sendMessage`). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameData(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(right, key) || !sameData(left[key], right[key])) return false;
  }
  return true;
}

/**
 * `next`, with each of its parts that equals the same part of `previous` replaced by the
 * previous object; `previous` itself when nothing differs at all.
 */
export function internView(previous: LeadView | null, next: LeadView): LeadView {
  if (!previous || previous.email !== next.email) return next;
  const merged: LeadView = { ...next };
  let changed = false;
  for (const key of Object.keys(next) as (keyof LeadView)[]) {
    if (sameData(previous[key], next[key])) (merged as Record<string, unknown>)[key] = previous[key];
    else changed = true;
  }
  if (!changed && Object.keys(previous).length === Object.keys(next).length) return previous;
  return merged;
}
