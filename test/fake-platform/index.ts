/**
 * The fake platform server for unit and end-to-end tests. See platform.ts for the handler,
 * as-fetch.ts for unit tests, playwright.ts for e2e routing, serve-http.ts for benchmarks
 * (imported separately: it needs node:http).
 */
export { createFakePlatform, defaultConfig, MARKETO_MESSAGES } from './platform';
export type { FakeConfig, FakePlatform, FakePlatformOptions, MarketoCustomType } from './platform';
export { asFetch, toResponse } from './as-fetch';
export { routeToPlaywright, fulfillFromPlatform, FAKE_HOST_PATTERNS } from './playwright';
export { defaultLeads, OWNERS, SEED_EMAILS } from './seed';
export type * from './types';
