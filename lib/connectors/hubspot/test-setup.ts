/** What the HubSpot connector's tests share: a connector on the fake platform and a manual clock. */
import { expect } from 'vitest';
import { asFetch, createFakePlatform } from '../../../test/fake-platform';
import { fakeHubSpotSettings } from '../../../test/fake-platform/settings';
import { createManualClock } from '../clock';
import { ConnectorError, type FetchLike } from '../types';
import { createHubSpotConnector } from '.';

export const DAY = 24 * 60 * 60 * 1000;

export function setup(
  extra: Parameters<typeof fakeHubSpotSettings>[1] = {},
  fetchWrap?: (f: FetchLike) => FetchLike,
) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const fetch = asFetch(platform);
  const connector = createHubSpotConnector({
    settings: fakeHubSpotSettings(platform, extra),
    fetch: fetchWrap ? fetchWrap(fetch) : fetch,
    clock,
    timeoutMs: 10_000,
  });
  return { clock, platform, connector };
}

export async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}
