/**
 * The channel between a content script and its sidebar frame.
 *
 * The sidebar renders in an extension frame (`sidebar.html`), not in the page: lead data never
 * enters the page's renderer process, and the sidebar's rendering, style and layout work run in
 * the extension's process instead of on the page's main thread. The content script only finds
 * people on the page and docks the frame.
 *
 * The frame opens the channel (`tabs.connect` to frame 0 of its own tab); the content script
 * accepts only the frame it created. Each side parses what it receives: both are Loopline, but
 * a message that does not fit is a bug to drop, not a reason to throw in the page.
 */
import { z } from 'zod';

export const SIDEBAR_PORT = 'loopline-sidebar';
/** The sidebar's page, the extension's one web-accessible resource. */
export const SIDEBAR_PAGE = '/sidebar.html';

/** `url` parsed, when it is Loopline's sidebar page on an extension scheme; otherwise null. */
export function sidebarPageUrl(url: string | undefined): URL | null {
  try {
    const parsed = new URL(url ?? '');
    return parsed.protocol.endsWith('-extension:') && parsed.pathname === SIDEBAR_PAGE ? parsed : null;
  } catch {
    return null;
  }
}

const Theme = z.enum(['light', 'dark']);

const PersonMessage = z.object({
  email: z.string().min(3).max(320),
  name: z.string().max(500).optional(),
  role: z.enum(['sender', 'to', 'cc', 'record']).optional(),
});

/** Content script → frame. */
export const ToFrame = z.discriminatedUnion('type', [
  /** The people on the page now; `preferred` selects one (a new thread or record). */
  z.object({
    type: z.literal('people'),
    people: z.array(PersonMessage).max(1000),
    preferred: z.string().max(320).optional(),
  }),
  z.object({ type: z.literal('toggle') }),
  z.object({ type: z.literal('theme'), theme: Theme }),
]);
export type ToFrame = z.infer<typeof ToFrame>;

/**
 * Frame → content script: whether the sidebar is open. Nothing else about its size: the
 * collapsed tab is the same size whatever the sidebar shows (lib/content/dock.ts), so the page
 * cannot learn anything about the lead (an overdue SLA, a name) from the frame's size.
 */
export const Layout = z.object({
  type: z.literal('layout'),
  open: z.boolean(),
});
export type Layout = z.infer<typeof Layout>;

export const ToPage = z.discriminatedUnion('type', [
  Layout,
  /** The team's settings changed: the content script asks again who counts as internal. */
  z.object({ type: z.literal('configChanged') }),
]);
export type ToPage = z.infer<typeof ToPage>;

/** What either side needs of a `runtime.Port` (so tests can pair two in memory). */
export interface LinkPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}
