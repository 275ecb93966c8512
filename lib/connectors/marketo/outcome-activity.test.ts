// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { outcomeIdField } from '.';

describe('outcomeIdField', () => {
  type Attribute = { name: string; apiName?: string; dataType?: string };
  const type = (primary: Attribute, ...attributes: Attribute[]) => ({
    name: 'T',
    primaryAttribute: primary,
    attributes,
  });
  const text = (name: string, apiName = name) => ({ name, apiName, dataType: 'string' });

  it.each([
    [
      'a text primary, by default',
      type(text('Outcome')),
      '',
      { where: 'primary', apiName: 'Outcome', name: 'Outcome' },
    ],
    [
      'a text primary, when asked for the id',
      type(text('Outcome')),
      'id',
      { where: 'primary', apiName: 'Outcome', name: 'Outcome' },
    ],
    [
      'the id attribute when the primary holds the kind',
      type(text('Outcome'), text('Amount'), text('Outcome Id', 'outcomeId')),
      'kind',
      { where: 'attribute', apiName: 'outcomeId', name: 'Outcome Id' },
    ],
    [
      'the first of two id attributes, in the type’s order',
      type(
        { name: 'Score', apiName: 'score', dataType: 'integer' },
        text('External Id', 'extId'),
        text('Loopline Id', 'looplineId'),
      ),
      '',
      { where: 'attribute', apiName: 'extId', name: 'External Id' },
    ],
    [
      'a primary named for it when the choice is another field name',
      type(text('Outcome Id', 'outcomeId'), text('Kind')),
      'outcomeKind',
      { where: 'primary', apiName: 'outcomeId', name: 'Outcome Id' },
    ],
  ] as const)('picks %s', (_name, t, primaryField, expected) => {
    expect(outcomeIdField(t, primaryField)).toEqual(expected);
  });

  it.each([
    ['a number primary and no id attribute', type({ name: 'Value', dataType: 'currency' }, text('Note'))],
    ['an id attribute that is not text', type(text('Outcome'), { name: 'Outcome Id', dataType: 'integer' })],
    ['only the kind in the primary', type(text('Outcome'), text('Note'))],
  ])('finds none with %s', (_name, t) => {
    expect(outcomeIdField(t, 'kind')).toBeUndefined();
  });
});
