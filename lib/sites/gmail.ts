/**
 * Gmail (`https://mail.google.com/mail/u/N/…`). Reads only structure and attributes Gmail uses
 * in every UI language: class names, `email`/`data-hovercard-id`, `name`, `role`. Never
 * `aria-label` or any other translated text. Message bodies are never read.
 */
import { normalizeEmail } from '../detect/emails';
import { MAX_ELEMENTS, createCandidateList, hiddenByOwnMarkup, isHiddenByMarkup, queryAll } from './dom';
import { addressInAttributes } from '../detect/hover';
import type { Detection, LeadRole, SiteDefinition, SiteInfo } from './types';

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
/** A sender as read inside one message: recipients (`.g2`) are never taken for senders. */
const SENDER_IN_MESSAGE = SENDER.split(', ')
  .map((selector) => `${selector}:not(.g2)`)
  .join(', ');
/** Recipient elements read per thread, newest messages first; past this it is a mailing list. */
const RECIPIENT_BUDGET = 200;
/** Sender elements looked at in one message when the first is not usable. */
const MAX_SCANNED = 20_000;
/**
 * The recipient fields of a compose window or an inline reply: a `div[name]` whose name is one
 * of these. Listed with the one simple selector and checked by name: browsers match a single
 * simple selector far faster than a list of three.
 */
const RECIPIENT_FIELD = 'div[name]';
const RECIPIENT_FIELD_NAMES = new Set(['to', 'cc', 'bcc']);
/** A recipient chip inside such a field (2022 chip redesign on). */
const RECIPIENT_CHIP_IN_FIELD = '[role="option"][data-hovercard-id]';
/**
 * Where compose windows live outside the main region: the dock at the bottom right (`div.dw`)
 * and full-screen or popped-up compose dialogs.
 */
const COMPOSE_DOCK_CLASS = 'dw';
const COMPOSE_DIALOG = '[role="dialog"]';
const COMPOSE_HOST = `div.${COMPOSE_DOCK_CLASS}, div${COMPOSE_DIALOG}`;

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

/**
 * The compose windows outside the main region, hidden ones included: they are observed, and
 * a detection skips the hidden ones (a window hidden now may be shown later without a new one
 * appearing).
 */
function composeHosts(doc: Document, main: Element | null): Element[] {
  // Two simple lookups rather than COMPOSE_HOST over the whole document: a class is found
  // through the document's class index, and one attribute selector matches fast.
  const found = new Set<Element>();
  for (const list of [doc.getElementsByClassName(COMPOSE_DOCK_CLASS), doc.querySelectorAll(COMPOSE_DIALOG)]) {
    for (let index = 0; index < list.length && found.size < 20; index++) {
      const host = list[index]!;
      if (host.localName === 'div') found.add(host);
    }
  }
  // In document order, as the hosts are observed and read. A dialog inside the dock is
  // already covered by the dock.
  return [...found]
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))
    .filter((host) => !main?.contains(host) && !host.parentElement?.closest(`div.${COMPOSE_DOCK_CLASS}`));
}

/**
 * The open thread's view: the child of the main region that holds the shown thread heading and
 * the first message. It holds the messages' headers and the inline reply; the inbox list Gmail
 * keeps beside it, hidden, is another child. The main region itself when the heading and the
 * messages sit in different children (markup we do not know), null while no thread is rendered.
 */
function threadView(main: Element): Element | null {
  const heading = childHolding(main, firstShown(main, THREAD_HEADING, 5, main));
  const message = childHolding(main, main.querySelector(MESSAGE));
  if (heading && message && heading !== message) return main;
  return heading ?? message;
}

/** The child of `parent` that is or holds `element`. */
function childHolding(parent: Element, element: Element | null): Element | null {
  let node = element;
  while (node && node.parentElement !== parent) node = node.parentElement;
  return node;
}

/**
 * Where the view's people can be: the open thread's view and the compose windows. On a list
 * view only the compose windows (the list is never read); on a thread URL whose thread is not
 * rendered yet, the whole main region, to see it arrive.
 */
