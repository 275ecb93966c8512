/**
 * Docking the sidebar's frame at the right edge. When open, the page is narrowed
 * by the sidebar's width so that the sidebar never covers the page's own controls; collapsed,
 * only a slim tab remains and the page gets its full width back.
 *
 * The tab's size is a constant, never measured from what the frame draws: the page can read the
 * frame's size, and a tab that grew with an "Overdue" hint would tell it about the lead.
 */
import type { Layout } from '../sidebar/link';

export const OPEN_WIDTH = 360;
export const TAB_WIDTH = 44;
/** The collapsed tab's height, whatever it shows (the frame's stylesheet fits the tab to it). */
export const TAB_HEIGHT = 160;

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
    height: '100%',
    zIndex: '2147483000',
    display: 'block',
  });
  return {
    setLayout({ open }) {
      frame.style.width = `${open ? OPEN_WIDTH : TAB_WIDTH}px`;
      // 100% of the viewport, not 100vh: 100vh reaches under a horizontal scrollbar, and a frame
      // partly out of view does not count as seen by the click guard (lib/sidebar/click-guard.ts).
      frame.style.height = open ? '100%' : `${TAB_HEIGHT}px`;
      frame.style.top = open ? '0' : '30vh';
      pageStyle.textContent = open ? `html { margin-right: ${OPEN_WIDTH}px !important; }` : '';
    },
    remove() {
      pageStyle.remove();
    },
  };
}
