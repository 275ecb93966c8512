/**
 * The background's side of the protocol: tell the sender's kind from what the browser attests,
 * parse the envelope and the payload against that kind's messages, run the handler, and always
 * answer with a Result. The same parsing serves the other direction (`createReceiver`): what the
 * background pushes to the sidebar frame.
 *
 * The trust boundary is enforced here. Who a sender is comes from the browser (`sender.id`,
 * `sender.url`, `sender.tab`), never from the message:
 * - `content`: a Loopline content script, running in a web page's renderer. Treated as
 *   compromised whenever the page is: it may say who is on its page and read the trimmed
 *   configuration it needs, nothing else (ContentToBackground).
 * - `sidebar`: Loopline's `sidebar.html` docked in a web page's tab. An extension page, in the
 *   extension's process; it may look up and act on the people its own tab's content script
 *   reported (SidebarToBackground; the handlers check the tab).
 * - `page`: Loopline's other pages (options, popup, report, welcome) and the background itself:
 *   everything in PageToBackground.
 * - `foreign`: another extension or a web page: refused.
 */
import { formatZodError } from '../model/zod-error';
import {
  ContentToBackground,
  Envelope,
  PageToBackground,
  SidebarToBackground,
  type MessageName,
  type Payload,
  type Reply,
  type Spec,
} from './protocol';
import { sidebarPageUrl } from '../sidebar/link';
import { err, ok, type ErrorCode, type Result } from './result';

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export type SenderKind = 'content' | 'sidebar' | 'page' | 'foreign';

/** A sender as the handlers see it: its kind, and its tab where it has one. */
export interface Sender {
  kind: Exclude<SenderKind, 'foreign'>;
  /** The browser tab the message came from (content scripts and sidebar frames). */
  tabId?: number;
  /** The tab's page address (for the sidebar frame: the page it is docked in). */
  tabUrl?: string;
  /** The sender's own document address (for a content script: its page's). */
  url?: string;
  frameId?: number;
}

/**
 * The sidebar's frame: Loopline's `sidebar.html` on an extension scheme. Callers have checked the
 * sender's extension id. (Its origin is not compared: on Chrome a frame loaded through a
 * web-accessible resource's dynamic address may have another origin than `getURL`'s.)
 */
export function isSidebarFrame(sender: SenderInfo): boolean {
  return sidebarPageUrl(sender.url) !== null;
}

/**
 * A sender's kind. A content script's `sender.url` is its web page's address, which the
 * browser sets and a page's renderer cannot change into an extension address.
 */
export function classifySender(sender: SenderInfo, extensionId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== extensionId) return 'foreign';
  if (isSidebarFrame(sender)) return 'sidebar';
  if (sender.url && sender.url.startsWith(extensionOrigin)) return 'page';
  return 'content';
}

type Handlers<S extends Spec> = {
  [K in keyof S]: (payload: Payload<S, K>, sender: Sender) => Promise<Reply<S, K>> | Reply<S, K>;
};

export interface RouterOptions {
  extensionId: string;
  extensionOrigin: string;
  content: Handlers<typeof ContentToBackground>;
  sidebar: Handlers<typeof SidebarToBackground>;
  page: Handlers<typeof PageToBackground>;
  onError?: (type: string, error: unknown) => void;
}

export type Router = (message: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

/** Each kind's messages; one map per kind, so that what a kind may send is read in one place. */
const SURFACES = {
  content: ContentToBackground,
  sidebar: SidebarToBackground,
  page: PageToBackground,
} as const satisfies Record<Sender['kind'], Spec>;

const WHO: Record<Sender['kind'], string> = {
  content: "a web page's content script",
  sidebar: "Loopline's sidebar",
  page: "Loopline's own pages",
};

/** The `{ type, payload }` envelope every message travels in. */
function parseEnvelope(message: unknown): Result<{ type: string; payload?: unknown }> {
  const envelope = Envelope.safeParse(message);
  return envelope.success
    ? ok(envelope.data)
    : err('bad_request', `Malformed message: ${formatZodError(envelope.error)}`);
}

/** A payload checked against its message's schema in `spec` (which must have `type`). */
function parsePayload<S extends Spec>(spec: S, type: MessageName<S>, payload: unknown): Result<unknown> {
  const parsed = spec[type]!.payload.safeParse(payload);
  return parsed.success
    ? ok(parsed.data)
    : err('bad_request', `Invalid "${type}" message: ${formatZodError(parsed.error, { prefix: 'payload' })}`);
}

export function createRouter(options: RouterOptions): Router {
  return async (message, info) => {
    const kind = classifySender(info, options.extensionId, options.extensionOrigin);
    if (kind === 'foreign') return err('forbidden', 'Messages are accepted from Loopline only.');

    const envelope = parseEnvelope(message);
    if (!envelope.ok) return envelope;
    const { type, payload } = envelope.value;

    const surface: Spec = SURFACES[kind];
    if (!Object.hasOwn(surface, type)) {
      const allowed = (Object.keys(SURFACES) as Sender['kind'][]).filter((k) =>
        Object.hasOwn(SURFACES[k], type),
      );
      if (allowed.length === 0) return err('bad_request', `Unknown message type "${type.slice(0, 64)}".`);
      return err(
        'forbidden',
        `"${type}" is not accepted from ${WHO[kind]}; only from ${allowed.map((k) => WHO[k]).join(' or ')}.`,
      );
    }
    const handler = (options[kind] as Record<string, (payload: never, sender: Sender) => unknown>)[type]!;

    const parsed = parsePayload(surface, type, payload);
    if (!parsed.ok) return parsed;
    const sender: Sender = {
      kind,
      tabId: info.tab?.id,
      tabUrl: info.tab?.url,
      url: info.url,
      frameId: info.frameId,
    };
    try {
      return ok(await handler(parsed.value as never, sender));
    } catch (error) {
      options.onError?.(type, error);
      return toErrorResult(error);
    }
  };
}

/** What a receiver does with each message it accepts; answers are not sent back (protocol.ts). */
export type ReceiverHandlers<S extends Spec> = {
  [K in MessageName<S>]: (payload: Payload<S, K>) => void;
};

/**
 * The router for the other direction: messages Loopline's background pushes to a page (the
 * sidebar frame), parsed against the same kind of spec on receipt. The caller has checked that
 * the browser attests the background as the sender. Synchronous, so that what a push changes
 * is on screen in the same task; answers a Result for the caller to log or test, never throws.
 */
export function createReceiver<S extends Spec>(
  spec: S,
  handlers: ReceiverHandlers<S>,
): (message: unknown) => Result<MessageName<S>> {
  return (message) => {
    const envelope = parseEnvelope(message);
    if (!envelope.ok) return envelope;
    const { type, payload } = envelope.value;
    if (!Object.hasOwn(spec, type)) return err('bad_request', `Unknown message type "${type.slice(0, 64)}".`);
    const parsed = parsePayload(spec, type, payload);
    if (!parsed.ok) return parsed;
    try {
      handlers[type as MessageName<S>](parsed.value as never);
      return ok(type as MessageName<S>);
    } catch (error) {
      return toErrorResult(error);
    }
  };
}

/** Handlers throw `MessageError` for expected failures; anything else is reported as internal. */
export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function toErrorResult(error: unknown): Result<never> {
  if (error instanceof MessageError) return err(error.code, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return err('internal', message || 'Something went wrong in the background.');
}
