/**
 * Test support for app*.test.ts: the senders a message can come from (a Gmail tab's content
 * script, its sidebar frame, Loopline's own pages), and a background over WXT's fake browser and
 * an in-memory IndexedDB, a fresh database for each test.
 */
import { beforeEach, expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allLeads } from '../store/lead-blocks';
import { createBackgroundApp } from './app';

const ID = fakeBrowser.runtime.id;
const GMAIL = 'https://mail.google.com/mail/u/0/#inbox/FMfcg';
export const content = (tab = 3) => ({ id: ID, url: GMAIL, tab: { id: tab, url: GMAIL }, frameId: 0 });
export const frame = (tab = 3) => ({
  id: ID,
  url: `chrome-extension://${ID}/sidebar.html?site=gmail&instance=x`,
  tab: { id: tab, url: GMAIL },
  frameId: 5,
});
export const page = { id: ID, url: `chrome-extension://${ID}/options.html` };

let dbCount = 0;
let dbName = '';

const noop = { addListener: () => {}, removeListener: () => {}, hasListener: () => false };

/**
 * Registers the hook every background test needs: before each test, the browser APIs the fake
 * browser lacks, and a database of the test's own.
 */
export function useFakeBrowser() {
  beforeEach(() => {
    // Events and calls the fake browser does not implement; the app only subscribes to them.
    Object.assign(fakeBrowser.permissions, {
      onAdded: noop,
      onRemoved: noop,
      contains: vi.fn(async () => false),
    });
    Object.assign(fakeBrowser, {
      scripting: {
        getRegisteredContentScripts: async () => [],
        registerContentScripts: async () => {},
        unregisterContentScripts: async () => {},
      },
    });
    Object.assign(fakeBrowser.action ?? {}, {
      setBadgeText: async () => {},
      setBadgeBackgroundColor: async () => {},
    });
    Object.assign(fakeBrowser.alarms, { create: async () => {}, clear: async () => true });
    dbName = `background-test-${++dbCount}-${Math.random().toString(36).slice(2)}`;
  });
}

/** A background as a fresh service-worker life would build it, over this test's database. */
export const startBackground = () => createBackgroundApp({ dbName });

export async function appWithSample() {
  const app = startBackground();
  const sample = await app.router({ type: 'workspace.useSample' }, page);
  expect(sample.ok).toBe(true);
  return app;
}

/** An address of the sample workspace. */
export async function sampleLead(app: ReturnType<typeof createBackgroundApp>, n = 0): Promise<string> {
  const d = await app.db();
  const leads = await allLeads(d);
  return leads[n]!.email;
}
