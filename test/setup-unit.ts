// Unit and component tests run against WXT's fake browser and an in-memory IndexedDB.
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, vi } from 'vitest';

beforeEach(() => {
  fakeBrowser.reset();
});

// Test files share their worker (vitest.config.ts): a test that faked the clock hands the next
// one, in whatever file, the real one.
afterEach(() => {
  vi.useRealTimers();
});
