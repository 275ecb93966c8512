/**
 * Outlook on the web: who the reading pane shows, read from the DOM. outlook.ts finds the pane
 * and the roots to read, names the view, and calls these readers. A persona showing only a name
 * becomes a name-only candidate; an address is taken only where Outlook itself shows one.
 *
 * What this relies on, all of it the same in every UI language (no translated text is read, not
 * even `aria-label` wording: "From:", "To:", "Opens card for" are UI strings):
 *
 * - The open conversation's identity, from the page: `data-convid` on the conversation
 *   (`[data-app-section="ConversationContainer"]` or any element in the pane), else the id of the
 *   subject heading `CONV_<id>_SUBJECT`.
 * - Each message's header "wells": elements whose id is `MSG_<messageId>_FROM` (the sender;
 *   the From heading of the ARIA snapshot), `MSG_<messageId>_TO`, `_CC`, `_BCC` (the recipient
 *   headings). The role comes from the suffix, never from the "From:"/"To:" label. The message's
 *   place in the conversation is the order its id first appears. Wells inside a message body
 *   (`[id^="UniqueMessageBody"]`, `[role="document"]`) are forgeries and are skipped; so is the
 *   avatar persona beside the wells (its text is initials).
 * - Persona chips inside a well: `[data-lpc-hover-target-id]`, `.lpc-hoverTarget` (the Live
 *   Persona Card's hover target, not a hashed class). Text that is an address is the address (a
 *   persona without a display name); other text is the display name. `title`/`aria-label`
 *   holding exactly one address, and `mailto:` links in the well, give the address.
 * - Compose (new message in the reading pane, inline reply, deeplink or pop-out compose): anchored
 *   on the subject input `input[id^="MSG_"][id$="_SUBJECT"]` (the draft id) or the send button
 *   `[data-testid="ComposeSendButton"]`. The form is the nearest ancestor holding a
 *   `contenteditable`; its recipient fields are its top-level `contenteditable` elements before
 *   the subject input, or, without a subject (an inline reply), all but the last (the body,
 *   which comes after the recipients in every layout). Their text is scanned for typed
 *   addresses; their persona pills give names (or addresses).
 * - The Live Persona Card, when open: `[data-log-name="Email"]` holds the address; the card is
 *   the closest `[role="dialog"]`, and its first heading (`[role="heading"]`, `h1`–`h3`) the
 *   name. It may live in Fluent's layer host `#fluent-default-layer-host` (outlook.ts adds it
 *   as an extra scope). Nothing is clicked: a card is read only when the user opened it.
 *
 * Class names are hashed and change between builds: none is used.
 */
import { extractEmails, mailtoAddresses, normalizeEmail, soleAddress } from '../detect/emails';
import { MAX_CANDIDATES, isHiddenByMarkup, queryAll } from './dom';
import type { LeadCandidate, LeadRole } from './types';

export const CONVERSATION = '[data-app-section="ConversationContainer"]';
export const CONVERSATION_ID = 'data-convid';
/** What carries the rendered conversation's id: the conversation, never a list row. */
const CONVERSATION_OWNER = `${CONVERSATION}[data-convid], [data-convid]:not([role="option"])`;
export const CONVERSATION_SUBJECT = '[id^="CONV_"][id$="_SUBJECT"]';
/** Any header well: `MSG_<messageId>_<FIELD>`; the field is checked on the id itself. */
export const WELL = '[id^="MSG_"]';
const WELL_ID = /^MSG_(.{1,1000})_(FROM|TO|CC|BCC)$/;
const WELL_ROLES: Record<string, LeadRole> = { FROM: 'sender', TO: 'to', CC: 'cc', BCC: 'cc' };
const MESSAGE_BODY = '[id^="UniqueMessageBody"], [role="document"]';
export const PERSONA = '[data-lpc-hover-target-id], .lpc-hoverTarget';
export const MAILTO = 'a[href^="mailto:" i]';
const SUBJECT_INPUT = 'input[id^="MSG_"][id$="_SUBJECT"]';
export const SEND_BUTTON = '[data-testid="ComposeSendButton"]';
const COMPOSE_ANCHOR = `${SUBJECT_INPUT}, ${SEND_BUTTON}`;
const EDITABLE = '[contenteditable]:not([contenteditable="false"])';
export const CARD_EMAIL = '[data-log-name="Email"]';
const CARD = '[role="dialog"]';
const CARD_HEADING = '[role="heading"], h1, h2, h3';

