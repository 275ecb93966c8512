/**
 * Pure rules about host permissions: which hosts a source needs (as narrow as its settings
 * allow), whether a user-typed match pattern is acceptable, whether a selector parses, and how
 * two patterns relate. No browser calls here; ./index.ts does the asking and giving back.
 */
import { definitionOf } from '../connectors/registry';
import { err, ok, type Result } from '../messaging/result';
import { SOURCE_NAMES, type SourceId } from '../model';
import type { Settings } from '../settings/schema';
import { parseMatchPattern } from '../sites/match-pattern';
import { BUILTIN_MATCHES, BUILTIN_SITES } from '../sites/registry';

/** A site check's refusal: the user typed something Loopline cannot use. */
const bad = (message: string): Result<never> => err('bad_request', message);

export { SOURCE_NAMES };

/** Same limit as the settings schema's `sites.custom[].pattern`. */
const MAX_PATTERN = 500;
const MAX_SELECTOR = 500;

/**
 * The host patterns a source needs, as narrow as the settings allow (its definition's
 * `hostPatterns`). Empty for the local workspace. Settings may be the options page's unsaved
 * draft, with secrets masked.
 */
export function hostPatternsFor(source: SourceId, settings: Settings): Result<string[]> {
  return definitionOf(source).hostPatterns(settings.sources[source]);
}

/**
 * Everything a source could have been granted, for giving it back: the platform's manifest
 * hosts and the narrowed host its settings name now.
 */
export function sourceScope(source: SourceId, settings: Settings): string[] {
  const narrow = hostPatternsFor(source, settings);
  return [...definitionOf(source).hosts, ...(narrow.ok ? narrow.value : [])];
}

/** Patterns the manifest grants for good; they cannot be (and must not be) removed. */
export const BUILTIN_HOSTS: readonly string[] = BUILTIN_MATCHES;

/** Each built-in pattern and the name of its site, for the message that names it. */
const BUILTIN_NAMES: ReadonlyMap<string, string> = new Map(
  BUILTIN_SITES.flatMap((site) => site.matchPatterns.map((pattern) => [pattern, site.label] as const)),
);

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const PATTERN_SHAPE = /^([^:/]*):\/\/([^/]*)(\/.*)?$/;

/**
 * A CRM site pattern as the user typed it, checked against the browser's match-pattern rules
 * plus Loopline's own: https only, one named site (no pattern that covers every site or a whole
 * top-level domain), no overlap with a built-in site. Returns the pattern with scheme and host
 * lower-cased.
 */
export function validateMatchPattern(input: string): Result<string> {
  const pattern = input.trim();
  const example = 'https://crm.example.com/*';
  if (!pattern) return bad(`Enter the address pattern of your CRM, like ${example}.`);
  if (pattern.length > MAX_PATTERN)
    return bad(`The pattern is too long (at most ${MAX_PATTERN} characters).`);
  if (pattern === '<all_urls>') {
    return bad(`<all_urls> would let Loopline read every website. Name your CRM instead, like ${example}.`);
  }
  const shape = PATTERN_SHAPE.exec(pattern);
  if (!shape) return bad(`That is not an address pattern. Use the form ${example}.`);
  const scheme = shape[1]!.toLowerCase();
  const host = shape[2]!.toLowerCase();
  const path = shape[3];
  if (scheme !== 'https') {
    return bad(
      `Start the pattern with https:// (not ${scheme || 'nothing'}://): Loopline only runs on secure pages.`,
    );
  }
  if (!host) return bad(`The pattern names no host. Put your CRM's address after https://, like ${example}.`);
  if (host === '*') {
    return bad(
      `A pattern for every website (https://*/…) is not allowed. Name your CRM's host, like ${example}.`,
    );
  }
  if (host.includes(':'))
    return bad(`Leave out the port (${host.slice(host.indexOf(':'))}); the pattern covers every port.`);
  if (host.includes('@')) return bad('The host must not contain a user name or "@".');
  const wildcard = host.startsWith('*.');
  const name = wildcard ? host.slice(2) : host;
  if (name.includes('*'))
    return bad('A * in the host may only come first, followed by a dot, as in https://*.example.com/*.');
  if (name.length > 253 || !name.split('.').every((label) => HOST_LABEL.test(label))) {
    return bad(`"${name}" is not a valid host name.`);
  }
  if (wildcard && !name.includes('.')) {
    return bad(
      `*.${name} covers every site under .${name}. Name your CRM's own domain, like https://*.example.com/*.`,
    );
  }
  if (!path) return bad(`Add a path after the host, like https://${host}/* (the /* means every page).`);
  const normalized = `https://${host}${path}`;
  const builtin = BUILTIN_HOSTS.find((builtinPattern) => hostsOverlap(builtinPattern, normalized));
  if (builtin) {
    const site = BUILTIN_NAMES.get(builtin) ?? 'a built-in site';
    return bad(
      `${host} is already covered by Loopline's built-in support for ${site}; switch it on under Built-in sites.`,
    );
  }
  // Same grammar as the content-script router, so what passes here is what will match there.
  if (!parseMatchPattern(normalized)) return bad(`That is not an address pattern. Use the form ${example}.`);
  return ok(normalized);
}

/** An optional CSS selector; empty is fine. The parse happens on a detached fragment. */
export function validateSelector(
  input: string,
  doc: Pick<Document, 'createDocumentFragment'> = document,
): Result<string> {
  const selector = input.trim();
  if (!selector) return ok('');
  if (selector.length > MAX_SELECTOR)
    return bad(`The selector is too long (at most ${MAX_SELECTOR} characters).`);
  try {
    doc.createDocumentFragment().querySelector(selector);
  } catch {
    return bad(
      `"${selector}" is not a valid CSS selector. Check brackets and quotes, as in [data-field="email"].`,
    );
  }
  return ok(selector);
}

/** The host part of a match pattern (`*.example.com`, `api.hubapi.com`, `*`); null if none. */
export function hostOf(pattern: string): string | null {
  if (pattern === '<all_urls>') return '*';
  const shape = PATTERN_SHAPE.exec(pattern.trim());
  return shape?.[2] ? shape[2].toLowerCase() : null;
}

/** Whether every host `inner` matches is matched by `outer` too (paths and schemes aside). */
export function hostCovers(outer: string, inner: string): boolean {
  const a = hostOf(outer);
  const b = hostOf(inner);
  if (a === null || b === null) return false;
  if (a === '*') return true;
  if (b === '*') return false;
  const aBase = a.startsWith('*.') ? a.slice(2) : null;
  const bName = b.startsWith('*.') ? b.slice(2) : b;
  if (aBase === null) return a === b;
  return bName === aBase || bName.endsWith(`.${aBase}`);
}

/** Whether some host is matched by both patterns. */
export function hostsOverlap(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/** Display name of a pattern's host for messages ("api.hubapi.com", "*.mktorest.com"). */
export function hostLabel(pattern: string): string {
  return hostOf(pattern) ?? pattern;
}
