/**
 * Helpers for the component tests: a fixed formatter and a full sidebar rendered from a fresh
 * state with test callbacks. Not imported by production code.
 */
import { render } from '@testing-library/preact';
import axe from 'axe-core';
import type { ClickGuard } from '../lib/sidebar/click-guard';
import { ClickGuardContext, SidebarContext } from '../lib/sidebar/context';
import { createFormatter } from '../lib/sidebar/format';
import { createSidebarState, type SidebarDeps } from '../lib/sidebar/state';
import { testDeps, testGuard } from '../lib/sidebar/test-data';
import { SidebarApp } from './SidebarApp';
import type { Theme } from './styles';

export const format = createFormatter({ locale: 'en-US', timeZone: 'UTC' });

/** The whole sidebar; `guard` lets every recording click through unless the test gives its own. */
export function renderApp(
  overrides: Partial<SidebarDeps> = {},
  theme: Theme = 'light',
  guard: ClickGuard = testGuard(),
) {
  const state = createSidebarState(testDeps(overrides));
  const result = render(
    <SidebarContext.Provider value={state}>
      <ClickGuardContext.Provider value={guard}>
        <SidebarApp theme={theme} />
      </ClickGuardContext.Provider>
    </SidebarContext.Provider>,
  );
  return { state, ...result };
}

/** Every attribute in the tree whose name is an event handler (onclick, onerror, …). */
export function eventHandlerAttributes(root: Element): string[] {
  const found: string[] = [];
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of element.getAttributeNames()) {
      if (/^on/i.test(attribute)) found.push(`${element.tagName}[${attribute}]`);
    }
  }
  return found;
}

/**
 * axe-core's structural rules on a rendered sidebar fragment (colour contrast needs real layout:
 * the e2e suite checks it).
 */
export async function axeViolations(root: Element) {
  const result = await axe.run(root, {
    rules: {
      'color-contrast': { enabled: false },
      // The sidebar is a fragment of someone else's page: it has no <title>, <html lang> or <main>.
      'document-title': { enabled: false },
      'html-has-lang': { enabled: false },
      region: { enabled: false },
      'landmark-one-main': { enabled: false },
      'page-has-heading-one': { enabled: false },
    },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
