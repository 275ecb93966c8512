/** Shared by the REST connector's tests: a connector on the fake platform's REST backend. */
import { expect } from 'vitest';
import { asFetch, createFakePlatform } from '../../../test/fake-platform';
import { fakeRestSettings } from '../../../test/fake-platform/settings';
import { createManualClock } from '../clock';
import { ConnectorError } from '../types';
import { createRestConnector } from '.';

export function setup(extra: Parameters<typeof fakeRestSettings>[1] = {}) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const connector = createRestConnector({
    settings: fakeRestSettings(platform, extra),
    fetch: asFetch(platform),
    clock,
    timeoutMs: 10_000,
  });
  return { clock, platform, connector };
}

/** The ConnectorError a call failed with (the test fails when it did not fail so). */
export async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}
