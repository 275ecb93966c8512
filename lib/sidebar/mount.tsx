/**
 * The one small container module (as in the Hypothesis client): puts the stylesheet and the
 * sidebar into an element (the sidebar frame's page) or a shadow root, and gives back a function
 * that takes them out. The content script owns the frame, its position and the page's shift;
 * this owns what is inside.
 */
import { render, type ComponentChildren } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import { SidebarApp } from '../../components/SidebarApp';
import { NotDocked } from '../../components/States';
import { sidebarStyles, type Theme } from '../../components/styles';
import type { ClickGuard } from './click-guard';
import { ClickGuardContext, SidebarContext } from './context';
import type { SidebarState } from './state';

export interface MountOptions {
  /** Follows the page's light or dark theme; the content script updates it. */
  theme: ReadonlySignal<Theme>;
  /** Decides whether a click that records an outcome is one the user saw. */
  guard: ClickGuard;
}

function ThemedApp({ theme }: Pick<MountOptions, 'theme'>) {
  return <SidebarApp theme={theme.value} />;
}

function mount(target: ShadowRoot | HTMLElement, tree: ComponentChildren): () => void {
  const doc = target.ownerDocument ?? document;
  const style = doc.createElement('style');
  style.textContent = sidebarStyles;
  const container = doc.createElement('div');
  container.className = 'll-mount';
  target.append(style, container);
  render(tree, container);
  return () => {
    render(null, container);
    container.remove();
    style.remove();
  };
}

export function mountSidebar(
  target: ShadowRoot | HTMLElement,
  state: SidebarState,
  options: MountOptions,
): () => void {
  return mount(
    target,
    <SidebarContext.Provider value={state}>
      <ClickGuardContext.Provider value={options.guard}>
        <ThemedApp theme={options.theme} />
      </ClickGuardContext.Provider>
    </SidebarContext.Provider>,
  );
}

/** What a sidebar frame shows instead of the sidebar when it will not run (see States.tsx). */
export function mountRefusal(
  target: ShadowRoot | HTMLElement,
  options: { theme: Theme; message: string },
): () => void {
  return mount(target, <NotDocked theme={options.theme} message={options.message} />);
}