function candidateRoots(_doc: Document, url: URL, scopes: readonly Element[]): Element[] {
  const [main, ...hosts] = scopes;
  if (!main || gmailRoute(url).kind !== 'thread') return hosts;
  return [threadView(main) ?? main, ...hosts];
}

function detectGmail(doc: Document, url: URL, scopes?: readonly Element[]): Detection {
  const route = gmailRoute(url);
  // The watcher hands in the scopes it found (and observes) for this document: finding the
  // compose windows again would walk the whole document a second time.
  const main = scopes ? (scopes[0] ?? null) : mainRegion(doc);
  const hosts = (scopes ? scopes.slice(1) : composeHosts(doc, main)).filter(
    (host) => !isHiddenByMarkup(host),
  );
  const list = createCandidateList();

  let threadKey: string | null = null;
  if (route.kind === 'thread' && main) {
    const heading = firstShown(main, THREAD_HEADING, 5, main);
    readThread(main, list);
    // The URL changes before Gmail renders the thread: until a thread is on screen the view
    // stays what it was. The heading is the DOM's word on which thread is showing.
    if (heading || list.size > 0) threadKey = heading?.getAttribute('data-thread-perm-id') || route.threadId;
  }

  // Recipient chips: in an inline reply inside the open thread, and in compose windows.
  const composeRoots = [...(route.kind === 'thread' && main ? [main] : []), ...hosts];
  let chips = 0;
  for (const root of composeRoots) {
    for (const field of recipientFields(root.querySelectorAll(RECIPIENT_FIELD))) {
      for (const chip of queryAll(field, RECIPIENT_CHIP_IN_FIELD)) {
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
  }

  if (threadKey) return { viewKey: `gmail:thread:${threadKey}`, candidates: list.list() };
  // No thread on screen: only a compose window with someone in it names a person; otherwise idle.
  if (chips > 0) return { viewKey: `gmail:compose:${route.compose ?? 'open'}`, candidates: list.list() };
  return { viewKey: null, candidates: [] };
}

/** The recipient fields among `div[name]` elements, at most 30. */
function recipientFields(candidates: NodeListOf<Element>): Element[] {
  const fields: Element[] = [];
  for (let index = 0; index < candidates.length && fields.length < 30; index++) {
    const field = candidates[index]!;
    if (RECIPIENT_FIELD_NAMES.has(field.getAttribute('name') ?? '')) fields.push(field);
  }
  return fields;
}

/** Where a node sits in a message: hidden by markup, inside the body. */
interface Place {
  hidden: boolean;
  body: boolean;
}

const OUTSIDE: Place = { hidden: false, body: false };

/**
 * Reads the people of the thread under `thread` into `list`. One walk of the thread finds its
 * messages; each message is then read on its own, newest first: its sender is near the top of it, and its
 * recipients are read only while the thread's recipient budget lasts, so a long thread's older
 * messages and bodies are not walked again.
 */
function readThread(thread: Element, list: ReturnType<typeof createCandidateList>) {
  const messages = queryAll(thread, MESSAGE);
  // A thread rendered without message containers (older or unknown markup) is read as one.
  if (messages.length === 0) messages.push(thread);

  // One walk up from each person, stopping at the first ancestor already placed: a header of
  // 600 recipients reads each ancestor once, not once per recipient and per question.
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
      };
      places.set(node, place);
    }
    return place;
  };

  const latest: { element: Element; role: LeadRole; email: string; order: number }[] = [];
  const taken = { sender: new Set<string>(), to: new Set<string>() };
  // A mailing list repeats the same addresses in every header: each distinct value is checked once.
  const addresses = new Map<string, string | null>();
  /**
   * Takes a person at their latest appearance; earlier ones add nothing and are not placed.
   * Whether the element names someone who counts (an address, not in a body, not hidden).
   */
  const consider = (element: Element, role: 'sender' | 'to', order: number): boolean => {
    const raw = element.getAttribute('email') ?? '';
    let email = addresses.get(raw);
    if (email === undefined) addresses.set(raw, (email = normalizeEmail(raw)));
    if (!email) return false;
    if (taken[role].has(email)) return true;
    const place = placeOf(element);
    if (place.body || place.hidden) return false;
    taken[role].add(email);
    latest.push({ element, role, email, order });
    return true;
  };

  // Every sender is read; recipients only until RECIPIENT_BUDGET of them have been, since a
  // mailing list names the same people in every header and past the newest few they add only
  // work. Recipients of a message are read newest (last) first, like the messages.
  let budget = RECIPIENT_BUDGET;
  for (let order = messages.length - 1; order >= 0 && latest.length < MAX_ELEMENTS; order--) {
    const message = messages[order]!;
    if (message !== thread && placeOf(message).hidden) continue;
    readSenders(message, message === thread, (element) => consider(element, 'sender', order));
    if (budget <= 0) continue;
    const recipients = message.querySelectorAll(RECIPIENT);
    const stop = Math.max(0, recipients.length - budget);
    budget -= recipients.length - stop;
    for (let index = recipients.length - 1; index >= stop && latest.length < MAX_ELEMENTS; index--) {
      consider(recipients[index]!, 'to', order);
    }
  }
  // Back to thread order: by message, the sender before the recipients as in the header, and
  // otherwise as on the page (each message was read last element first).
  const rank = (role: LeadRole) => (role === 'sender' ? 0 : 1);
  const ordered = latest.map((entry, seq) => ({ ...entry, seq }));
  ordered.sort((a, b) => a.order - b.order || rank(a.role) - rank(b.role) || b.seq - a.seq);
  for (const { element, role, email, order } of ordered) {
    list.add(email, role, order, element.getAttribute('name'));
  }
}

