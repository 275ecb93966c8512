/**
 * pages.css repeats the sidebar's PALETTE as CSS variables (a stylesheet cannot import a module).
 * This holds the copy to the source, and holds the text/background pairs the pages add to AA.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PALETTE, type Theme } from '../styles';

const css = readFileSync(path.join(import.meta.dirname, 'pages.css'), 'utf8');

function variables(block: string): Record<string, string> {
  return Object.fromEntries(
    [...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map(([, name, value]) => [
      name!,
      value!.toLowerCase(),
    ]),
  );
}

const light = variables(css.slice(css.indexOf(':root'), css.indexOf('@media (prefers-color-scheme: dark)')));
const dark = variables(css.slice(css.indexOf('@media (prefers-color-scheme: dark)'), css.indexOf('* {')));
const VARS: Record<Theme, Record<string, string>> = { light, dark };

const cssName = (token: string) => token.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** Text colours the pages put on each background (cards and the save bar use --surface). */
const PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'surface'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['accent', 'bg'],
  ['accent', 'surface'],
  ['on-accent', 'accent'],
  ['ok', 'bg'],
  ['ok', 'surface'],
  ['warn', 'bg'],
  ['warn', 'warn-bg'],
  ['danger', 'bg'],
  ['danger', 'surface'],
  ['danger', 'danger-bg'],
];

describe('pages.css', () => {
  const themes: Theme[] = ['light', 'dark'];

  it.each(themes)('%s: every variable equals the PALETTE token of the same name', (theme) => {
    const shared = Object.entries(PALETTE[theme]).filter(([token]) => cssName(token) in VARS[theme]);
    expect(shared.length).toBeGreaterThanOrEqual(14);
    for (const [token, value] of shared)
      expect([token, VARS[theme][cssName(token)]]).toEqual([token, value.toLowerCase()]);
  });

  it.each(themes.flatMap((theme) => PAIRS.map(([fg, bg]) => [theme, fg, bg] as const)))(
    '%s: %s on %s ≥ 4.5:1',
    (theme, fg, bg) => {
      const colours = VARS[theme];
      expect(colours[fg] && colours[bg]).toBeTruthy();
      expect(contrast(colours[fg]!, colours[bg]!)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('has a visible focus style and a dark scheme', () => {
    expect(css).toMatch(/:focus-visible\s*{\s*outline: 3px solid var\(--focus\)/);
    expect(css).toContain('@media (prefers-color-scheme: dark)');
  });
});
