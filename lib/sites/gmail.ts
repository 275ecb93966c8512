/**
 * Gmail (`https://mail.google.com/mail/u/N/…`). Reads only structure and attributes Gmail uses
 * in every UI language: class names, `email`/`data-hovercard-id`, `name`, `role`. Never
 * `aria-label` or any other translated text. Message bodies are never read.
 */
import { normalizeEmail } from '../detect/emails';
import { MAX_ELEMENTS, createCandidateList, hiddenByOwnMarkup, isHiddenByMarkup, queryAll } from './dom';
import type { Detection, LeadRole, SiteAdapter } from './types';

/** The main region: the open thread or the list, whichever view is showing. */
const MAIN_REGION = 'div[role="main"]';
/** The open thread's subject heading; `data-thread-perm-id` carries Gmail's thread id (2018 redesign on). */
const THREAD_HEADING = 'h2.hP';
/** The attribute on each message of the thread, expanded (`div.adn`) or collapsed (`div.adf`); gives recency. */
const MESSAGE_ID = 'data-message-id';
const MESSAGE = `[${MESSAGE_ID}]`;
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
const SENDER = `${EXPANDED_SENDER}, ${COLLAPSED_SENDER}`;
const RECIPIENT = `${HEADER_RECIPIENT}, ${DETAILS_RECIPIENT}`;
/** Every element the two selectors above can match is one of these (all of them are spans). */
const RECIPIENT_LIKE = 'span.g2[email]';
const SENDER_LIKE = 'span[email]:not(.g2)';
/** Recipient elements read per thread, newest messages first; past this it is a mailing list. */
const RECIPIENT_BUDGET = 200;
/** Other elements with an address looked at per thread, newest first (bodies can hold thousands). */
const MAX_SCANNED = 20_000;
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

/**
 * The first of `selector` under `root` not hidden by markup, among the first `limit`. Asks for
 * the first match alone before listing them: a listing walks the whole tree, the first match
 * usually sits near the top of it.
 */
function firstShown(root: ParentNode, selector: string, limit: number, within?: Element): Element | null {
  const first = root.querySelector(selector);
  if (!first || !isHiddenByMarkup(first, within)) return first;
  return queryAll(root, selector, limit).find((element) => !isHiddenByMarkup(element, within)) ?? null;
}

function mainRegion(doc: Document): Element | null {
  return firstShown(doc, MAIN_REGION, 5);
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
    const heading = firstShown(main, THREAD_HEADING, 5, main);
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

/** Where a node sits in the thread: hidden by markup, inside a body, in which message. */
interface Place {
  hidden: boolean;
  body: boolean;
  message: Element | null;
}

const OUTSIDE: Place = { hidden: false, body: false, message: null };

function readThread(thread: Element, list: ReturnType<typeof createCandidateList>) {
  // One walk up from each person, stopping at the first ancestor already placed: a thread of
  // 600 header recipients reads each ancestor once, not once per recipient and per question.
  const places = new Map<Element, Place>();
  const placeOf = (element: Element): Place => {
    const path: Element[] = [];
    let place = OUTSIDE;
    for (let node: Element | null = element; node && node !== thread; node = node.parentElement) {
      const known = places.get(node);
      if (known) {
        place = known;
        break;
      }
      path.push(node);
    }
    for (let index = path.length - 1; index >= 0; index--) {
      const node = path[index]!;
      place = {
        hidden: place.hidden || hiddenByOwnMarkup(node),
        body: place.body || node.matches(MESSAGE_BODY),
        message: node.hasAttribute(MESSAGE_ID) ? node : place.message,
      };
      places.set(node, place);
    }
    return place;
  };
  // Recency is the position of the person's message in the thread (oldest first).
  const messageIndex = new Map<Element, number>();
  thread.querySelectorAll(MESSAGE).forEach((message, index) => messageIndex.set(message, index));

  const latest: { element: Element; role: LeadRole; email: string; order: number }[] = [];
  const seen = new Set<string>();
  /**
   * Takes a person at their latest appearance; earlier ones add nothing and are not placed.
   * `fallback` orders an element outside any message (its position in its list).
   */
  const consider = (element: Element, role: LeadRole, fallback: number) => {
    const email = normalizeEmail(element.getAttribute('email'));
    if (!email || seen.has(`${role} ${email}`)) return;
    const place = placeOf(element);
    if (place.body || place.hidden) return;
    seen.add(`${role} ${email}`);
    const order = (place.message && messageIndex.get(place.message)) ?? fallback;
    latest.push({ element, role, email, order });
  };

  // Two simple selectors, newest first, each candidate then checked against the exact one:
  // matching the descendant selectors across the whole thread costs more than this. Every
  // sender is read; recipients only until RECIPIENT_BUDGET of them have been, since a mailing
  // list names the same people in every header and past the newest few they add only work.
  const senders = thread.querySelectorAll(SENDER_LIKE);
  const first = Math.max(0, senders.length - MAX_SCANNED);
  for (let index = senders.length - 1; index >= first && latest.length < MAX_ELEMENTS; index--) {
    const element = senders[index]!;
    if (element.matches(SENDER)) consider(element, 'sender', index);
  }
  const recipients = thread.querySelectorAll(RECIPIENT_LIKE);
  const stop = Math.max(0, recipients.length - RECIPIENT_BUDGET);
  for (let index = recipients.length - 1; index >= stop && latest.length < MAX_ELEMENTS; index--) {
    const element = recipients[index]!;
    const role = element.matches(RECIPIENT) ? 'to' : element.matches(SENDER) ? 'sender' : null;
    if (role) consider(element, role, index);
  }
  // Back to thread order: by message, the sender before the recipients as in the header, and
  // otherwise as on the page (each pass read newest first, so a later entry came earlier).
  const rank = (role: LeadRole) => (role === 'sender' ? 0 : 1);
  const ordered = latest.map((entry, seq) => ({ ...entry, seq }));
  ordered.sort((a, b) => a.order - b.order || rank(a.role) - rank(b.role) || b.seq - a.seq);
  for (const { element, role, email, order } of ordered) {
    list.add(email, role, order, element.getAttribute('name'));
  }
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
