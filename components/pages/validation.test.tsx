import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../lib/settings/schema';
import { splitList } from './fields';
import { definitionsFromRows } from './LanguageSection';
import { keyFromLabel } from './OutcomesSection';
import { siteIdFor } from './SitesSection';
import { errorsUnder, validateSettings } from './validation';

function draftWith(change: (draft: Settings) => void): Settings {
  const draft = structuredClone(defaultSettings()); // defaults share references; never mutate them
  change(draft);
  return draft;
}

describe('validateSettings', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(validateSettings(defaultSettings()).size).toBe(0);
  });

  const cases: [string, (d: Settings) => void, string, string][] = [
    ['a number box left empty', (d) => void (d.sla.hours = Number.NaN), 'sla.hours', 'Enter a number.'],
    [
      'a fraction where whole numbers go',
      (d) => void (d.historyDays = 10.5),
      'historyDays',
      'Enter a whole number.',
    ],
    ['a number under the minimum', (d) => void (d.historyDays = 3), 'historyDays', 'Enter 7 or more.'],
    ['a number over the maximum', (d) => void (d.historyDays = 999), 'historyDays', 'Enter 730 or less.'],
    ['zero SLA hours', (d) => void (d.sla.hours = 0), 'sla.hours', 'Enter more than 0.'],
    [
      'a bad address among good ones',
      (d) => void (d.you.ownAddresses = ['a@b.co', 'bob@']),
      'you.ownAddresses',
      '“bob@”: not an email address.',
    ],
    [
      'a bad domain',
      (d) => void (d.you.internalDomains = ['acme']),
      'you.internalDomains',
      '“acme”: not a domain name (like example.com).',
    ],
    [
      'a token with a space',
      (d) => void (d.sources.hubspot.token = 'pat abc'),
      'sources.hubspot.token',
      'Contains spaces or line breaks; paste the value again.',
    ],
    [
      'a base URL over http',
      (d) => void (d.sources.marketo.baseUrl = 'http://1.mktorest.com'),
      'sources.marketo.baseUrl',
      'Must start with https://.',
    ],
    [
      'a REST header value broken across lines',
      (d) => void (d.sources.rest.authValue = 'Bearer a\nb'),
      'sources.rest.authValue',
      'Contains line breaks; paste the value again.',
    ],
    [
      'a name too long',
      (d) => void (d.you.name = 'x'.repeat(201)),
      'you.name',
      'Use at most 200 characters.',
    ],
    ['an empty outcome label', (d) => void (d.outcomes[0]!.label = ''), 'outcomes.0.label', 'Fill this in.'],
    [
      'an outcome key with capitals',
      (d) => void (d.outcomes[0]!.key = 'Won'),
      'outcomes.0.key',
      'Lower-case letters, digits and _ only, starting with a letter.',
    ],
    [
      'two outcomes with one key',
      (d) => void (d.outcomes[1]!.key = d.outcomes[0]!.key),
      'outcomes',
      'Two outcomes share a key.',
    ],
    ['no outcomes at all', (d) => void (d.outcomes = []), 'outcomes', 'Keep at least 1.'],
    [
      'a working day that ends before it starts',
      (d) => {
        d.sla.businessHoursOnly = true;
        d.sla.dayStartHour = 17;
        d.sla.dayEndHour = 9;
      },
      'sla.dayEndHour',
      'The working day must end after it starts.',
    ],
    [
      'business hours with no working day',
      (d) => {
        d.sla.businessHoursOnly = true;
        d.sla.businessDays = [];
      },
      'sla.businessDays',
      'Choose at least one working day, or count every hour.',
    ],
  ];

  it.each(cases)('%s', (_name, change, path, message) => {
    const errors = validateSettings(draftWith(change));
    expect(errors.get(path)).toEqual([message]);
  });

  it('ignores the working-day rules while every hour counts', () => {
    const draft = draftWith((d) => {
      d.sla.dayStartHour = 17;
      d.sla.dayEndHour = 9;
      d.sla.businessDays = [];
    });
    expect(validateSettings(draft).size).toBe(0);
  });

  it('groups errors under a field path', () => {
    const errors = validateSettings(draftWith((d) => void (d.outcomes[2]!.label = '')));
    expect(errorsUnder(errors, 'outcomes')).toEqual(['Fill this in.']);
    expect(errorsUnder(errors, 'outcomes.2')).toEqual(['Fill this in.']);
    expect(errorsUnder(errors, 'outcomes.1')).toEqual([]);
  });
});

describe('form helpers', () => {
  it.each([
    ['a@b.co\n c@d.co ,e@f.co;\n\n', ['a@b.co', 'c@d.co', 'e@f.co']],
    ['', []],
    ['  \n ', []],
  ])('splitList(%j)', (text, list) => {
    expect(splitList(text)).toEqual(list);
  });

  it.each([
    ['Meeting booked', 'meeting_booked'],
    ['Demo given!', 'demo_given'],
    ['  Résumé sent  ', 'resume_sent'],
    ['3rd call', 'rd_call'],
    ['!!!', ''],
  ])('keyFromLabel(%j) = %j', (label, key) => {
    expect(keyFromLabel(label)).toBe(key);
  });

  it('names a site after its host, with a suffix that avoids taken ids', () => {
    const values = [0, 0, 0.5];
    const random = () => values.shift() ?? 0.9;
    const taken = new Set(['crm-example-com-0000']);
    const id = siteIdFor('https://*.crm.example.com/*', taken, random);
    expect(id).toMatch(/^crm-example-com-[a-z0-9]{4}$/);
    expect(id).not.toBe('crm-example-com-0000');
    expect(siteIdFor(`https://${'a'.repeat(60)}.example.com/*`, new Set(), random)).toMatch(
      /^[a-z0-9-]{1,40}$/,
    );
  });

  it('turns definition rows into the settings record and reports bad rows', () => {
    const { record, problems } = definitionsFromRows([
      { term: 'MQL', text: ' Marketing qualified. ' },
      { term: '', text: '' },
      { term: 'mql', text: 'Again.' },
      { term: '', text: 'Orphan text.' },
      { term: 'SQL', text: 'x'.repeat(1001) },
    ]);
    expect(record).toEqual({ mql: 'Marketing qualified.', sql: 'x'.repeat(1000) });
    expect(problems).toEqual([
      ['definitions.2.term', '“mql” is defined twice.'],
      ['definitions.3.term', 'Name the term this defines.'],
      ['definitions.4.text', 'Use at most 1000 characters.'],
    ]);
  });
});
