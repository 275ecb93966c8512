/**
 * Test helper: loads an HTML fixture from test/fixtures/sites into a happy-dom Document, the way
 * a browser would build it (scripts never run; declarative shadow roots become real ones).
 * Used by the adapter and watcher tests only; nothing in the extension imports it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, URL as NodeUrl } from 'node:url';
import type { Detection, SiteAdapter } from './types';

// Node's URL, not the DOM's: the test environment replaces the global one.
const FIXTURES = new NodeUrl('../../test/fixtures/sites/', import.meta.url);

/** `relativePath` is relative to test/fixtures/sites, e.g. `gmail/thread.html`. */
export function loadFixture(relativePath: string): Document {
  return parseHtml(readFileSync(fileURLToPath(new NodeUrl(relativePath, FIXTURES)), 'utf8'));
}

export function parseHtml(html: string): Document {
  // Fixtures link their sites' stylesheets. Tests never fetch them, and happy-dom need not
  // report each one as a failed load.
  const happyDom = (
    globalThis as { happyDOM?: { settings?: { handleDisabledFileLoadingAsSuccess?: boolean } } }
  ).happyDOM;
  if (happyDom?.settings) happyDom.settings.handleDisabledFileLoadingAsSuccess = true;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  attachDeclarativeShadowRoots(doc);
  return doc;
}

/**
 * DOMParser leaves `<template shadowrootmode>` as a template (browsers only attach declarative
 * shadow roots while parsing a page); attach them so fixtures can hold native-shadow components.
 */
function attachDeclarativeShadowRoots(root: Document | ShadowRoot) {
  for (const template of Array.from(root.querySelectorAll('template[shadowrootmode]'))) {
    const host = template.parentElement;
    const mode = template.getAttribute('shadowrootmode');
    if (!host || (mode !== 'open' && mode !== 'closed')) continue;
    const shadow = host.attachShadow({ mode });
    shadow.append((template as HTMLTemplateElement).content.cloneNode(true));
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

/**
 * A site's URL cases (`<id>/urls.json`): the URLs its adapter must claim, and look-alikes (other
 * apps on the same company's hosts, plain http, lookalike hosts) that no adapter may claim.
 */
export interface SiteUrls {
  claims: string[];
  lookAlikes: string[];
}

export function loadSiteUrls(siteId: string): SiteUrls {
  const file = fileURLToPath(new NodeUrl(`${siteId}/urls.json`, FIXTURES));
  return JSON.parse(readFileSync(file, 'utf8')) as SiteUrls;
}

/** Runs an adapter over a fixture served at `url`. */
export function detectFixture(adapter: SiteAdapter, relativePath: string, url: string): Detection {
  return adapter.detect(loadFixture(relativePath), new URL(url));
}

/** `email role order`, sorted: a whole candidate set as one comparable value for tables. */
export function summarize(detection: Detection): string[] {
  return detection.candidates.map((c) => `${c.email} ${c.role} ${c.order}`).sort();
}
