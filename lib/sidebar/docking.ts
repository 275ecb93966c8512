/**
 * Whether this sidebar frame sits where Loopline docks it: a frame directly inside the top-level
 * page of its tab, on the origin the background read from that tab (`pageOrigin` of
 * `sidebar.config`). `sidebar.html` is web-accessible, so any page may frame it, inside its own
 * frames or inside a page of a site Loopline runs on; a frame anywhere else refuses to work
 * (it neither connects to the page nor asks for leads).
 */
import { builtinSite } from '../sites/registry';
import type { SiteId } from '../sites/types';

export interface FrameAncestry {
  /**
   * `location.ancestorOrigins`, parent first; undefined where the browser does not have it
   * (Firefox long lacked it; ESR 153 has it): then only the depth is checked.
   */
  origins?: readonly string[];
  /** How many frames up the top-level page is: 0 when not framed at all, 1 for a child of it. */
  depth: number;
}

/** The frame's ancestry as the browser reports it. */
export function frameAncestry(win: Window): FrameAncestry {
  const list = (win.location as { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  // Comparing window proxies is allowed across origins; the walk stops at a safe bound.
  let depth = 0;
  for (let current: Window = win; current !== current.parent && depth < 64; current = current.parent) depth++;
  return { origins: list ? Array.from(list) : undefined, depth };
}

const originOf = (value: string): string | null => {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
};

/** Exactly one ancestor, the top-level page, and (where the browser says) on the tab's origin. */
export function isDockedByLoopline(ancestry: FrameAncestry, pageOrigin: string | null): boolean {
  const expected = pageOrigin === null ? null : originOf(pageOrigin);
  if (expected === null || ancestry.depth !== 1) return false;
  // One level deep, the parent is the tab's top-level page, whose origin the background read:
  // the origins confirm it (and catch a tab that navigated meanwhile). Where the browser does
  // not list them (older Firefox), the depth alone is checked.
  if (ancestry.origins === undefined) return true;
  const [parent] = ancestry.origins;
  return ancestry.origins.length === 1 && parent !== undefined && originOf(parent) === expected;
}

/** What a frame that is not docked by Loopline says (`sidebar.config`'s site and page origin). */
export function notDockedMessage(site: SiteId | null, pageOrigin: string | null): string {
  let where = 'the sites set up in its options';
  if (site && site !== 'generic') where = builtinSite(site)?.label ?? where;
  else if (pageOrigin && originOf(pageOrigin)) where = new URL(pageOrigin).host;
  return `Loopline's sidebar only runs docked by Loopline on ${where}.`;
}

/** What a frame says when it could not learn where it is (the background did not answer). */
export function cannotStartMessage(reason: string): string {
  return `Loopline's sidebar could not start: ${reason}`;
}
