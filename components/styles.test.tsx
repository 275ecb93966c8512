import { describe, expect, it } from 'vitest';
import { PALETTE, SIDEBAR_WIDTH, TEXT_PAIRS, UI_PAIRS, sidebarStyles, type Theme } from './styles';

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('palette contrast (WCAG AA)', () => {
  it('computes contrast the WCAG way', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  const themes: Theme[] = ['light', 'dark'];
  it.each(themes.flatMap((theme) => TEXT_PAIRS.map(([fg, bg]) => [theme, fg, bg] as const)))(
    '%s: text %s on %s ≥ 4.5:1',
    (theme, fg, bg) => {
      expect(contrast(PALETTE[theme][fg], PALETTE[theme][bg])).toBeGreaterThanOrEqual(4.5);
    },
  );
  it.each(themes.flatMap((theme) => UI_PAIRS.map(([fg, bg]) => [theme, fg, bg] as const)))(
    '%s: %s on %s ≥ 3:1',
    (theme, fg, bg) => {
      expect(contrast(PALETTE[theme][fg], PALETTE[theme][bg])).toBeGreaterThanOrEqual(3);
    },
  );
});

describe('stylesheet', () => {
  it('resets inherited host styles and defines both themes', () => {
    expect(sidebarStyles).toContain(':host{all:initial;}');
    expect(sidebarStyles).toContain('.ll-root[data-theme="dark"]{--ll-bg:#17191e;');
    expect(sidebarStyles).toContain(`width:var(--ll-width,${SIDEBAR_WIDTH}px);max-width:100vw;`);
    expect(SIDEBAR_WIDTH).toBeLessThanOrEqual(360);
  });

  it('keeps long strings from breaking the layout and shows focus', () => {
    expect(sidebarStyles).toMatch(/\.ll-text\{overflow-wrap:anywhere;[^}]*min-width:0;/);
    expect(sidebarStyles).toMatch(/:focus-visible\{outline:2px solid var\(--ll-focus\)/);
  });

  it('uses no url() or @import that could fetch from a page-controlled place', () => {
    expect(sidebarStyles).not.toMatch(/url\(|@import/);
  });
});
