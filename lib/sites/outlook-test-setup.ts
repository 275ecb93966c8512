/**
 * Test support for outlook*.test.ts: URLs and item ids, and the adapter run over a fixture or with
 * the scopes the watcher would find.
 */
import { loadFixture } from './fixture-helper';
import { outlookAdapter } from './outlook';
import type { Detection } from './types';

export const OFFICE = 'https://outlook.office.com/mail/';
export const ITEM = 'AAkALgAAAAAAHYQDEapmEc2byACqAC%2FEWg0AJ9zqNMeBAEWm1k7p5aAAAGr8QAAA';
export const ITEM_DECODED = 'AAkALgAAAAAAHYQDEapmEc2byACqAC/EWg0AJ9zqNMeBAEWm1k7p5aAAAGr8QAAA';
export const OTHER_ITEM = 'AAkALgAAAAAAHYQDEapmEc2byACqAC%2FEWg0AJ9zqNMeBAEWm1k7p5aAAAGr8QBBB';
export const READ_CONV =
  'outlook:conversation:AAQkAGI2YjE4ZmEwLWNmNDItNDIxNi04ODk1LWQwMTIwMTI1ZDY0MQAQAJ5HzmTq';

/** `email|-  name|-  role order`, sorted: name-only candidates show `-` for the address. */
export function summary(detection: Detection): string[] {
  return detection.candidates.map((c) => `${c.email ?? '-'} ${c.name ?? '-'} ${c.role} ${c.order}`).sort();
}

/** The adapter over `test/fixtures/sites/outlook/<file>` served at `url`. */
export function detectFixture(file: string, url: string): Detection {
  return outlookAdapter.detect(loadFixture(`outlook/${file}`), new URL(url));
}

/** What the watcher would hand in: the scope and the extra scopes. */
export function scopesOf(doc: Document, url: URL): Element[] {
  const pane = outlookAdapter.scope(doc, url);
  return pane ? [pane, ...(outlookAdapter.extraScopes?.(doc, url, pane) ?? [])] : [];
}
