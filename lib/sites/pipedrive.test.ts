import { describe, expect, it } from 'vitest';
import { detectFixture, summarize } from './fixture-helper';
import { pipedriveAdapter } from './pipedrive';

describe('pipedrive adapter over fixtures', () => {
  it.each([
    { url: 'https://northwind.pipedrive.com/person/2231', viewKey: 'pipedrive:northwind:2231' },
    {
      url: 'https://northwind-sandbox.pipedrive.com/person/2231/',
      viewKey: 'pipedrive:northwind-sandbox:2231',
    },
  ])('person page at $url', ({ url, viewKey }) => {
    const detection = detectFixture(pipedriveAdapter, 'pipedrive/person.html', url);
    expect(detection.viewKey).toBe(viewKey);
    // Work address first (most prominent), home second; the feed's addresses are never read.
    expect(summarize(detection)).toEqual([
      'liam.obrien@brightwater.ie record 2',
      'liam@obrien-family.net record 1',
    ]);
  });

  it.each([
    'https://northwind.pipedrive.com/organization/3107',
    'https://northwind.pipedrive.com/deal/88',
    'https://northwind.pipedrive.com/persons/list',
  ])('%s is idle', (url) => {
    expect(detectFixture(pipedriveAdapter, 'pipedrive/person.html', url)).toEqual({
      viewKey: null,
      candidates: [],
    });
  });
});
