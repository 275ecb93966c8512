/**
 * The registry is the one list of platforms: everything keyed by platform is derived from it.
 * These tests fail when a platform folder exists but is not registered, when a platform is
 * registered without being wired everywhere, and when a new hand-kept list of platforms appears.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WRITE_BACK_ORDER } from '../leads/target';
import { SOURCE_PRIORITY } from '../leads/merge';
import { buildManifest } from '../manifest';
import { SOURCE_IDS, SOURCE_NAMES, SourceId } from '../model';
import { hostCovers, hostPatternsFor, sourceScope } from '../permissions/patterns';
import { ReportSettings, TEAM_OUTCOME_SOURCES } from '../report/load';
import { defaultSettings, SECRET_PATHS, Settings } from '../settings/schema';
import { SOURCE_LABELS } from '../sidebar/labels';
import { CONNECTORS } from '.';
import { PLATFORM_LIMITS } from './limiter';
import { PLATFORM_IDS, PLATFORMS, REMOTE_PLATFORM_IDS } from './registry';
import { settingsKit } from './settings-kit';

const ROOT = join(__dirname, '..', '..');
const CONNECTORS_DIR = join(ROOT, 'lib', 'connectors');
const sorted = (values: Iterable<string>) => [...values].sort();
const ids = sorted(PLATFORM_IDS);

describe('the platform registry', () => {
  it('registers every platform folder, and each folder has a definition of that id', async () => {
    const folders = readdirSync(CONNECTORS_DIR).filter((name) =>
      statSync(join(CONNECTORS_DIR, name)).isDirectory(),
    );
    expect(sorted(folders)).toEqual(ids);
    for (const folder of folders) {
      const module = (await import(`./${folder}/definition.ts`)) as Record<string, { id?: string }>;
      expect(module[folder]?.id, `${folder}/definition.ts exports ${folder}`).toBe(folder);
    }
  });

  it('lists each platform once, in one priority order that puts the local workspace last', () => {
    expect(new Set(PLATFORM_IDS).size).toBe(PLATFORM_IDS.length);
    expect(sorted(SOURCE_PRIORITY)).toEqual(ids);
    expect(SOURCE_PRIORITY.at(-1)).toBe('local');
    expect(WRITE_BACK_ORDER).toEqual(SOURCE_PRIORITY.filter((id) => id !== 'local'));
  });

  it('gives the model its source ids and names', () => {
    expect(SOURCE_IDS).toEqual(PLATFORM_IDS);
    expect(sorted(SourceId.options)).toEqual(ids);
    expect(sorted(Object.keys(SOURCE_NAMES))).toEqual(ids);
    expect(sorted(Object.keys(SOURCE_LABELS))).toEqual(ids);
  });

  it('gives the settings one part per platform, with every secret in it', () => {
    expect(sorted(Object.keys(Settings.shape.sources.unwrap().shape))).toEqual(ids);
    expect(sorted(Object.keys(defaultSettings().sources))).toEqual(ids);
    const secretPaths = PLATFORMS.flatMap((p) => p.secrets.map((s) => `sources.${p.id}.${s.field}`));
    expect(sorted(SECRET_PATHS.map((path) => path.join('.')))).toEqual(sorted(secretPaths));
    for (const p of PLATFORMS) {
      const fields = Object.keys(p.settings(settingsKit).shape);
      expect(fields, p.id).toEqual(expect.arrayContaining(['enabled', 'ttlMinutes']));
      for (const secret of p.secrets) expect(fields, `${p.id} secret`).toContain(secret.field);
      for (const field of p.fields) expect(fields, `${p.id} form field`).toContain(field.field);
    }
  });

  it('puts every secret in a password box on the Options form, and nothing else there', () => {
    for (const p of PLATFORMS) {
      const boxes = p.fields.filter((field) => field.kind === 'secret').map((field) => field.field);
      expect(sorted(boxes), p.id).toEqual(sorted(p.secrets.map((secret) => secret.field)));
    }
  });

  it('asks the manifest for exactly the platforms’ API hosts, and covers what each platform asks for', () => {
    const { optional_host_permissions: optional } = buildManifest({ browser: 'chrome' });
    expect(optional).toEqual([...PLATFORMS.flatMap((p) => p.hosts), 'https://*/*']);
    const settings = defaultSettings();
    settings.sources.marketo.baseUrl = 'https://123-abc-456.mktorest.com';
    settings.sources.mailchimp.apiKey = '0123456789abcdef-us21';
    settings.sources.rest.baseUrl = 'https://leads.example.com';
    for (const id of PLATFORM_IDS) {
      const patterns = hostPatternsFor(id, settings);
      expect(patterns.ok, id).toBe(true);
      for (const pattern of patterns.ok ? patterns.value : []) {
        expect(
          optional.some((granted) => hostCovers(granted, pattern)),
          `${id}: ${pattern}`,
        ).toBe(true);
      }
      expect(sourceScope(id, settings)).toEqual(
        expect.arrayContaining([...PLATFORMS.find((p) => p.id === id)!.hosts]),
      );
    }
  });

  it('attaches a connector and limits to every platform that makes requests', () => {
    expect(sorted(Object.keys(CONNECTORS))).toEqual(ids);
    expect(sorted(Object.keys(PLATFORM_LIMITS))).toEqual(sorted(REMOTE_PLATFORM_IDS));
  });

  it('gives the report one source switch per platform', () => {
    expect(sorted(Object.keys(ReportSettings.shape.sources.shape))).toEqual(ids);
    expect(TEAM_OUTCOME_SOURCES).toEqual(['rest']);
  });
});

/** Files that may name platforms side by side: definitions, connectors, tests and fixtures. */
function productSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ['node_modules', '__fixtures__'].includes(name) ? [] : productSources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$|test-|fixtures/.test(name) ? [path] : [];
  });
}

describe('no hand-kept list of platforms', () => {
  it('names three or more platform ids together only in the registry and connectors', () => {
    const remote = REMOTE_PLATFORM_IDS.map((id) => `['"]${id}['"]|\\b${id}:`);
    const mention = new RegExp(remote.join('|'), 'g');
    const offenders: string[] = [];
    for (const file of [...productSources(join(ROOT, 'lib')), ...productSources(join(ROOT, 'components'))]) {
      const where = relative(ROOT, file);
      if (where === 'lib/connectors/index.ts') continue; // CONNECTORS, checked by `satisfies`
      const text = readFileSync(file, 'utf8');
      // Any 300 characters that name three different platforms make a list.
      for (let at = 0; at < text.length; at += 100) {
        const found = new Set(
          [...text.slice(at, at + 300).matchAll(mention)].map((m) => m[0].replace(/['":]/g, '')),
        );
        if (found.size >= 3) {
          offenders.push(`${where}: ${[...found].join(', ')}`);
          break;
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
