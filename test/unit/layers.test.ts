/**
 * The layering rule, run through the project's real ESLint configuration on deliberately wrong
 * imports (and on the right ones next to them). `npm run check` runs it over the whole tree.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchesEntry, resolveImport } from '../lint/layers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The layer messages ESLint gives `code` as if it were the file at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'loopline/layers' || message.ruleId === 'no-restricted-globals')
    .map((message) => message.message);
}

describe('layers', () => {
  it('keeps the database, schemas and platform code out of the content script', async () => {
    const errors = await layerErrors(
      'lib/detect/probe.ts',
      "import { openDb } from '../store/db';\nimport { z } from 'zod';\nexport const probe = [openDb, z];\n",
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/lib\/detect\/probe\.ts must not import lib\/store\/db \(page side\)/);
    expect(errors[1]).toMatch(/must not import zod \(page side\)/);
  });

  it('resolves the path alias like a relative path, so neither spelling gets through', async () => {
    const errors = await layerErrors(
      'lib/sites/probe.ts',
      "import { connectorFor } from '@/lib/connectors';\nexport const probe = connectorFor;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/must not import lib\/connectors \(page side\)/)]);
  });

  it('lets a type cross a boundary, since it costs nothing at run time', async () => {
    const errors = await layerErrors(
      'lib/content/probe.ts',
      "import type { Settings } from '../settings/schema';\nexport type Probe = Settings;\n",
    );
    expect(errors).toEqual([]);
  });

  it('keeps the pure core free of browser APIs and messaging', async () => {
    const errors = await layerErrors(
      'lib/insights/probe.ts',
      "import { browser } from 'wxt/browser';\nimport { createClient } from '../messaging/client';\nexport const probe = [browser, createClient];\n",
    );
    expect(errors.map((error) => /must not import (\S+)/.exec(error)?.[1])).toEqual([
      'wxt/browser',
      'lib/messaging/client',
    ]);
  });

  it('sends the UI to the background for data, never to the database', async () => {
    const errors = await layerErrors(
      'components/Probe.tsx',
      "import { openDb } from '../lib/store/db';\nimport { connectorFor } from '../lib/connectors';\nexport const probe = [openDb, connectorFor];\n",
    );
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/lib\/store\/db \(UI through the background\)/);
    expect(errors.join('\n')).toMatch(/lib\/connectors \(the background owns the platforms\)/);
  });

  it('keeps IndexedDB behind the store, type imports and the global included', async () => {
    const outside = await layerErrors(
      'lib/report/probe.ts',
      "import type { IDBPDatabase } from 'idb';\nexport const probe = (db: IDBPDatabase) => [db, indexedDB];\n",
    );
    expect(outside).toHaveLength(2);
    const inside = await layerErrors(
      'lib/store/probe.ts',
      "import { openDB } from 'idb';\nexport const probe = [openDB, indexedDB];\n",
    );
    expect(inside).toEqual([]);
  });

  it("lets the pages read a platform's vocabulary, but not its calls", async () => {
    const errors = await layerErrors(
      'lib/workspace/probe.ts',
      "import { x } from '../connectors/marketo/vocabulary';\nimport { y } from '../connectors/marketo/api';\nexport const probe = [x, y];\n",
    );
    expect(errors).toEqual([expect.stringMatching(/must not import lib\/connectors\/marketo\/api/)]);
  });

  it('lets the logic stay below the components', async () => {
    const errors = await layerErrors(
      'lib/report/probe.ts',
      "import { ReportApp } from '../../components/report/ReportApp';\nexport const probe = ReportApp;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/\(lib is below the UI\)/)]);
  });
});

describe('import resolution', () => {
  it('names project files from the root without extension, and packages by their specifier', () => {
    expect(resolveImport('../store/db.ts', path.join(ROOT, 'lib/sites/x.ts'), ROOT)).toBe('lib/store/db');
    expect(resolveImport('@/lib/connectors/index', path.join(ROOT, 'lib/x.ts'), ROOT)).toBe('lib/connectors');
    expect(resolveImport('wxt/browser', path.join(ROOT, 'lib/x.ts'), ROOT)).toBe('wxt/browser');
  });

  it('matches folders, files with their siblings by prefix, and packages with their subpaths', () => {
    expect(matchesEntry('lib/store/db', 'lib/store/')).toBe(true);
    expect(matchesEntry('lib/storefront/x', 'lib/store/')).toBe(false);
    expect(matchesEntry('lib/report/compute-funnel', 'lib/report/compute')).toBe(true);
    expect(matchesEntry('lib/report/load', 'lib/report/compute')).toBe(false);
    expect(matchesEntry('wxt/browser', 'wxt')).toBe(true);
    expect(matchesEntry('wxt-extra', 'wxt')).toBe(false);
    expect(matchesEntry('@preact/signals', 'preact')).toBe(false);
    expect(matchesEntry('lib/connectors/marketo/vocabulary', 'lib/connectors/*/vocabulary')).toBe(true);
    expect(matchesEntry('lib/connectors/marketo/api', 'lib/connectors/*/vocabulary')).toBe(false);
    expect(matchesEntry('lib/connectors/a/b/vocabulary', 'lib/connectors/*/vocabulary')).toBe(false);
  });
});