/** Wells read per detection; past this it is a mailing list. */
const MAX_WELLS = 400;
/** Personas read per detection, newest messages first. */
const PERSONA_BUDGET = 300;
/** Compose forms and recipient fields looked at. */
const MAX_COMPOSE_FORMS = 10;
const MAX_FIELDS = 10;
/** Text read from one recipient field (typed addresses and pill names). */
const MAX_FIELD_TEXT = 5000;
/** Text read from one persona: a name or an address. */
export const MAX_PERSONA_TEXT = 400;
/** Levels climbed from a compose anchor to its form. */
const MAX_FORM_LEVELS = 12;
const MAX_NAME = 200;

/** The first element matching `selector` under `root` not hidden by markup, among the first few. */
export function firstShown(root: ParentNode, selector: string, within?: Element): Element | null {
  const first = root.querySelector(selector);
  if (!first || !isHiddenByMarkup(first, within)) return first;
  return queryAll(root, selector, 10).find((element) => !isHiddenByMarkup(element, within)) ?? null;
}

export interface Entry {
  role: LeadRole;
  order: number;
  email?: string;
  name?: string;
}

/** A display name as Outlook shows it: collapsed whitespace, bounded, not empty. */
export function cleanName(text: string | null | undefined): string | undefined {
  const name = (text ?? '').slice(0, MAX_PERSONA_TEXT).replace(/\s+/g, ' ').trim();
  return name && /[\p{L}\p{N}]/u.test(name) ? name.slice(0, MAX_NAME) : undefined;
}

/** The one address in a value (an `aria-label` that wraps it in UI words), or null. */
export function singleAddress(value: string | null): string | null {
  return value?.includes('@') ? soleAddress(value, MAX_PERSONA_TEXT) : null;
}

/**
 * One persona (or `mailto:` link): its address where Outlook shows one (its text, a `mailto:`,
 * `title`/`aria-label` with one address) and its display name (its text, when not an address).
 */
function readPerson(element: Element): { email?: string; name?: string } | null {
  const text = (element.textContent ?? '').slice(0, MAX_PERSONA_TEXT);
  let email: string | null = null;
  let name: string | undefined;
  const inText = singleAddress(text);
  if (inText) {
    email = inText;
    // "Ada Lovelace <ada@…>": the rest is the name.
    const rest = text.replace(/[<(]?\s*[^\s<>()]+@[^\s<>()]+\s*[>)]?/, ' ');
    name = normalizeEmail(rest.trim()) ? undefined : cleanName(rest);
  } else {
    name = cleanName(text);
  }
  if (!email) {
    const link = element.matches(MAILTO) ? element : element.querySelector(MAILTO);
    email = link ? (mailtoAddresses(link.getAttribute('href'))[0] ?? null) : null;
  }
  if (!email) {
    const labelled = [element, ...queryAll(element, '[title], [aria-label]', 8)];
    for (const node of labelled) {
      email = singleAddress(node.getAttribute('title')) ?? singleAddress(node.getAttribute('aria-label'));
      if (email) break;
    }
  }
  if (!email && !name) return null;
  return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
}

/** The elements of `list` not inside another element of it (a pill wrapping its own target). */
function outermost(list: Element[]): Element[] {
  const set = new Set(list);
  return list.filter((element) => {
    for (let node = element.parentElement; node; node = node.parentElement) if (set.has(node)) return false;
    return true;
  });
}

/** The people of one well: its personas, and `mailto:` links outside them. */
function wellPeople(well: Element, budget: number): { email?: string; name?: string }[] {
  const personas = outermost(queryAll(well, PERSONA, budget));
  const links = queryAll(well, MAILTO, 20).filter(
    (link) => !personas.some((persona) => persona.contains(link)),
  );
  const people: { email?: string; name?: string }[] = [];
  for (const element of [...personas, ...links]) {
    if (isHiddenByMarkup(element, well)) continue;
    const person = readPerson(element);
    if (person) people.push(person);
  }
  return people;
}

