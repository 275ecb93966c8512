import { describe, expect, it } from 'vitest';
import type { SidebarSettings } from '../messaging/protocol';
import { DEFAULT_DEFINITIONS, DEFAULT_OUTCOMES, SlaSettings } from '../settings/schema';
import { defaultSidebarConfig, sidebarConfigOf } from './config';

describe('defaultSidebarConfig', () => {
  it('is the default taxonomy, definitions and SLA, with no name', () => {
    const config = defaultSidebarConfig();
    expect(config.outcomes.map((type) => type.key)).toEqual(DEFAULT_OUTCOMES.map((type) => type.key));
    expect(config.definitions).toEqual(DEFAULT_DEFINITIONS);
    expect(config.sla.hours).toBe(24);
    expect(config.you).toBe('');
  });

  it('does not share default objects between sidebars', () => {
    const a = defaultSidebarConfig();
    a.outcomes.push({ key: 'x', label: 'X', needs: 'none', stage: 'other' });
    a.definitions.mql = 'changed';
    expect(defaultSidebarConfig().outcomes).toHaveLength(DEFAULT_OUTCOMES.length);
    expect(defaultSidebarConfig().definitions).toEqual(DEFAULT_DEFINITIONS);
    expect(DEFAULT_OUTCOMES.some((type) => type.key === 'x')).toBe(false);
  });
});

describe('sidebarConfigOf', () => {
  it('keeps what the sidebar uses of the settings reply, and nothing about the page', () => {
    const settings: SidebarSettings = {
      outcomes: [{ key: 'demo', label: 'Demo done', needs: 'none', stage: 'other' }],
      definitions: { mql: 'Marketing qualified' },
      sla: SlaSettings.parse({ hours: 4, businessHoursOnly: true }),
      you: 'Sam Rivera',
      open: false,
      site: 'gmail',
      pageOrigin: 'https://mail.google.com',
    };
    expect(sidebarConfigOf(settings)).toEqual({
      outcomes: settings.outcomes,
      definitions: { mql: 'Marketing qualified' },
      sla: settings.sla,
      you: 'Sam Rivera',
    });
  });
});
