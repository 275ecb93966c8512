/**
 * Outlook on the web (`https://outlook.office.com/mail/…`, `outlook.office365.com`,
 * `outlook.cloud.microsoft`, consumer `outlook.live.com`).
 *
 * Outlook shows people as "personas": chips with a display name and, unlike Gmail, usually no
 * address anywhere in the DOM. A persona showing only a name becomes a name-only candidate; an
 * address is taken only where Outlook itself shows one. Nothing is clicked (the persona card is
 * read only when the user opened it).
 *
 * What this relies on, all of it the same in every UI language (no translated text is read, not
 * even `aria-label` wording: "From:", "To:", "Opens card for", "Reading Pane" are UI strings):
 *
 * - The reading pane: `#ReadingPaneContainerId`, else `[data-app-section="MailReadCompose"]`, else
 *   the `main` landmark. The message list (`[role="listbox"] [role="option"][data-convid]`) sits
 *   beside it and is never read.
 * - Fluent's layer host `#fluent-default-layer-host`, where Outlook opens persona cards: an extra
 *   scope when it is outside the pane.
 * - The view: the open conversation's identity, from the page (outlook-people.ts reads it). The
 *   URL's ItemID is used only in a deeplink read window (`/mail/deeplink/read/<ItemID>`), which
 *   never shows another item.
 * - The people in the pane (header "wells", persona chips, compose forms and their fields, the
 *   opened persona card): outlook-people.ts, whose header lists the structure it reads.
 * - The signed-in account: the account manager's `#mectrl_currentAccount_secondary` (address)
 *   and `#mectrl_currentAccount_primary` (name); old OWA puts the address in the window title.
 *
 * Class names are hashed and change between builds: none is used.
 */
import { normalizeEmail } from '../detect/emails';
import { isHiddenByMarkup, queryAll } from './dom';
import { gmailAccountEmail } from './gmail';
import {
  CARD_EMAIL,
  CONVERSATION,
  CONVERSATION_ID,
  CONVERSATION_SUBJECT,
  MAILTO,
  MAX_PERSONA_TEXT,
  PERSONA,
  SEND_BUTTON,
  WELL,
  cleanName,
  composeForms,
  conversationId,
  firstShown,
  readCards,
  readCompose,
  readWells,
  singleAddress,
  toCandidates,
  type Entry,
} from './outlook-people';
import type { Detection, SiteDefinition, SiteInfo } from './types';

const READING_PANE_ID = 'ReadingPaneContainerId';
const READ_COMPOSE = '[data-app-section="MailReadCompose"]';
const MAIN = '[role="main"]';
const LAYER_HOST_ID = 'fluent-default-layer-host';

export type OutlookRoute =
  { kind: 'item'; itemId: string; deeplink: boolean } | { kind: 'compose' } | { kind: 'other' };

const OUTLOOK_HOSTS = new Set([
  'outlook.office.com',
  'outlook.office365.com',
  'outlook.cloud.microsoft',
  'outlook.live.com',
]);
/** Hosts where the classic `/owa/` path is still served (redirecting to `/mail/`). */
const OWA_HOSTS = new Set(['outlook.office.com', 'outlook.office365.com']);
/** Exchange ItemIDs: base64, sometimes URL-safe; percent-encoded in the path. */
const ITEM_ID = /^[A-Za-z0-9+/=_-]{8,1000}$/;

