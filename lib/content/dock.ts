/**
 * Docking the sidebar's host element at the right edge. When open, the page is narrowed by the
 * sidebar's width so that the sidebar never covers the page's own controls; collapsed, only a
 * slim tab remains and the page gets its full width back.
 */
export const OPEN_WIDTH = 360;
export const TAB_WIDTH = 44;

export interface Dock {
  setOpen(open: boolean): void;
  remove(): void;
}

export function createDock(host: HTMLElement, doc: Document): Dock {
  const pageStyle = doc.createElement('style');
  pageStyle.dataset.loopline = 'dock';
  (doc.head ?? doc.documentElement).append(pageStyle);
  Object.assign(host.style, {
    position: 'fixed',
    top: '0',
    right: '0',
    height: '100vh',
    zIndex: '2147483000',
    display: 'block',
  });
  return {
    setOpen(open) {
      host.style.width = `${open ? OPEN_WIDTH : TAB_WIDTH}px`;
      host.style.height = open ? '100vh' : 'auto';
      host.style.top = open ? '0' : '30vh';
      pageStyle.textContent = open ? `html { margin-right: ${OPEN_WIDTH}px !important; }` : '';
    },
    remove() {
      pageStyle.remove();
    },
  };
}
