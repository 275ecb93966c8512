/**
 * The background's side of the protocol: tell the sender's kind from what the browser attests,
 * parse the envelope and the payload against that kind's messages, run the handler, and always
 * answer with a Result.
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
import type { z } from 'zod';
import {
  ContentToBackground,
  Envelope,
  PageToBackground,
  SidebarToBackground,
  type Payload,
  type Reply,
  type Spec,
} from './protocol';
import { sidebarPageUrl } from '../sidebar/link';
import { describeZodError, err, ok, type ErrorCode, type Result } from './result';

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

export function createRouter(options: RouterOptions): Router {
  return async (message, info) => {
    const kind = classifySender(info, options.extensionId, options.extensionOrigin);
    if (kind === 'foreign') return err('forbidden', 'Messages are accepted from Loopline only.');

    const envelope = Envelope.safeParse(message);
    if (!envelope.success)
      return err('bad_request', `Malformed message: ${describeZodError(envelope.error)}`);
    const { type, payload } = envelope.data;

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
    const schema: z.ZodType = surface[type]!.payload;
    const handler = (options[kind] as Record<string, (payload: never, sender: Sender) => unknown>)[type]!;

    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      return err('bad_request', `Invalid "${type}" message: ${describeZodError(parsed.error, 'payload')}`);
    }
    const sender: Sender = {
      kind,
      tabId: info.tab?.id,
      tabUrl: info.tab?.url,
      url: info.url,
      frameId: info.frameId,
    };
    try {
      return ok(await handler(parsed.data as never, sender));
    } catch (error) {
      options.onError?.(type, error);
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