/**
 * The open conversation's id as the page gives it, or null: `data-convid` on the conversation
 * (never on a message-list row, which names the selection, not what is rendered), else the
 * subject heading's `CONV_<id>_SUBJECT`.
 */
export function conversationId(roots: readonly Element[]): string | null {
  for (const root of roots) {
    const owner = root.matches(CONVERSATION_OWNER) ? root : root.querySelector(CONVERSATION_OWNER);
    const fromAttribute = owner?.getAttribute(CONVERSATION_ID)?.trim();
    if (fromAttribute) return fromAttribute.slice(0, 1000);
  }
  for (const root of roots) {
    const subject = firstShown(root, CONVERSATION_SUBJECT, root);
    const fromSubject = /^CONV_(.{1,1000})_SUBJECT$/.exec(subject?.id ?? '')?.[1];
    if (fromSubject) return fromSubject;
  }
  return null;
}

/** The header wells under `roots`, in document order, those in a body or hidden left out. */
export function readWells(roots: readonly Element[], drafts: ReadonlySet<string>, entries: Entry[]): number {
  const wells: { element: Element; message: string; role: LeadRole }[] = [];
  for (const root of roots) {
    for (const element of queryAll(root, WELL, MAX_WELLS)) {
      const match = WELL_ID.exec(element.id);
      if (!match?.[1] || !match[2] || drafts.has(match[1])) continue;
      if (element.closest(MESSAGE_BODY) || isHiddenByMarkup(element, root)) continue;
      wells.push({ element, message: match[1], role: WELL_ROLES[match[2]] ?? 'to' });
      if (wells.length >= MAX_WELLS) break;
    }
  }
  const messages = new Map<string, number>();
  for (const { message } of wells) if (!messages.has(message)) messages.set(message, messages.size);
  // Every sender is read; recipients newest messages first while the budget lasts: a long
  // conversation's oldest headers (a mailing list names the same people in each) go first.
  let budget = PERSONA_BUDGET;
  for (let index = wells.length - 1; index >= 0; index--) {
    const { element, message, role } = wells[index]!;
    if (role !== 'sender' && budget <= 0) continue;
    const people = wellPeople(element, role === 'sender' ? 5 : budget);
    if (role !== 'sender') budget -= Math.max(1, people.length);
    const order = messages.get(message) ?? 0;
    for (const person of people) entries.push({ role, order, ...person });
  }
  return wells.length;
}

interface ComposeForm {
  form: Element;
  draftId: string | null;
  fields: Element[];
}

/** The compose forms under `roots`: a subject input or a send button, and the fields before it. */
export function composeForms(roots: readonly Element[]): ComposeForm[] {
  const forms: ComposeForm[] = [];
  for (const root of roots) {
    for (const anchor of queryAll(root, COMPOSE_ANCHOR, MAX_COMPOSE_FORMS * 2)) {
      if (forms.length >= MAX_COMPOSE_FORMS) return forms;
      if (forms.some(({ form }) => form.contains(anchor))) continue;
      let form: Element | null = anchor.parentElement;
      for (let level = 0; form && level < MAX_FORM_LEVELS; level++) {
        if (form.querySelector(EDITABLE)) break;
        if (form === root) {
          form = null;
          break;
        }
        form = form.parentElement;
      }
      if (!form?.querySelector(EDITABLE) || isHiddenByMarkup(form, root)) continue;
      const subject = anchor.matches(SUBJECT_INPUT) ? anchor : form.querySelector(SUBJECT_INPUT);
      const editables = outermost(queryAll(form, EDITABLE, MAX_FIELDS * 4));
      const fields = subject
        ? editables.filter(
            (field) => field.compareDocumentPosition(subject) & Node.DOCUMENT_POSITION_FOLLOWING,
          )
        : editables.slice(0, -1);
      const draftId = /^MSG_(.{1,1000})_SUBJECT$/.exec(subject?.id ?? '')?.[1] ?? null;
      forms.push({ form, draftId, fields: fields.slice(0, MAX_FIELDS) });
    }
  }
  return forms;
}

