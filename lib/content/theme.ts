/** Whether the page around the sidebar is light or dark, from its own background colour. */
import type { Theme } from '../../components/styles';

export type { Theme };

function parseRgb(color: string): [number, number, number, number] | null {
  const match = /rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(color);
  if (!match) return null;
  const alpha =
    match[4] === undefined ? 1 : match[4].endsWith('%') ? parseFloat(match[4]) / 100 : parseFloat(match[4]);
  return [Number(match[1]), Number(match[2]), Number(match[3]), alpha];
}

/** Relative luminance per WCAG. */
export function luminance([r, g, b]: readonly number[]): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
}

export function pageTheme(doc: Document): Theme {
  const view = doc.defaultView;
  for (const element of [doc.body, doc.documentElement]) {
    if (!element || !view) continue;
    const rgb = parseRgb(view.getComputedStyle(element).backgroundColor);
    if (rgb && rgb[3] > 0.5) return luminance(rgb) < 0.25 ? 'dark' : 'light';
  }
  return view?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Calls `onChange` with the page's theme whenever something that can change it changes: the
 * `<html>` or `<body>` element's attributes (a dark-mode class, an inline style), a stylesheet
 * in `<head>` (added, removed, edited), or the system's colour scheme. The title and the
 * favicon, which SPAs change on every navigation, are not stylesheets. Reads happen once the
 * frame after a change is drawn, so that they find styles up to date rather than force a style
 * pass; many changes in one frame read once.
 */
export function watchTheme(doc: Document, onChange: (theme: Theme) => void, signal: AbortSignal): void {
  const view = doc.defaultView;
  if (!view || signal.aborted) return;
  let pending = false;
  const read = () => {
    if (pending || signal.aborted) return;
    pending = true;
    view.requestAnimationFrame(() =>
      view.setTimeout(() => {
        pending = false;
        if (!signal.aborted) onChange(pageTheme(doc));
      }, 0),
    );
  };
  const root = new MutationObserver(read);
  root.observe(doc.documentElement, { attributes: true });
  if (doc.body) root.observe(doc.body, { attributes: true });
  // The head's own children, and each stylesheet's insides: not the whole head, whose title
  // changes on every navigation.
  const sheets = new MutationObserver(read);
  const watchSheet = (node: Node) => {
    if (isStylesheet(node))
      sheets.observe(node, { childList: true, subtree: true, characterData: true, attributes: true });
  };
  const head = new MutationObserver((records) => {
    let changed = false;
    for (const record of records) {
      record.addedNodes.forEach(watchSheet);
      changed ||= [...record.addedNodes, ...record.removedNodes].some(isStylesheet);
    }
    if (changed) read();
  });
  if (doc.head) {
    head.observe(doc.head, { childList: true });
    doc.head.childNodes.forEach(watchSheet);
  }
  const scheme = view.matchMedia?.('(prefers-color-scheme: dark)');
  scheme?.addEventListener?.('change', read, { signal });
  signal.addEventListener(
    'abort',
    () => {
      root.disconnect();
      head.disconnect();
      sheets.disconnect();
    },
    { once: true },
  );
}

const STYLESHEET = 'style, link[rel~="stylesheet" i]';

function isStylesheet(node: Node | null): boolean {
  return node?.nodeType === Node.ELEMENT_NODE && (node as Element).matches(STYLESHEET);
}
