/**
 * Docking the sidebar's frame at the right edge. When open, the page is narrowed
 * by the sidebar's width so that the sidebar never covers the page's own controls; collapsed,
 * only a slim tab remains (as tall as the frame says it is) and the page gets its full width back.
 */
import type { Layout } from '../sidebar/link';

export const OPEN_WIDTH = 360;
export const TAB_WIDTH = 44;
/** Until the frame has measured its tab. */
export const DEFAULT_TAB_HEIGHT = 120;

export interface Dock {
  setLayout(layout: Layout): void;
  remove(): void;
}

export function createDock(frame: HTMLElement, doc: Document): Dock {
  const pageStyle = doc.createElement('style');
  pageStyle.dataset.loopline = 'dock';
  (doc.head ?? doc.documentElement).append(pageStyle);
  Object.assign(frame.style, {
    position: 'fixed',
    top: '0',
    right: '0',
    height: '100vh',
    zIndex: '2147483000',
    display: 'block',
  });
  return {
    setLayout({ open, tabHeight }) {
      frame.style.width = `${open ? OPEN_WIDTH : TAB_WIDTH}px`;
      frame.style.height = open ? '100vh' : `${tabHeight || DEFAULT_TAB_HEIGHT}px`;
      frame.style.top = open ? '0' : '30vh';
      pageStyle.textContent = open ? `html { margin-right: ${OPEN_WIDTH}px !important; }` : '';
    },
    remove() {
      pageStyle.remove();
    },
  };
}
