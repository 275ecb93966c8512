/**
 * Serving the offline look-alikes of Gmail and the CRMs at their real URLs through
 * Playwright routing (context.route intercepts page loads). Used by the e2e suite, the demo
 * and the benchmarks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..', 'fixtures');

export interface Person {
  name: string;
  email: string;
}
export interface FixtureMessage {
  from: Person;
  to?: Person[];
  body?: string;
  collapsed?: boolean;
  snippet?: string;
}
export interface FixtureThread {
  id: string;
  subject: string;
  date?: string;
  messages: FixtureMessage[];
}
export interface GmailData {
  account: string;
  threads: FixtureThread[];
}

export const GMAIL_URL = 'https://mail.google.com/mail/u/0/';

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function gmailHtml(data: GmailData): string {
  return (
    readFileSync(path.join(ROOT, 'apps', 'gmail.html'), 'utf8')
      .replaceAll('__ACCOUNT__', () => data.account)
      // A function, not a string: hostile text in the data may hold `$&` or `$'`, which a
      // replacement string would expand.
      .replace('__DATA__', () => scriptJson(data))
  );
}

export async function serveGmail(context: BrowserContext, data: GmailData): Promise<void> {
  const html = gmailHtml(data);
  await context.route('https://mail.google.com/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/mail/')) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    return route.fulfill({ status: 404, body: '' });
  });
}

/** Serve a fixture file (path under test/fixtures) at a URL, with text replacements. */
export async function serveFixture(
  context: BrowserContext,
  url: string,
  file: string,
  replacements: Record<string, string> = {},
  transform: (html: string, requested: URL) => string = (html) => html,
): Promise<void> {
  let html = readFileSync(path.join(ROOT, file), 'utf8');
  for (const [from, to] of Object.entries(replacements)) html = html.replaceAll(from, to);
  const { origin, pathname } = new URL(url);
  await context.route(`${origin}/**`, (route) => {
    const requested = new URL(route.request().url());
    if (requested.pathname === pathname || route.request().resourceType() === 'document') {
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: transform(html, requested),
      });
    }
    return route.fulfill({ status: 404, body: '' });
  });
}

/** `?lltheme=dark` on a fixture URL serves it with a dark page background (demo screenshots). */
export const DARK_PAGE_STYLE =
  '<style>html,body{background:#17191c!important;color:#e3e3e3!important;color-scheme:dark}</style>';
export function withTheme(html: string, requested: URL): string {
  return requested.searchParams.get('lltheme') === 'dark'
    ? html.replace('</head>', `${DARK_PAGE_STYLE}</head>`)
    : html;
}

export function fixturePath(file: string): string {
  return path.join(ROOT, file);
}

// ── Outlook on the web ────────────────────────────────────────────────────────────────────

/**
 * A person as the Outlook look-alike shows them: a persona chip with the display name, or the
 * address when `name` is empty. The address is in the page only then, or (as a `title`) when
 * `addressShown` is set; a person named only has no `email` in the page's data either.
 */
export interface OutlookPerson {
  name: string;
  email?: string;
  addressShown?: boolean;
}
export interface OutlookMessage {
  /** The message's id in the header wells' ids (`MSG_<id>_FROM`). */
  id: string;
  from: OutlookPerson;
  to?: OutlookPerson[];
  cc?: OutlookPerson[];
  date?: string;
  body?: string;
}
export interface OutlookConversation {
  /** The ItemID in `/mail/id/<ItemID>` (Exchange's base64 form). */
  itemId: string;
  /** The conversation id (`data-convid`, `CONV_<id>_SUBJECT`). */
  convId: string;
  subject: string;
  date?: string;
  unread?: boolean;
  messages: OutlookMessage[];
}
export interface OutlookData {
  account: { name: string; email: string };
  conversations: OutlookConversation[];
  /** People compose resolves by address besides those in the conversations. */
  directory?: OutlookPerson[];
}

export const OUTLOOK_URL = 'https://outlook.office.com/mail/';

/** The page with its mailbox; only the mailbox goes in (no extra fields a caller's object carries). */
export function outlookHtml({ account, conversations, directory }: OutlookData): string {
  const blob = scriptJson({ account, conversations, directory: directory ?? [] });
  return readFileSync(path.join(ROOT, 'apps', 'outlook.html'), 'utf8').replace('__DATA__', () => blob);
}

/** Serve the Outlook look-alike for every `/mail/` path on outlook.office.com (its routes are in the path). */
export async function serveOutlook(context: BrowserContext, data: OutlookData): Promise<void> {
  const html = outlookHtml(data);
  await context.route('https://outlook.office.com/**', (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/mail/') && route.request().resourceType() === 'document') {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    return route.fulfill({ status: 404, body: '' });
  });
}
