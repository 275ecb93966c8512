/**
 * Hovering a person can bring them into the sidebar, on sites that mark people up with their
 * address in an attribute (Gmail). The attribute is usually on an ancestor of the innermost
 * element under the pointer. Which attributes count is the site's business (its `hoverPerson`).
 */
import { normalizeEmail } from './emails';

/** The element under the pointer and up to this many ancestors. */
const MAX_LEVELS_UP = 3;

/** The address in one of `attributes` of the element or its nearest ancestors, or null. */
export function addressInAttributes(
  element: Element | null | undefined,
  attributes: readonly string[],
): string | null {
  let current: Element | null = element ?? null;
  for (let level = 0; current && level <= MAX_LEVELS_UP; level++) {
    for (const name of attributes) {
      // An attribute may hold something else (Gmail's data-hovercard-id is sometimes a numeric
      // profile id): normalizeEmail rejects whatever is not an address.
      const address = normalizeEmail(current.getAttribute(name));
      if (address) return address;
    }
    current = current.parentElement;
  }
  return null;
}
