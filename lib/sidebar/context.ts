/**
 * Hands one sidebar's state down the component tree (STYLE.md §8): no module globals, so two
 * sidebars (or two tests) never share state.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SidebarState } from './state';

export const SidebarContext = createContext<SidebarState | null>(null);

export function useSidebar(): SidebarState {
  const state = useContext(SidebarContext);
  if (!state) throw new Error('useSidebar() needs a <SidebarContext.Provider> above it.');
  return state;
}
