/**
 * The background's side of the protocol: parse the envelope and the payload, check that the
 * sender may send this message, run the handler, and always answer with a Result.
 */
import type { z } from 'zod';
import {
  ContentToBackground,
  Envelope,
  PageToBackground,
  type Payload,
  type Reply,
  type Spec,
} from './protocol';
import { sidebarPageUrl } from '../sidebar/link';
import { describeZodError, err, ok, type Result } from './result';

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export type SenderKind = 'page' | 'content' | 'foreign';

/**
 * The sidebar's frame: Loopline's `sidebar.html` docked inside a web page's tab. It has no tab in
 * its sender (an extension page), but it shows leads on a page like a content script did.
 * Callers have checked the sender's extension id. (Its origin is not compared: on Chrome a frame
 * loaded through a web-accessible resource's dynamic address has another origin than the
 * background's `getURL`.)
 */
export function isSidebarFrame(sender: SenderInfo): boolean {
  return sidebarPageUrl(sender.url) !== null;
}

/**
 * Extension pages (options, popup, report, welcome) have a URL on the extension's own origin.
 * Everything else from this extension is a content script running inside a web page, whose
 * page may be hostile: it gets the narrow ContentToBackground surface only. So does the
 * sidebar's frame: an extension page, but one that lives inside a web page and needs no more.
 */
export function classifySender(sender: SenderInfo, extensionId: string, extensionOrigin: string): SenderKind {
  if (sender.id !== extensionId) return 'foreign';
  if (sender.url && sender.url.startsWith(extensionOrigin) && !isSidebarFrame(sender)) return 'page';
  return 'content';
}

type Handlers<S extends Spec> = {
  [K in keyof S]: (payload: Payload<S, K>, sender: SenderInfo) => Promise<Reply<S, K>> | Reply<S, K>;
};

export interface RouterOptions {
  extensionId: string;
  extensionOrigin: string;
  content: Handlers<typeof ContentToBackground>;
  page: Handlers<typeof PageToBackground>;
  onError?: (type: string, error: unknown) => void;
}

export type Router = (message: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

export function createRouter(options: RouterOptions): Router {
  return async (message, sender) => {
    const kind = classifySender(sender, options.extensionId, options.extensionOrigin);
    if (kind === 'foreign') return err('forbidden', 'Messages are accepted from Loopline only.');

    const envelope = Envelope.safeParse(message);
    if (!envelope.success)
      return err('bad_request', `Malformed message: ${describeZodError(envelope.error)}`);
    const { type, payload } = envelope.data;

    let schema: z.ZodType;
    let handler: (payload: never, sender: SenderInfo) => unknown;
    if (Object.hasOwn(ContentToBackground, type)) {
      const name = type as keyof typeof ContentToBackground;
      schema = ContentToBackground[name].payload;
      handler = options.content[name] as typeof handler;
    } else if (Object.hasOwn(PageToBackground, type)) {
      if (kind !== 'page') {
        return err('forbidden', `"${type}" may only be sent from Loopline's own pages, not from a web page.`);
      }
      const name = type as keyof typeof PageToBackground;
      schema = PageToBackground[name].payload;
      handler = options.page[name] as typeof handler;
    } else {
      return err('bad_request', `Unknown message type "${type.slice(0, 64)}".`);
    }

    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      return err('bad_request', `Invalid "${type}" message: ${describeZodError(parsed.error, 'payload')}`);
    }
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
    readonly code: Exclude<Result<never>, { ok: true }>['error']['code'],
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
