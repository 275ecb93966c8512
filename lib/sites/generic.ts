/**
 * The fallback for sites the user adds in settings (an in-house CRM, a help desk): a match
 * pattern and, optionally, a CSS selector of the element holding the lead's address. Without a
 * selector the page's main region is read: marked-up addresses first, visible text last.
 */
import { extractEmails, mailtoAddresses, MAX_TEXT_SCAN, normalizeEmail } from '../detect/emails';
import { createCandidateList, isHiddenByMarkup, queryAll, readAddress } from './dom';
import { parseMatchPattern } from './match-pattern';
import type { Detection, LeadRole, SiteAdapter } from './types';

/** The page's main region, by the landmarks most apps use. */
const MAIN_REGION = 'main, [role="main"]';
/** Elements that carry an address in an attribute (Gmail-style markup, some CRMs). */
const EMAIL_ATTRIBUTE = '[email]';
/** `mailto:` links. */
const MAILTO_LINK = 'a[href^="mailto:" i]';
/** Email inputs of a record form. */
const EMAIL_INPUT = 'input[type="email" i]';
/** Subtrees whose text is never a lead: code, templates, quoted replies, form drafts. */
const SKIPPED_ELEMENTS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'blockquote',
  'svg',
  'head',
]);
/** Nodes a text scan may visit; a page can be larger than anything worth reading. */
const MAX_NODES_VISITED = 50_000;
/** Elements the user's selector may pick. */
const MAX_SELECTED = 20;

export interface GenericSite {
  /** A match pattern such as `https://crm.example.com/*`. */
  pattern: string;
  /** CSS selector of the element(s) holding the lead's address; empty = the main region. */
  selector?: string;
}

export function createGenericAdapter({ pattern, selector = '' }: GenericSite): SiteAdapter {
  const matcher = parseMatchPattern(pattern);
  const userSelector = selector.trim();

  /** The user's elements, or null when there is no selector or it is invalid (old settings). */
  const selected = (doc: Document): Element[] | null => {
    if (!userSelector) return null;
    try {
      return queryAll(doc, userSelector, MAX_SELECTED).filter((element) => !isHiddenByMarkup(element));
    } catch {
      return null;
    }
  };

  const regions = (doc: Document): { elements: Element[]; role: LeadRole } => {
    const elements = selected(doc);
    if (elements) return { elements, role: 'record' };
    const main = mainRegion(doc);
    return { elements: main ? [main] : [], role: 'page' };
  };

  // The main region, unless the user's element lives outside it (a header, a side panel).
  const scope = (doc: Document): Element | null => {
    const main = mainRegion(doc);
    const first = selected(doc)?.[0];
    return first && main && !main.contains(first) ? doc.body : main;
  };

  return {
    id: 'generic',
    label: hostOf(pattern),
    matches: (url) => matcher?.(url) ?? false,
    scope,
    // Any text can hold the address, so every node counts; of attributes, only those that
    // carry an address or show and hide text (class toggles on hover are the noisy majority).
    watch: { selector: '*', text: true, attributes: ['email', 'href', 'value', 'hidden', 'style'] },
    detect(doc: Document, url: URL): Detection {
      const { elements, role } = regions(doc);
      const found = readRegions(elements);
      const list = createCandidateList();
      found.forEach((email, index) => list.add(email, role, found.length - index));
      if (list.size === 0) return { viewKey: null, candidates: [] };
      return {
        viewKey: `generic:${url.host}${url.pathname}${url.search}${url.hash}`,
        candidates: list.list(),
      };
    },
  };
}

function mainRegion(doc: Document): Element | null {
  return queryAll(doc, MAIN_REGION, 5).find((element) => !isHiddenByMarkup(element)) ?? doc.body;
}

function hostOf(pattern: string): string {
  return /^[^:]+:\/\/([^/]+)/.exec(pattern)?.[1] ?? pattern;
}

/** Addresses in the regions, most prominent first: markup, then links, inputs, and text last. */
function readRegions(regions: readonly Element[]): string[] {
  const found: string[] = [];
  const add = (address: string | null | undefined) => {
    if (address && !found.includes(address)) found.push(address);
  };
  for (const region of regions) {
    if (region.matches(`${EMAIL_ATTRIBUTE}, ${MAILTO_LINK}, input`)) add(readAddress(region));
    for (const element of queryAll(region, EMAIL_ATTRIBUTE, 50))
      add(normalizeEmail(element.getAttribute('email')));
    for (const link of queryAll(region, MAILTO_LINK, 50)) {
      if (!link.closest('blockquote')) mailtoAddresses(link.getAttribute('href')).forEach(add);
    }
    for (const input of queryAll(region, EMAIL_INPUT, 20))
      add(normalizeEmail((input as HTMLInputElement).value));
  }
  if (found.length > 0) return found;
  return extractEmails(visibleText(regions, MAX_TEXT_SCAN));
}

/** The regions' text as a user sees it, skipping hidden and quoted parts, up to `maxChars`. */
export function visibleText(
  regions: readonly Element[],
  maxChars: number,
  maxNodes = MAX_NODES_VISITED,
): string {
  const parts: string[] = [];
  let length = 0;
  let visited = 0;
  for (const region of regions) {
    // A hand-rolled pre-order walk, so that the caps stop it at once (a TreeWalker filter would
    // still step through every remaining node).
    let node: Node | null = region.firstChild;
    while (node && visited++ < maxNodes) {
      let descend = false;
      if (node.nodeType === Node.TEXT_NODE) {
        const data = (node as Text).data;
        if (data.length > maxChars - length) {
          // The cap falls in this node: keep its whole words only, never half an address.
          const text = data.slice(0, maxChars - length);
          parts.push(text.slice(0, text.search(/\S*$/)));
          return parts.join(' ');
        }
        parts.push(data);
        length += data.length + 1;
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        descend = isReadable(node as Element);
      }
      node = nextInOrder(node, descend, region);
    }
  }
  return parts.join(' ');
}

function isReadable(element: Element): boolean {
  return (
    !SKIPPED_ELEMENTS.has(element.localName) &&
    element.getAttribute('aria-hidden') !== 'true' &&
    !isHiddenByMarkup(element, element.parentElement)
  );
}

function nextInOrder(node: Node, descend: boolean, root: Node): Node | null {
  if (descend && node.firstChild) return node.firstChild;
  for (let current: Node | null = node; current && current !== root; current = current.parentNode) {
    if (current.nextSibling) return current.nextSibling;
  }
  return null;
}