/**
 * Hands `take` the sender of one message: the first it takes. The sender sits in the message's
 * header, so asking for the first match stops early; only when that one is not usable (a forged
 * header quoted in a body, an empty address) are the rest listed. `all`: a thread read as one
 * message (no message containers) has many senders, and every one is handed over.
 */
function readSenders(message: Element, all: boolean, take: (element: Element) => boolean) {
  const first = message.querySelector(SENDER_IN_MESSAGE);
  if (!first || (take(first) && !all)) return;
  const rest = message.querySelectorAll(SENDER_IN_MESSAGE);
  const stop = Math.min(rest.length, MAX_SCANNED);
  for (let index = 1; index < stop; index++) if (take(rest[index]!) && !all) return;
}

/**
 * Attributes that carry a person's address wherever Gmail shows one (a sender, a chip, a row in
 * the list, a hover card): `span.gD[email]`, chips' `data-hovercard-id`.
 */
const PERSON_ATTRIBUTES = ['email', 'data-hovercard-id'] as const;

/** The site as the registry lists it: names and match patterns, none of its page code. */
export const gmailSite = {
  kind: 'mail',
  id: 'gmail',
  label: 'Gmail',
  matchPatterns: ['https://mail.google.com/*'],
  hostsLabel: 'mail.google.com',
} as const satisfies SiteInfo<'gmail'>;

export const gmailAdapter: SiteDefinition<'gmail'> = {
  ...gmailSite,
  matches: (url) =>
    url.protocol === 'https:' &&
    url.hostname === 'mail.google.com' &&
    /^\/mail\/u\/\d+(?:\/|$)/.test(url.pathname),
  scope: (doc) => mainRegion(doc),
  extraScopes: (doc, _url, main) => composeHosts(doc, main === undefined ? mainRegion(doc) : main),
  detect: detectGmail,
  candidateRoots,
  watch: {
    selector: `[email], [data-hovercard-id], ${THREAD_HEADING}`,
    // A person element appearing outside the open thread (a chat, a hover card) is nobody the
    // view is about; only a new main region (or compose window, below) is a new scope.
    scopeSelector: MAIN_REGION,
    attributes: ['email', 'data-hovercard-id', 'data-thread-perm-id'],
    extraScopeSelector: COMPOSE_HOST,
    // The thread heading names the thread on screen (detectGmail), whatever the URL says.
    viewFromPage: true,
  },
  accountEmail: (doc) => gmailAccountEmail(doc.title),
  hoverPerson(target) {
    const email = addressInAttributes(target, PERSON_ATTRIBUTES);
    return email ? { email, name: target.getAttribute('name') } : null;
  },
};
