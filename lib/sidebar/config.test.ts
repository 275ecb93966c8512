import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS, DEFAULT_OUTCOMES } from '../settings/schema';
import { defaultSidebarConfig, openOnSite, parseSidebarConfig } from './config';

describe('parseSidebarConfig', () => {
  it('gives the defaults for nothing at all', () => {
    for (const raw of [undefined, null, 'nonsense', 42, {}]) {
      const config = parseSidebarConfig(raw);
      expect(config.outcomes.map((type) => type.key)).toEqual(DEFAULT_OUTCOMES.map((type) => type.key));
      expect(config.definitions).toEqual(DEFAULT_DEFINITIONS);
      expect(config.sla.hours).toBe(24);
      expect(config.you).toBe('');
    }
  });

  it('keeps the valid fields and replaces only the broken ones', () => {
    const config = parseSidebarConfig({
      outcomes: [{ key: 'demo', label: 'Demo done' }],
      definitions: 'not a record',
      sla: { hours: 4, businessHoursOnly: true },
      you: 'Ana',
    });
    expect(config.outcomes).toEqual([{ key: 'demo', label: 'Demo done', needs: 'none', stage: 'other' }]);
    expect(config.definitions).toEqual(DEFAULT_DEFINITIONS);
    expect(config.sla).toMatchObject({ hours: 4, businessHoursOnly: true, dayStartHour: 9 });
    expect(config.you).toBe('Ana');
  });

  it.each([[{ outcomes: [] }], [{ outcomes: [{ key: 'Bad Key', label: 'x' }] }], [{ sla: { hours: -1 } }]])(
    'falls back to defaults for an invalid field: %j',
    (raw) => {
      const config = parseSidebarConfig(raw);
      expect(config.outcomes.length).toBeGreaterThan(0);
      expect(config.sla.hours).toBeGreaterThan(0);
    },
  );

  it('does not share default objects between sidebars', () => {
    const a = defaultSidebarConfig();
    a.outcomes.push({ key: 'x', label: 'X', needs: 'none', stage: 'other' });
    expect(defaultSidebarConfig().outcomes).toHaveLength(DEFAULT_OUTCOMES.length);
  });
});

describe('openOnSite', () => {
  it('is open at first, and as the user left it on that site afterwards', () => {
    expect(openOnSite({}, 'gmail')).toBe(true);
    expect(openOnSite({ sidebar: { openBySite: { hubspot: false } } }, 'gmail')).toBe(true);
    expect(openOnSite({ sidebar: { openBySite: { gmail: false } } }, 'gmail')).toBe(false);
    expect(openOnSite({ sidebar: { openBySite: { gmail: true } } }, 'gmail')).toBe(true);
  });
});
