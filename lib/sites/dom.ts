/**
 * Small DOM helpers the adapters share. All of them are bounded: a page is untrusted input and
 * can be arbitrarily large.
 */
import { mailtoAddresses, normalizeEmail, soleAddress } from '../detect/emails';
import type { LeadCandidate, LeadRole } from './types';

/** No view needs more elements than this read to find its people; the rest is a mailing list. */
export const MAX_ELEMENTS = 1000;
/** Candidates one detection returns at most. */
export const MAX_CANDIDATES = 500;
/** Elements visited when looking inside open shadow roots. */
const MAX_SHADOW_WALK = 20_000;
/** Text read from one element that is expected to hold a single address. */
const MAX_FIELD_TEXT = 320;

/** The first `limit` elements matching `selector` under `root`, in document order. */
export function queryAll(root: ParentNode, selector: string, limit = MAX_ELEMENTS): Element[] {
  const list = root.querySelectorAll(selector);
  const count = Math.min(list.length, limit);
  const result: Element[] = [];
  for (let index = 0; index < count; index++) {
    const element = list[index];
    if (element) result.push(element);
  }
  return result;
}

/**
 * Like `queryAll`, but also looks inside open shadow roots (Lightning Web Components in native
 * shadow mode) when the light DOM has no match. Content scripts see synthetic-shadow components
 * as light DOM, so the walk is the exception, and it is capped.
 */
export function queryAllDeep(root: Element | Document, selector: string, limit = MAX_ELEMENTS): Element[] {
  const light = queryAll(root, selector, limit);
  if (light.length > 0) return light;
  const found: Element[] = [];
  const roots: ParentNode[] = [];
  collectShadowRoots(root, roots, { visited: 0 });
  for (const shadow of roots) {
    for (const element of queryAll(shadow, selector, limit - found.length)) found.push(element);
    if (found.length >= limit) break;
  }
  return found;
}

function collectShadowRoots(
  root: Element | Document | ShadowRoot,
  out: ParentNode[],
  budget: { visited: number },
) {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (++budget.visited > MAX_SHADOW_WALK) return;
    const shadow = (node as Element).shadowRoot;
    if (shadow) {
      out.push(shadow);
      collectShadowRoots(shadow, out, budget);
    }
  }
}

/**
 * Whether the page hides `element` through markup (`hidden`, inline `display: none`) on it or
 * an ancestor below `stop`. Layout is never consulted: that would force a reflow on the page.
 */
export function isHiddenByMarkup(element: Element, stop?: Element | null): boolean {
  let current: Element | null = element;
  for (let depth = 0; current && current !== stop && depth < 200; depth++) {
    if (hiddenByOwnMarkup(current)) return true;
    current = parentAcrossShadow(current);
  }
  return false;
}

/** `hidden`, or an inline `display: none`, on the element itself. */
export function hiddenByOwnMarkup(element: Element): boolean {
  if (element.hasAttribute('hidden')) return true;
  const style = element.getAttribute('style');
  return style !== null && /(?:^|;)\s*display\s*:\s*none/i.test(style);
}

function parentAcrossShadow(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  const root = element.parentNode;
  return root && 'host' in root ? ((root as ShadowRoot).host ?? null) : null;
}

/**
 * The single address an element stands for: an `email` attribute, a `mailto:` link (the
 * element or the first one inside it, shadow roots included), an input's value, or its text.
 */
export function readAddress(element: Element): string | null {
  const attribute = normalizeEmail(element.getAttribute('email'));
  if (attribute) return attribute;
  const link = element.matches('a[href^="mailto:" i]')
    ? element
    : queryAllDeep(element, 'a[href^="mailto:" i]', 1)[0];
  const fromLink = link ? mailtoAddresses(link.getAttribute('href'))[0] : undefined;
  if (fromLink) return fromLink;
  if (element.localName === 'input') return normalizeEmail((element as HTMLInputElement).value);
  // A field's text may carry a label or a button caption next to the address: take the
  // address only when it is the one address there.
  return soleAddress((element.textContent ?? '').slice(0, MAX_FIELD_TEXT), MAX_FIELD_TEXT);
}

/**
 * Gathers candidates without duplicates (same address and role: the most recent order wins) and
 * stops at `MAX_CANDIDATES`.
 */
export function createCandidateList() {
  const byKey = new Map<string, LeadCandidate>();
  return {
    add(email: string | null, role: LeadRole, order: number, name?: string | null) {
      if (!email) return;
      const key = `${role} ${email}`;
      const existing = byKey.get(key);
      if (existing) {
        if (order > existing.order) existing.order = order;
        if (!existing.name && name) existing.name = name;
        return;
      }
      if (byKey.size >= MAX_CANDIDATES) return;
      byKey.set(key, name ? { email, role, order, name: name.slice(0, 200) } : { email, role, order });
    },
    get size() {
      return byKey.size;
    },
    list(): LeadCandidate[] {
      return [...byKey.values()];
    },
  };
}

/** Candidates read from record fields: the first field in the page is the most prominent one. */
export function recordCandidates(fields: readonly Element[], role: LeadRole = 'record'): LeadCandidate[] {
  const list = createCandidateList();
  fields.forEach((field, index) => list.add(readAddress(field), role, fields.length - index));
  return list.list();
}