export function readCompose({ form, fields }: ComposeForm, entries: Entry[]): void {
  for (const field of fields) {
    if (isHiddenByMarkup(field, form)) continue;
    for (const persona of outermost(queryAll(field, PERSONA, 100))) {
      const person = readPerson(persona);
      if (person) entries.push({ role: 'compose', order: 0, ...person });
    }
    // Typed addresses stay plain text until Outlook resolves them (on `;` or `,`).
    for (const email of extractEmails(field.textContent ?? '', { maxChars: MAX_FIELD_TEXT })) {
      entries.push({ role: 'compose', order: 0, email });
    }
  }
}

/** Persona cards the user opened: name → address. */
export function readCards(roots: readonly Element[]): { email: string; name?: string }[] {
  const cards: { email: string; name?: string }[] = [];
  for (const root of roots) {
    for (const element of queryAll(root, CARD_EMAIL, 5)) {
      if (isHiddenByMarkup(element, root)) continue;
      // The address is the row's button or link; the row's own text runs its label into it.
      let email: string | null = null;
      for (const value of queryAll(element, 'button, a', 4)) {
        const href = value.getAttribute('href');
        email =
          singleAddress((value.textContent ?? '').slice(0, MAX_PERSONA_TEXT)) ??
          mailtoAddresses(href)[0] ??
          null;
        if (email) break;
      }
      email ??= singleAddress((element.textContent ?? '').slice(0, MAX_PERSONA_TEXT));
      if (!email) continue;
      const card = element.closest(CARD);
      const heading = card?.querySelector(CARD_HEADING);
      const name = heading && !heading.contains(element) ? cleanName(heading.textContent) : undefined;
      cards.push(name ? { email, name } : { email });
    }
  }
  return cards;
}

/**
 * The view's candidates from the entries: a name-only person whose display name is shown with
 * one address elsewhere in the view (a `mailto:`, a persona's title, an open card) gets that
 * address; duplicates fold (same role and address, or same role and name: latest order wins).
 */
export function toCandidates(entries: Entry[], cards: { email: string; name?: string }[]): LeadCandidate[] {
  const addressOf = new Map<string, string | null>();
  const learn = (name: string | undefined, email: string | undefined) => {
    if (!name || !email) return;
    const key = name.toLowerCase();
    const known = addressOf.get(key);
    // Two addresses for one name: which is meant is not known; neither is guessed.
    addressOf.set(key, known === undefined || known === email ? email : null);
  };
  for (const entry of entries) learn(entry.name, entry.email);
  for (const card of cards) learn(card.name, card.email);

  const byKey = new Map<string, LeadCandidate>();
  const add = (entry: Entry) => {
    const email = entry.email ?? (entry.name ? addressOf.get(entry.name.toLowerCase()) : null) ?? undefined;
    const key = email ? `${entry.role} ${email}` : `${entry.role} name:${(entry.name ?? '').toLowerCase()}`;
    const existing = byKey.get(key);
    if (existing) {
      if (entry.order > existing.order) existing.order = entry.order;
      if (!existing.name && entry.name) existing.name = entry.name;
      return;
    }
    if (byKey.size >= MAX_CANDIDATES) return;
    const candidate: LeadCandidate = { role: entry.role, order: entry.order };
    if (email) candidate.email = email;
    if (entry.name) candidate.name = entry.name;
    byKey.set(key, candidate);
  };
  entries.forEach(add);
  // A card for someone the view does not name: the user pointed at them.
  const shown = new Set([...byKey.values()].map((candidate) => candidate.email));
  for (const card of cards) if (!shown.has(card.email)) add({ role: 'hover', order: 0, ...card });
  // Back to reading order: by message, sender before recipients.
  const rank: Partial<Record<LeadRole, number>> = { sender: 0, to: 1, cc: 2 };
  return [...byKey.values()].sort((a, b) => a.order - b.order || (rank[a.role] ?? 3) - (rank[b.role] ?? 3));
}
