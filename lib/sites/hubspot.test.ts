import { describe, expect, it } from 'vitest';
import { detectFixture, summarize } from './fixture-helper';
import { hubspotAdapter, hubspotContact } from './hubspot';

describe('hubspot adapter over fixtures', () => {
  it.each([
    {
      name: 'contact record, current URL form',
      file: 'contact.html',
      url: 'https://app.hubspot.com/contacts/2456789/record/0-1/151',
      viewKey: 'hubspot:2456789:151',
    },
    {
      name: 'contact record, older URL form',
      file: 'contact.html',
      url: 'https://app.hubspot.com/contacts/2456789/contact/151/',
      viewKey: 'hubspot:2456789:151',
    },
    {
      name: 'contact record on the EU data centre host, with a sub-view',
      file: 'contact.html',
      url: 'https://app-eu1.hubspot.com/contacts/2456789/record/0-1/151/view/1',
      viewKey: 'hubspot:2456789:151',
    },
  ])('$name', ({ file, url, viewKey }) => {
    const detection = detectFixture(hubspotAdapter, `hubspot/${file}`, url);
    expect(detection.viewKey).toBe(viewKey);
    // The highlight link and the email property name the same person; the timeline's cc,
    // the note and the account menu are never read.
    expect(summarize(detection)).toEqual(['maya.patel@kelp-energy.com record 2']);
  });

  it('leaves the contacts list idle', () => {
    const detection = detectFixture(
      hubspotAdapter,
      'hubspot/contacts-list.html',
      'https://app.hubspot.com/contacts/2456789/objects/0-1/views/all/list',
    );
    expect(detection).toEqual({ viewKey: null, candidates: [] });
  });

  it('reports a contact record with no candidate until its sidebar renders', () => {
    const detection = detectFixture(
      hubspotAdapter,
      'hubspot/contacts-list.html',
      'https://app.hubspot.com/contacts/2456789/record/0-1/152',
    );
    expect(detection).toEqual({ viewKey: 'hubspot:2456789:152', candidates: [] });
  });
});

describe('hubspotContact', () => {
  it.each([
    ['/contacts/2456789/record/0-1/151', { portal: '2456789', id: '151' }],
    ['/contacts/2456789/contact/151', { portal: '2456789', id: '151' }],
    ['/contacts/2456789/record/0-2/998877', null],
    ['/contacts/2456789/record/0-3/554433', null],
    ['/contacts/2456789/company/998877', null],
    ['/contacts/2456789/objects/0-1/views/all/list', null],
  ])('%s', (path, expected) => {
    expect(hubspotContact(new URL(`https://app.hubspot.com${path}`))).toEqual(expected);
  });

  it('waits for a sidebar only on contact records', () => {
    const expects = hubspotAdapter.watch?.scopeExpected;
    expect(expects?.(new URL('https://app.hubspot.com/contacts/2456789/record/0-1/151'))).toBe(true);
    expect(expects?.(new URL('https://app.hubspot.com/contacts/2456789/objects/0-1/views/all/list'))).toBe(
      false,
    );
  });
});
