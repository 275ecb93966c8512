import { describe, expect, it } from 'vitest';
import { detectFixture, parseHtml, summarize } from './fixture-helper';
import { salesforceAdapter, salesforceRecord } from './salesforce';

const ORG = 'https://northwind.lightning.force.com';

describe('salesforce adapter over fixtures', () => {
  it.each([
    {
      name: 'lead record',
      file: 'lead.html',
      url: `${ORG}/lightning/r/Lead/00Q5g00000NbCkrEAF/view`,
      viewKey: 'salesforce:Lead:00Q5g00000NbCkrEAF',
      candidates: ['noah.becker@quantum-mills.com record 2'],
    },
    {
      name: 'contact record whose email field renders in a native shadow root',
      file: 'contact.html',
      url: `${ORG}/lightning/r/Contact/0035g00000OlVcHAAV/view`,
      viewKey: 'salesforce:Contact:0035g00000OlVcHAAV',
      candidates: ['olivia.chen@brightpath.io record 2'],
    },
    {
      name: 'stale earlier tab kept in the DOM: only the active page counts (mixed-case address normalised)',
      file: 'lead-stale-tab.html',
      url: `${ORG}/lightning/r/Lead/00Q5g00000IsRzQEAV/view`,
      viewKey: 'salesforce:Lead:00Q5g00000IsRzQEAV',
      candidates: ['isabel.ruiz@terra-foods.es record 2'],
    },
    {
      name: 'console app: the background workspace tab is ignored',
      file: 'console.html',
      url: `${ORG}/lightning/r/Lead/00Q5g00000KnJWtEAF/view`,
      viewKey: 'salesforce:Lead:00Q5g00000KnJWtEAF',
      candidates: ['kenji.watanabe@sakura-works.jp record 2'],
    },
    {
      name: 'console app under an app-scoped URL',
      file: 'console.html',
      url: `${ORG}/lightning/app/06m5g000001AbCdAAK/r/Lead/00Q5g00000KnJWtEAF/view`,
      viewKey: 'salesforce:Lead:00Q5g00000KnJWtEAF',
      candidates: ['kenji.watanabe@sakura-works.jp record 2'],
    },
    {
      name: 'sandbox host',
      file: 'lead.html',
      url: 'https://northwind--uat.sandbox.lightning.force.com/lightning/r/Lead/00Q5g00000NbCkrEAF/view',
      viewKey: 'salesforce:Lead:00Q5g00000NbCkrEAF',
      candidates: ['noah.becker@quantum-mills.com record 2'],
    },
    {
      name: 'list view is idle, whatever addresses it shows',
      file: 'lead-list.html',
      url: `${ORG}/lightning/o/Lead/list?filterName=Recent`,
      viewKey: null,
      candidates: [],
    },
  ])('$name', ({ file, url, viewKey, candidates }) => {
    const detection = detectFixture(salesforceAdapter, `salesforce/${file}`, url);
    expect(detection.viewKey).toBe(viewKey);
    expect(summarize(detection)).toEqual(candidates);
  });

  it('reports the record with no candidate while its page has not rendered', () => {
    const doc = parseHtml(
      '<html><body><div class="viewport"><div class="oneContent lafPageHost"></div></div></body></html>',
    );
    expect(
      salesforceAdapter.detect(doc, new URL(`${ORG}/lightning/r/Contact/0035g00000OlVcHAAV/view`)),
    ).toEqual({
      viewKey: 'salesforce:Contact:0035g00000OlVcHAAV',
      candidates: [],
    });
  });

  it('falls back to other email fields of the record when the standard Email field is not on it', () => {
    const doc = parseHtml(`<html><body><div class="viewport"><div class="oneContent active">
      <records-record-layout-item field-label="Work Email"><div data-target-selection-name="sfdc:RecordField.Contact.Work_Email__c"><lightning-formatted-email><a href="mailto:work@acme.com">work@acme.com</a></lightning-formatted-email></div></records-record-layout-item>
      <article class="related"><lightning-formatted-email><a href="mailto:other@acme.com">other@acme.com</a></lightning-formatted-email></article>
    </div></div></body></html>`);
    const detection = salesforceAdapter.detect(
      doc,
      new URL(`${ORG}/lightning/r/Contact/0035g00000OlVcHAAV/view`),
    );
    expect(summarize(detection)).toEqual(['work@acme.com record 1']);
  });

  it('observes the app viewport, which holds every page and console tab', () => {
    const doc = parseHtml('<html><body><div class="viewport"></div></body></html>');
    expect(salesforceAdapter.scope(doc, new URL(ORG))?.className).toBe('viewport');
  });
});

describe('salesforceRecord', () => {
  it.each([
    ['/lightning/r/Lead/00Q5g00000NbCkrEAF/view', { object: 'Lead', id: '00Q5g00000NbCkrEAF' }],
    ['/lightning/r/Contact/0035g00000OlVcH/view', { object: 'Contact', id: '0035g00000OlVcH' }],
    ['/lightning/r/Account/0015g00000QmRtYAAV/view', null],
    ['/lightning/r/Lead/00Q5g00000NbCkrEAF/related/Histories/view', null],
    ['/lightning/r/Lead/short/view', null],
    ['/lightning/o/Lead/list', null],
  ])('%s', (path, expected) => {
    expect(salesforceRecord(new URL(`${ORG}${path}`))).toEqual(expected);
  });
});
