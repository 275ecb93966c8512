/** Running axe-core in a page or a frame (the sidebar's) and returning its violations. */
import type { Frame, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Violations within `selector` (default: the whole document) of a page or a frame. axe pierces
 * open shadow roots; it does not enter frames it was not injected into.
 */
export async function axeViolations(page: Page | Frame, include?: string): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than a <script> tag: extension pages' CSP
  // forbids inline scripts, and evaluation is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
          }>;
        };
      }
    ).axe;
    const context = include ? { include: [[include]] } : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  }, include);
}
