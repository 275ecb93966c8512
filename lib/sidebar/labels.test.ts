import { describe, expect, it } from 'vitest';
import { TOUCHPOINT_KINDS } from '../model';
import { DEFAULT_DEFINITIONS } from '../settings/schema';
import {
  KIND_GROUPS,
  channelLabel,
  groupOfKind,
  kindLabel,
  lookupDefinition,
  sourceLabel,
  stageLabel,
} from './labels';

describe('lookupDefinition', () => {
  it.each([
    ['marketingqualifiedlead', DEFAULT_DEFINITIONS.marketingqualifiedlead],
    ['Marketing Qualified Lead', DEFAULT_DEFINITIONS.marketingqualifiedlead],
    ['marketing_qualified_lead', DEFAULT_DEFINITIONS.marketingqualifiedlead],
    ['MQL', DEFAULT_DEFINITIONS.marketingqualifiedlead],
    ['sql', DEFAULT_DEFINITIONS.salesqualifiedlead],
    ['Customer', DEFAULT_DEFINITIONS.customer],
    ['Working', undefined],
    ['', undefined],
    ['  --  ', undefined],
    [undefined, undefined],
  ])('%s', (term, expected) => {
    expect(lookupDefinition(DEFAULT_DEFINITIONS, term)).toBe(expected);
  });

  it('matches a team that wrote its definition under the abbreviation', () => {
    expect(lookupDefinition({ MQL: 'Our MQL' }, 'marketingqualifiedlead')).toBe('Our MQL');
  });

  it('does not read inherited properties as definitions', () => {
    expect(lookupDefinition({}, 'constructor')).toBeUndefined();
    expect(lookupDefinition({}, '__proto__')).toBeUndefined();
    expect(lookupDefinition({ lead: 'A lead' }, 'constructor')).toBeUndefined();
    expect(lookupDefinition({ constructor: 'Odd but allowed' }, 'constructor')).toBe('Odd but allowed');
  });
});

describe('labels', () => {
  it('gives every touchpoint kind a label and a filter group', () => {
    const grouped = KIND_GROUPS.flatMap((group) => group.kinds as readonly string[]);
    for (const kind of TOUCHPOINT_KINDS) {
      expect(kindLabel(kind)).not.toBe(kind);
      expect(grouped).toContain(kind);
    }
    expect(new Set(grouped).size).toBe(grouped.length);
  });

  it.each([
    [() => kindLabel('page_view'), 'Page visit'],
    [() => kindLabel('something_new'), 'something_new'],
    [() => kindLabel('constructor'), 'constructor'],
    [() => groupOfKind('email_open'), 'email'],
    [() => groupOfKind('something_new'), 'changes'],
    [() => channelLabel('paid_search'), 'Paid search'],
    [() => sourceLabel('hubspot'), 'HubSpot'],
    [() => stageLabel('marketingqualifiedlead'), 'MQL'],
    [() => stageLabel('Working on it'), 'Working on it'],
    [() => stageLabel('toString'), 'toString'],
  ])('%#', (run, expected) => {
    expect(run()).toBe(expected);
  });
});
