/** What the Mailchimp connector's tests share: a connector on the fake platform and a manual clock. */
import { expect } from 'vitest';
import { asFetch, createFakePlatform } from '../../../test/fake-platform';
import { fakeMailchimpSettings } from '../../../test/fake-platform/settings';
import { createManualClock } from '../clock';
import { ConnectorError } from '../types';
import { createMailchimpConnector } from '.';

export const DAY = 24 * 60 * 60 * 1000;

export function setup(extra: Parameters<typeof fakeMailchimpSettings>[1] = {}) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const connector = createMailchimpConnector({
    settings: fakeMailchimpSettings(platform, extra),
    fetch: asFetch(platform),
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
