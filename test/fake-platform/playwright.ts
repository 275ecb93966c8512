/**
 * Routes the real platform hosts to the fake platform in a Playwright browser context, so
 * that the built extension talks to "api.hubapi.com" and gets the fake's answers. Types only
 * from @playwright/test: importing this costs nothing in unit tests.
 *
 * Requests made by an extension's service worker reach `context.route` only when Playwright's
 * service-worker network events are on (PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 in the
 * Playwright versions we use); the e2e setup is expected to set it.
 */
import type { BrowserContext, Route } from '@playwright/test';
import type { FakePlatform } from './platform';

export const FAKE_HOST_PATTERNS = [
  'https://api.hubapi.com/**',
  'https://api-eu1.hubapi.com/**',
  'https://*.mktorest.com/**',
  'https://*.api.mailchimp.com/**',
  'https://rest.loopline.test/**',
] as const;

export async function fulfillFromPlatform(route: Route, platform: FakePlatform): Promise<void> {
  const request = route.request();
  const fake = await platform.handle({
    method: request.method(),
    url: request.url(),
    headers: await request.allHeaders(),
    body: request.postData(),
  });
  if (fake.networkError) {
    await route.abort(fake.networkError.includes('ENOTFOUND') ? 'namenotresolved' : 'connectionrefused');
    return;
  }
  const body =
    fake.truncateAt === undefined ? fake.body : Buffer.from(fake.body).subarray(0, fake.truncateAt);
  const headers = { ...fake.headers };
  // Playwright sets Content-Length from the body it is given; a truncated body keeps the full one.
  if (fake.truncateAt === undefined) delete headers['content-length'];
  await route.fulfill({ status: fake.status, headers, body });
}

/** Installs the routes; returns a function that removes them. */
export async function routeToPlaywright(
  context: BrowserContext,
  platform: FakePlatform,
): Promise<() => Promise<void>> {
  const handler = (route: Route) => fulfillFromPlatform(route, platform);
  for (const pattern of FAKE_HOST_PATTERNS) await context.route(pattern, handler);
  return async () => {
    for (const pattern of FAKE_HOST_PATTERNS) await context.unroute(pattern, handler);
  };
}