function decodeSegment(segment: string): string | null {
  try {
    const decoded = decodeURIComponent(segment);
    return ITEM_ID.test(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

/**
 * Which view the URL names. `/mail/id/<ItemID>`, with an account index (`/mail/0/…`), a shared
 * mailbox or a folder before it (`/mail/inbox/id/…`); `/mail/deeplink/read/<ItemID>`;
 * `/mail/deeplink/compose…`; old `/owa/?ItemID=…` and `/owa/?path=/mail/action/compose`.
 */
export function outlookRoute(url: URL): OutlookRoute {
  const segments = url.pathname.split('/').filter(Boolean).slice(0, 12);
  if (segments[0] === 'owa') {
    const itemId = decodeSegment(url.searchParams.get('ItemID') ?? '');
    if (itemId) return { kind: 'item', itemId, deeplink: true };
    return /\/mail\/action\/compose/.test(url.searchParams.get('path') ?? '')
      ? { kind: 'compose' }
      : { kind: 'other' };
  }
  if (segments[0] !== 'mail') return { kind: 'other' };
  const deeplink = segments.indexOf('deeplink');
  if (deeplink > 0) {
    const action = segments[deeplink + 1];
    if (action === 'compose') return { kind: 'compose' };
    const itemId = action === 'read' ? decodeSegment(segments[deeplink + 2] ?? '') : null;
    return itemId ? { kind: 'item', itemId, deeplink: true } : { kind: 'other' };
  }
  const id = segments.lastIndexOf('id');
  const itemId = id > 0 ? decodeSegment(segments[id + 1] ?? '') : null;
  return itemId ? { kind: 'item', itemId, deeplink: false } : { kind: 'other' };
}

function readingPane(doc: Document): Element | null {
  const byId = doc.getElementById(READING_PANE_ID);
  if (byId) return byId;
  return firstShown(doc, READ_COMPOSE) ?? firstShown(doc, MAIN);
}

/** Fluent's layer host, where Outlook opens persona cards, when it is outside the pane. */
function layerHosts(doc: Document, pane: Element | null): Element[] {
  const host = doc.getElementById(LAYER_HOST_ID);
  return host && !pane?.contains(host) && !host.contains(pane) ? [host] : [];
}

/**
 * Where the view's people can be: the pane's read/compose sections (not whatever else the
 * fallback `main` landmark holds, such as the list), and the layer host.
 */
function candidateRoots(_doc: Document, _url: URL, scopes: readonly Element[]): Element[] {
  const [pane, ...rest] = scopes;
  if (!pane) return [...rest];
  const sections = pane.matches(READ_COMPOSE) ? [] : queryAll(pane, READ_COMPOSE, 5);
  if (sections.length === 0) {
    const conversation = pane.matches(`#${READING_PANE_ID}`) ? null : pane.querySelector(CONVERSATION);
    return [conversation ?? pane, ...rest];
  }
  // Sections nested in each other: the outer one covers the inner.
  return [
    ...sections.filter((section) => !sections.some((other) => other !== section && other.contains(section))),
    ...rest,
  ];
}

function detectOutlook(doc: Document, url: URL, scopes?: readonly Element[]): Detection {
  const pane = scopes ? (scopes[0] ?? null) : readingPane(doc);
  const all = scopes ?? (pane ? [pane, ...layerHosts(doc, pane)] : layerHosts(doc, null));
  if (!pane) return { viewKey: null, candidates: [] };
  const roots = candidateRoots(doc, url, all).filter((root) => !isHiddenByMarkup(root));
  const paneRoots = roots.filter((root) => pane.contains(root));
  const route = outlookRoute(url);

  const forms = composeForms(paneRoots);
  const drafts = new Set(forms.flatMap(({ draftId }) => (draftId ? [draftId] : [])));
  const entries: Entry[] = [];
  let viewKey: string | null = null;
  const conversation = conversationId(paneRoots);
  if (conversation) {
    // The conversation on screen names the view, whatever the URL says: right after a
    // navigation the old conversation is still rendered, and keeps its own key.
    readWells(paneRoots, drafts, entries);
    viewKey = `outlook:conversation:${conversation}`;
  } else if (route.kind === 'item' && route.deeplink) {
    // A deeplink read window shows one item for its whole life: its URL is its identity. Elsewhere
    // headers of a conversation the page does not name are not read: nobody is reported under a
    // key that may belong to the previous view.
    if (readWells(paneRoots, drafts, entries) > 0) viewKey = `outlook:item:${route.itemId}`;
  }

  const composeStart = entries.length;
  for (const form of forms) readCompose(form, entries);
  const cards = readCards(roots);
  if (!viewKey) {
    if (entries.length === composeStart) return { viewKey: null, candidates: [] };
    viewKey = `outlook:compose:${forms.find(({ draftId }) => draftId)?.draftId ?? 'new'}`;
  }
  return { viewKey, candidates: toCandidates(entries, cards) };
}

/** The signed-in address: the account manager, else old OWA's window title. */
export function outlookAccountEmail(doc: Document): string | null {
  const secondary = doc.getElementById('mectrl_currentAccount_secondary');
  const shown = singleAddress((secondary?.textContent ?? '').slice(0, MAX_PERSONA_TEXT));
  return shown ?? gmailAccountEmail(doc.title);
}

/** The signed-in display name: the account manager's first line. */
export function outlookAccountName(doc: Document): string | null {
  const name = cleanName(doc.getElementById('mectrl_currentAccount_primary')?.textContent);
  return name && !normalizeEmail(name) ? name : null;
}

/** The site as the registry lists it: names and match patterns, none of its page code. */
export const outlookSite = {
  kind: 'mail',
  id: 'outlook',
  label: 'Outlook',
  // Whole hosts, like Gmail's: the manifest's host permissions are these patterns (a path there
  // would mean nothing), and `matches` keeps the adapter to `/mail/` (and classic `/owa/`), off
  // the calendar and people pages.
  matchPatterns: [
    'https://outlook.office.com/*',
    'https://outlook.office365.com/*',
    'https://outlook.cloud.microsoft/*',
    'https://outlook.live.com/*',
  ],
  settingsLabel: 'Outlook on the web',
  hostsLabel: 'outlook.office.com, outlook.office365.com, outlook.cloud.microsoft, outlook.live.com',
} as const satisfies SiteInfo<'outlook'>;

export const outlookAdapter: SiteDefinition<'outlook'> = {
  ...outlookSite,
  matches: (url) =>
    url.protocol === 'https:' &&
    OUTLOOK_HOSTS.has(url.hostname) &&
    (url.pathname.startsWith('/mail/') || (OWA_HOSTS.has(url.hostname) && url.pathname.startsWith('/owa/'))),
  scope: (doc) => readingPane(doc),
  extraScopes: (doc, _url, pane) => layerHosts(doc, pane === undefined ? readingPane(doc) : pane),
  detect: detectOutlook,
  candidateRoots,
  watch: {
    selector: [
      WELL,
      PERSONA,
      MAILTO,
      `[${CONVERSATION_ID}]`,
      CONVERSATION_SUBJECT,
      CONVERSATION,
      READ_COMPOSE,
      SEND_BUTTON,
      '[contenteditable]',
      CARD_EMAIL,
    ].join(', '),
    // Typed addresses and persona names are text.
    text: true,
    attributes: [CONVERSATION_ID, 'id', 'title', 'href', 'hidden', 'style'],
    attributeSelector: `[${CONVERSATION_ID}], ${WELL}, ${PERSONA}, ${MAILTO}, ${CONVERSATION}, ${READ_COMPOSE}`,
    scopeSelector: `#${READING_PANE_ID}, ${READ_COMPOSE}, ${MAIN}`,
    extraScopeSelector: `#${LAYER_HOST_ID}`,
    // The conversation on screen names the view (detectOutlook), whatever the URL says.
    viewFromPage: true,
  },
  accountEmail: outlookAccountEmail,
  accountName: outlookAccountName,
};
