/** What the Marketo connector's tests share: a connector on the fake platform, custom activity types. */
import { expect } from 'vitest';
import { asFetch, createFakePlatform } from '../../../test/fake-platform';
import { fakeMarketoSettings } from '../../../test/fake-platform/settings';
import { createManualClock } from '../clock';
import { ConnectorError } from '../types';
import { createMarketoConnector, type MarketoToken } from '.';
import type { MarketoCustomType } from '../../../test/fake-platform';

/** A custom type whose primary field holds the outcome kind and an attribute the outcome id. */
export const ID_IN_ATTRIBUTE: MarketoCustomType = {
  id: 100_002,
  apiName: 'salesResult_c',
  name: 'Sales Result',
  primaryAttribute: { apiName: 'result', name: 'Result', dataType: 'string' },
  attributes: [
    { apiName: 'amount', name: 'Amount', dataType: 'float' },
    { apiName: 'looplineId', name: 'Loopline Id', dataType: 'string' },
    { apiName: 'note', name: 'Note', dataType: 'text' },
  ],
};

/** A custom type with nothing that could hold the outcome id. */
export const NO_ID_FIELD: MarketoCustomType = {
  id: 100_003,
  apiName: 'dealValue_c',
  name: 'Deal Value',
  primaryAttribute: { apiName: 'value', name: 'Value', dataType: 'currency' },
  attributes: [
    { apiName: 'outcomeKind', name: 'Outcome Kind', dataType: 'string' },
    { apiName: 'note', name: 'Note', dataType: 'text' },
  ],
};

export const DAY = 24 * 60 * 60 * 1000;

export function setup(
  extra: Parameters<typeof fakeMarketoSettings>[1] = {},
  tokens?: Map<string, MarketoToken>,
) {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  const connector = createMarketoConnector({
    settings: fakeMarketoSettings(platform, extra),
    fetch: asFetch(platform),
    clock,
    timeoutMs: 10_000,
    tokens,
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
