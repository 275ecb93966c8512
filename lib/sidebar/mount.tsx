/**
 * The one small container module (as in the Hypothesis client): puts the stylesheet and the
 * sidebar into an element (the sidebar frame's page) or a shadow root, and gives back a function
 * that takes them out. The content script owns the frame, its position and the page's shift;
 * this owns what is inside.
 */
import { render } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import { SidebarApp } from '../../components/SidebarApp';
import { sidebarStyles, type Theme } from '../../components/styles';
import { SidebarContext } from './context';
import type { SidebarState } from './state';

export interface MountOptions {
  /** Follows the page's light or dark theme; the content script updates it. */
  theme: ReadonlySignal<Theme>;
}

function ThemedApp({ theme }: MountOptions) {
  return <SidebarApp theme={theme.value} />;
}

export function mountSidebar(
  target: ShadowRoot | HTMLElement,
  state: SidebarState,
  options: MountOptions,
): () => void {
  const doc = target.ownerDocument ?? document;
  const style = doc.createElement('style');
  style.textContent = sidebarStyles;
  const container = doc.createElement('div');
  container.className = 'll-mount';
  target.append(style, container);
  render(
    <SidebarContext.Provider value={state}>
      <ThemedApp theme={options.theme} />
    </SidebarContext.Provider>,
    container,
  );
  return () => {
    render(null, container);
    container.remove();
    style.remove();
  };
}
