/**
 * Gmail (`https://mail.google.com/mail/u/N/…`). Reads only structure and attributes Gmail uses
 * in every UI language: class names, `email`/`data-hovercard-id`, `name`, `role`. Never
 * `aria-label` or any other translated text. Message bodies are never read.
 */
import { normalizeEmail } from '../detect/emails';
import { createCandidateList, isHiddenByMarkup, queryAll } from './dom';
import type { Detection, SiteAdapter } from './types';

/** The main region: the open thread or the list, whichever view is showing. */
const MAIN_REGION = 'div[role="main"]';
/** The open thread's subject heading; `data-thread-perm-id` carries Gmail's thread id (2018 redesign on). */
const THREAD_HEADING = 'h2.hP';
/** One message of the thread, expanded (`div.adn`) or collapsed (`div.adf`); gives recency. */
const MESSAGE = '[data-message-id]';
/** The sender of an expanded message, in its header. */
const EXPANDED_SENDER = 'h3.iw span.gD[email]';
/** The sender of a collapsed message (one-line row: `.kv` item, `.kQ` row). */
const COLLAPSED_SENDER = '.kv span[email], .kQ span[email]';
/** Recipients in an expanded message's header line ("to me, Bob"). */
const HEADER_RECIPIENT = 'span.hb span.g2[email]';
/** Recipients in the "show details" pop-up of an expanded message, when it is open. */
const DETAILS_RECIPIENT = 'div.ajA span.g2[email]';
/** A message body (and the quoted text in it): addresses there are never candidates. */
const MESSAGE_BODY = 'div.a3s';
/** Recipient chips of a compose window or an inline reply (2022 chip redesign on). */
const RECIPIENT_CHIP = ['to', 'cc', 'bcc']
  .map((field) => `div[name="${field}"] [role="option"][data-hovercard-id]`)
  .join(', ');
/**
 * Where compose windows live outside the main region: the dock at the bottom right (`div.dw`)
 * and full-screen or popped-up compose dialogs.
 */
const COMPOSE_HOST = 'div.dw, div[role="dialog"]';

/** List views whose route has a second segment before the thread id (`#label/Work/<id>`). */
const TWO_SEGMENT_ROUTES = new Set(['label', 'search', 'category', 'advanced-search', 'apps']);
/** Views with no thread at all, whatever follows. */
const NON_THREAD_ROUTES = new Set(['settings', 'contacts', 'create-filter', 'chats']);
/** Thread ids in URLs: legacy hex (`18d4c1a2b3c4d5e6`) or the newer opaque form (`FMfcgz…`). */
const THREAD_ID = /^[A-Za-z0-9_-]{16,200}$/;

export type GmailRoute =
  { kind: 'thread'; threadId: string; compose: string | null } | { kind: 'other'; compose: string | null };

