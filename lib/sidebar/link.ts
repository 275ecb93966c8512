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

export type LinkTheme = 'light' | 'dark';

/**
 * A person on the page: their address, or only the name the page shows for someone it gives no
 * address for (Outlook's personas); never both missing.
 */
export interface LinkPerson {
  email?: string;
  name?: string;
  role?: 'sender' | 'to' | 'cc' | 'record';
}

/** Content script → frame (parsed by the frame with the schema in ./frame-schema.ts). */
export type ToFrame =
  /**
   * The people on the page now; `preferred` selects one (a new thread or record), by its
   * `personKey` (lib/model/person-name.ts). `ahead`: sent while the content script reports them
   * to the background, which does not have them yet; the same list follows without it once it
   * does (lib/content/people-report.ts).
   */
  | { type: 'people'; people: LinkPerson[]; preferred?: string; ahead?: true }
  | { type: 'toggle' }
  | { type: 'theme'; theme: LinkTheme };

/**
 * Frame → content script: whether the sidebar is open. Nothing else about its size: the
 * collapsed tab is the same size whatever the sidebar shows (lib/content/dock.ts), so the page
 * cannot learn anything about the lead (an overdue SLA, a name) from the frame's size.
 */
export interface Layout {
  type: 'layout';
  open: boolean;
}

/** …or: the team's settings changed, so the content script asks again who counts as internal. */
export type ToPage = Layout | { type: 'configChanged' };

/**
 * A frame → page message, checked by hand rather than with a schema library: the content script
 * stays small (DESIGN.md budgets), and these two shapes are all it ever accepts.
 */
export function readToPage(raw: unknown): ToPage | null {
  if (!raw || typeof raw !== 'object') return null;
  const message = raw as { type?: unknown; open?: unknown };
  if (message.type === 'configChanged') return { type: 'configChanged' };
  if (message.type === 'layout' && typeof message.open === 'boolean')
    return { type: 'layout', open: message.open };
  return null;
}

/** What either side needs of a `runtime.Port` (so tests can pair two in memory). */
export interface LinkPort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}
