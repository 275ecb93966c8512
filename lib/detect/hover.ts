/**
 * Hovering a person anywhere in Gmail (a sender, a chip, a row in the list) can bring them into
 * the sidebar. Gmail marks people with `email` or `data-hovercard-id` attributes, usually on an
 * ancestor of the innermost element under the pointer.
 */
import { normalizeEmail } from './emails';

/** Attributes that carry a person's address (Gmail: `span.gD[email]`, chips' `data-hovercard-id`). */
const PERSON_ATTRIBUTES = ['email', 'data-hovercard-id'] as const;
/** The element under the pointer and up to this many ancestors. */
const MAX_LEVELS_UP = 3;

/** The address of the person under the pointer, or null. */
export function hoverCandidate(element: Element | null | undefined): string | null {
  let current: Element | null = element ?? null;
  for (let level = 0; current && level <= MAX_LEVELS_UP; level++) {
    for (const name of PERSON_ATTRIBUTES) {
      // data-hovercard-id is sometimes a numeric profile id, not an address: normalizeEmail rejects it.
      const address = normalizeEmail(current.getAttribute(name));
      if (address) return address;
    }
    current = current.parentElement;
  }
  return null;
}