/** Which view the URL names. Gmail routes in the hash: `#inbox/<id>`, `#label/x/<id>`, `#inbox?compose=new`. */
export function gmailRoute(url: URL): GmailRoute {
  const [path = '', query = ''] = url.hash.replace(/^#/, '').split('?', 2);
  const compose = new URLSearchParams(query).get('compose');
  const segments = path.split('/');
  const first = segments[0] ?? '';
  if (NON_THREAD_ROUTES.has(first)) return { kind: 'other', compose };
  const candidate = segments[TWO_SEGMENT_ROUTES.has(first) ? 2 : 1];
  if (candidate && THREAD_ID.test(candidate)) return { kind: 'thread', threadId: candidate, compose };
  return { kind: 'other', compose };
}

/**
 * The signed-in account from the window title ("Inbox (3) - ada@acme.com - Gmail", "Posteingang
 * - ada@acme.com - Gmail"). The address is the last title part that is one; a subject may
 * contain dashes and addresses of its own, which come earlier.
 */
export function gmailAccountEmail(title: string | null | undefined): string | null {
  if (!title) return null;
  const parts = title.slice(0, 2000).split(/\s[-–—]\s/);
  for (let index = parts.length - 1; index >= 0; index--) {
    const address = normalizeEmail(parts[index]);
    if (address) return address;
  }
  return null;
}

function mainRegion(doc: Document): Element | null {
  return queryAll(doc, MAIN_REGION, 5).find((element) => !isHiddenByMarkup(element)) ?? null;
}

function composeHosts(doc: Document, main: Element | null): Element[] {
  // A dialog inside the dock is already covered by the dock.
  return queryAll(doc, COMPOSE_HOST, 20).filter(
    (host) => !isHiddenByMarkup(host) && !main?.contains(host) && !host.parentElement?.closest('div.dw'),
  );
}

function detectGmail(doc: Document, url: URL): Detection {
  const route = gmailRoute(url);
  const main = mainRegion(doc);
  const list = createCandidateList();

  let threadKey: string | null = null;
  if (route.kind === 'thread' && main) {
    const heading = queryAll(main, THREAD_HEADING, 5).find((element) => !isHiddenByMarkup(element, main));
    readThread(main, list);
    // The URL changes before Gmail renders the thread: until a thread is on screen the view
    // stays what it was. The heading is the DOM's word on which thread is showing.
    if (heading || list.size > 0) threadKey = heading?.getAttribute('data-thread-perm-id') || route.threadId;
  }

  const composeRoots = [...(route.kind === 'thread' && main ? [main] : []), ...composeHosts(doc, main)];
  let chips = 0;
  for (const root of composeRoots) {
    for (const chip of queryAll(root, RECIPIENT_CHIP)) {
      if (isHiddenByMarkup(chip, root)) continue;
      list.add(
        normalizeEmail(chip.getAttribute('data-hovercard-id')),
        'compose',
        0,
        chip.getAttribute('data-name'),
      );
      chips++;
    }
  }

  if (threadKey) return { viewKey: `gmail:thread:${threadKey}`, candidates: list.list() };
  // No thread on screen: only a compose window with someone in it names a person; otherwise idle.
  if (chips > 0) return { viewKey: `gmail:compose:${route.compose ?? 'open'}`, candidates: list.list() };
  return { viewKey: null, candidates: [] };
}

function readThread(thread: Element, list: ReturnType<typeof createCandidateList>) {
  // Recency comes from the message an element belongs to, in document order (oldest first).
  const messageOrder = new Map<Element, number>();
  const orderOf = (element: Element, fallback: number) => {
    const message = element.closest(MESSAGE);
    if (!message) return fallback;
    let order = messageOrder.get(message);
    if (order === undefined) {
      order = messageOrder.size;
      messageOrder.set(message, order);
    }
    return order;
  };

  const people = queryAll(
    thread,
    [EXPANDED_SENDER, COLLAPSED_SENDER, HEADER_RECIPIENT, DETAILS_RECIPIENT].join(', '),
  );
  const hidden = new Map<Element, boolean>();
  people.forEach((element, index) => {
    if (element.closest(MESSAGE_BODY) || isHiddenByMarkup(element, thread, hidden)) return;
    const role = element.matches(HEADER_RECIPIENT) || element.matches(DETAILS_RECIPIENT) ? 'to' : 'sender';
    list.add(
      normalizeEmail(element.getAttribute('email')),
      role,
      orderOf(element, index),
      element.getAttribute('name'),
    );
  });
}

export const gmailAdapter: SiteAdapter = {
  id: 'gmail',
  label: 'Gmail',
  matches: (url) =>
    url.protocol === 'https:' &&
    url.hostname === 'mail.google.com' &&
    /^\/mail\/u\/\d+(?:\/|$)/.test(url.pathname),
  scope: (doc) => mainRegion(doc),
  extraScopes: (doc) => composeHosts(doc, mainRegion(doc)),
  detect: detectGmail,
  watch: {
    selector: `[email], [data-hovercard-id], ${THREAD_HEADING}`,
    attributes: ['email', 'data-hovercard-id', 'data-thread-perm-id'],
    extraScopeSelector: COMPOSE_HOST,
  },
};
