/**
 * Hands one sidebar's state down the component tree (STYLE.md §8): no module globals, so two
 * sidebars (or two tests) never share state. The click guard (click-guard.ts) travels the same
 * way, so that components decide on a recording click without touching the browser.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ClickGuard } from './click-guard';
import type { SidebarState } from './state';

export const SidebarContext = createContext<SidebarState | null>(null);

export function useSidebar(): SidebarState {
  const state = useContext(SidebarContext);
  if (!state) throw new Error('useSidebar() needs a <SidebarContext.Provider> above it.');
  return state;
}

/** No default: a sidebar without a guard would record clicks nobody checked. */
export const ClickGuardContext = createContext<ClickGuard | null>(null);

export function useClickGuard(): ClickGuard {
  const guard = useContext(ClickGuardContext);
  if (!guard) throw new Error('useClickGuard() needs a <ClickGuardContext.Provider> above it.');
  return guard;
}
