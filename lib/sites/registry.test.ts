/**
 * The registry is the one list of built-in sites. Fails when a site is defined in lib/sites but
 * not registered, when a registered site has no fixtures or no table-driven test over them, and
 * when a list built from the registry leaves a site out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, URL as NodeUrl } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SWITCHES } from '../../components/pages/SitesSection';
import contentScript from '../../entrypoints/sites.content/index';
import { buildManifest } from '../manifest';
import { validateMatchPattern } from '../permissions/patterns';
import { SiteSettings } from '../settings/schema';
import { loadSiteUrls } from './fixture-helper';
import { BUILTIN_ADAPTERS } from './index';
import { SITES_SCRIPT_FILE } from './registration';
import { BUILTIN_MATCHES, BUILTIN_SITES, SITE_IDS } from './registry';

// Node's URL, not the DOM's: the test environment replaces the global one.
const ROOT = fileURLToPath(new NodeUrl('../../', import.meta.url));
const SITES_DIR = path.join(ROOT, 'lib/sites');
const FIXTURES_DIR = path.join(ROOT, 'test/fixtures/sites');

/** Every module under lib/sites but tests, folders included. */
function siteModules(dir = SITES_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return siteModules(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** An adapter value: something that claims URLs and detects people (not the generic factory). */
const isAdapter = (value: unknown): value is { id: string; matches: unknown; detect: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { matches?: unknown }).matches === 'function' &&
  typeof (value as { detect?: unknown }).detect === 'function';

const sites = BUILTIN_SITES.map((site) => [site.id, site] as const);

/** A site's tests: `lib/sites/<id>.test.ts`, or the tests in its folder `lib/sites/<id>/`. */
function siteTests(id: string): string {
  const file = path.join(SITES_DIR, `${id}.test.ts`);
  const dir = path.join(SITES_DIR, id);
  const files = [
    ...(existsSync(file) ? [file] : []),
    ...(existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.test.ts')) : []).map((name) =>
      path.join(dir, name),
    ),
  ];
  return files.map((name) => readFileSync(name, 'utf8')).join('\n');
}

describe('site registry', () => {
  it('registers every adapter defined in lib/sites', async () => {
    const unregistered: string[] = [];
    for (const file of siteModules()) {
      const exports = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports)) {
        if (isAdapter(value) && !(BUILTIN_ADAPTERS as readonly unknown[]).includes(value)) {
          unregistered.push(`${path.relative(ROOT, file)}: ${name}`);
        }
      }
    }
    expect(unregistered).toEqual([]);
  });

  it('gives every site its own id and at least one match pattern', () => {
    const ids = BUILTIN_SITES.map((site) => site.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('generic');
    for (const site of BUILTIN_SITES) expect(site.matchPatterns.length, site.id).toBeGreaterThan(0);
  });

  describe.each(sites)('%s', (id, site) => {
    it('has HTML fixtures, each read by a test', () => {
      const dir = path.join(FIXTURES_DIR, id);
      const pages = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.html')) : [];
      expect(pages.length, `no HTML fixtures in test/fixtures/sites/${id}/`).toBeGreaterThan(0);
      const tests = siteTests(id);
      for (const page of pages) expect(tests, `no test of ${id} reads ${page}`).toContain(page);
    });

    it('has a table-driven test over its fixtures', () => {
      const source = siteTests(id);
      expect(source, `no lib/sites/${id}.test.ts nor tests in lib/sites/${id}/`).not.toBe('');
      expect(source).toMatch(/\.each\(/);
      expect(source).toMatch(new RegExp(`['\`]${id}/`));
    });

    it('has an adapter that is the site the registry lists, plus its page code', () => {
      const adapter = BUILTIN_ADAPTERS.find((candidate) => candidate.id === id);
      expect(adapter).toBeDefined();
      expect(adapter).toMatchObject({ ...site });
    });

    it('has URL cases for the cross-site URL test', () => {
      expect(loadSiteUrls(id).claims.length).toBeGreaterThan(0);
    });

    it('is in the manifest: host permissions and the built-in content script', () => {
      const manifest = buildManifest({ browser: 'chrome' });
      for (const pattern of site.matchPatterns) {
        expect(manifest.host_permissions).toContain(pattern);
        expect(BUILTIN_MATCHES).toContain(pattern);
        expect(contentScript.matches).toContain(pattern);
      }
    });

    it('has a settings switch, on by default', () => {
      expect(SITE_IDS).toContain(id);
      const switches: Record<string, boolean> = SiteSettings.parse({}).builtins;
      expect(switches[id]).toBe(true);
      const off: Record<string, boolean> = SiteSettings.parse({ builtins: { [id]: false } }).builtins;
      expect(off[id]).toBe(false);
    });

    it('is listed under Built-in sites in Options', () => {
      expect(BUILTIN_SWITCHES.find((entry) => entry.id === id)).toEqual({
        id,
        label: site.settingsLabel ?? site.label,
        hosts: site.hostsLabel,
      });
    });

    it('is named when a user-added pattern overlaps one of its hosts', () => {
      for (const pattern of site.matchPatterns) {
        const check = validateMatchPattern(pattern);
        expect(check.ok).toBe(false);
        if (!check.ok) expect(check.error.message).toContain(`built-in support for ${site.label};`);
      }
    });
  });

  it('registers user-added sites with the built file of entrypoints/sites.content', () => {
    const name = /^content-scripts\/(.+)\.js$/.exec(SITES_SCRIPT_FILE)?.[1];
    expect(existsSync(path.join(ROOT, 'entrypoints', `${name}.content`))).toBe(true);
  });
});
