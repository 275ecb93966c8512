import { describe, expect, it } from 'vitest';
import { dynamicsAdapter, dynamicsRecord } from './dynamics';
import { detectFixture, summarize } from './fixture-helper';

const ORG = 'https://northwind.crm4.dynamics.com';

describe('dynamics adapter over fixtures', () => {
  it.each([
    {
      name: 'lead',
      file: 'lead.html',
      url: `${ORG}/main.aspx?appid=7a1e2b3c-0000-4000-8000-000000000001&pagetype=entityrecord&etn=lead&id=5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f`,
      viewKey: 'dynamics:northwind.crm4.dynamics.com:lead:5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f',
      candidates: ['sofia.rossi@aurora-textiles.it record 1'],
    },
    {
      name: 'contact with two addresses, braced upper-case id',
      file: 'contact.html',
      url: `${ORG}/main.aspx?etn=contact&pagetype=entityrecord&id=%7B8E21C7D4-1F2A-EF11-840A-6045BD8C3A77%7D`,
      viewKey: 'dynamics:northwind.crm4.dynamics.com:contact:8e21c7d4-1f2a-ef11-840a-6045bd8c3a77',
      candidates: ['d.okafor@lagosgrid-holdings.com record 1', 'daniel.okafor@lagos-grid.ng record 2'],
    },
    {
      name: 'account record is idle',
      file: 'lead.html',
      url: `${ORG}/main.aspx?pagetype=entityrecord&etn=account&id=5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f`,
      viewKey: null,
      candidates: [],
    },
  ])('$name', ({ file, url, viewKey, candidates }) => {
    const detection = detectFixture(dynamicsAdapter, `dynamics/${file}`, url);
    expect(detection.viewKey).toBe(viewKey);
    expect(summarize(detection)).toEqual(candidates);
  });
});

describe('dynamicsRecord', () => {
  it.each([
    ['/main.aspx?etn=lead&id=5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f', 'lead'],
    ['/main.aspx?etn=Contact&id={8E21C7D4-1F2A-EF11-840A-6045BD8C3A77}', 'contact'],
    ['/main.aspx?etn=lead', null],
    ['/main.aspx?etn=lead&id=not-a-guid', null],
    ['/main.aspx?pagetype=entitylist&etn=lead', null],
    ['/other.aspx?etn=lead&id=5b3f9a2e-4c1d-ef11-8409-000d3a4b2c1f', null],
  ])('%s', (path, entity) => {
    expect(dynamicsRecord(new URL(`${ORG}${path}`))?.entity ?? null).toBe(entity);
  });
});
