/**
 * Loopline's layers, checked on every import by ESLint (`loopline/layers`, eslint.config.js).
 * ARCHITECTURE.md says why each boundary exists; this file is where they are enforced.
 *
 * A rule names the files it governs (paths from the project root, `*` within one path segment)
 * and what they must not import: project paths (a folder ending in `/`, or a file without its
 * extension) and packages. Imports are resolved first (`./x`, `../x`, `@/x`, `~/x`), so a rule
 * cannot be dodged by spelling a path differently. Type-only imports cost nothing at run time and
 * are allowed unless a rule says `types: true`.
 */
import path from 'node:path';

/** @typedef {{ name: string, files: string[], except?: string[], forbid: string[], allow?: string[], types?: boolean, why: string }} Layer */

/** @type {Layer[]} */
export const LAYERS = [
  {
    name: 'lib is below the UI',
    files: ['lib/'],
    // The one place lib hands data to components: the sidebar frame's mount point.
    except: ['lib/sidebar/mount.tsx'],
    forbid: ['components/', 'entrypoints/'],
    why: 'lib/ holds the logic; components/ render it and entrypoints/ wire it up, never the reverse.',
  },
  {
    name: 'page side',
    files: ['lib/content/', 'lib/detect/', 'lib/sites/', 'entrypoints/*.content/'],
    // Registers user-added sites' content scripts: runs in the background, not in the page.
    except: ['lib/sites/registration.ts'],
    forbid: [
      'zod',
      'zod/mini',
      'preact',
      '@preact/signals',
      'idb',
      'papaparse',
      'lib/background/',
      'lib/connectors/',
      'lib/leads/',
      'lib/outbox/',
      'lib/store/',
      'lib/workspace/',
      'lib/report/',
      'lib/settings/',
      'lib/permissions/',
      'lib/messaging/protocol',
      'lib/messaging/router',
      'components/',
    ],
    why: 'the content script runs in every Gmail and CRM tab, reports who is on the page and nothing more (DESIGN.md, security rules), and stays under 25 KiB gzip.',
  },
  {
    name: 'pure core',
    files: ['lib/model/', 'lib/insights/', 'lib/export/', 'lib/sample/', 'lib/report/compute'],
    forbid: [
      'wxt',
      'webextension-polyfill',
      'idb',
      'preact',
      '@preact/signals',
      'lib/background/',
      'lib/connectors/',
      'lib/content/',
      'lib/leads/',
      'lib/messaging/',
      'lib/outbox/',
      'lib/sidebar/',
      'lib/store/',
    ],
    // The platform registry is data (ids, names, settings shapes): the model's source ids come
    // from it. Its definitions are held to the connectors' rule.
    allow: ['lib/connectors/registry'],
    why: 'the model, the insights and the report are pure functions over data, tested without a browser.',
  },
  {
    name: 'connectors know one platform',
    files: ['lib/connectors/'],
    forbid: [
      'lib/background/',
      'lib/leads/',
      'lib/outbox/',
      'lib/content/',
      'lib/sidebar/',
      'lib/report/',
      'lib/workspace/',
      'preact',
      '@preact/signals',
    ],
    why: 'a connector talks to one platform and knows nothing of who calls it.',
  },
  {
    name: 'the background owns the platforms',
    files: ['lib/', 'components/', 'entrypoints/'],
    except: ['lib/background/', 'lib/connectors/', 'lib/leads/', 'lib/outbox/', 'entrypoints/background.ts'],
    forbid: ['lib/background/', 'lib/connectors/', 'lib/outbox/', 'lib/leads/service'],
    // What a platform is (its definition, listed in the registry) and what it calls things
    // (shared with the CSV presets): data, not calls.
    allow: [
      'lib/connectors/registry',
      'lib/connectors/definition',
      'lib/connectors/settings-kit',
      'lib/connectors/*/definition',
      'lib/connectors/vocabulary',
      'lib/connectors/*/vocabulary',
    ],
    why: 'platform calls, secrets and write-back live in the background; pages and frames ask it through lib/messaging.',
  },
  {
    name: 'UI through the background',
    files: ['components/', 'lib/sidebar/'],
    forbid: ['lib/store/', 'idb'],
    why: 'the sidebar and the pages read and write through the background (lib/messaging), never the database.',
  },
  {
    name: 'IndexedDB behind the store',
    files: ['lib/', 'components/', 'entrypoints/'],
    except: ['lib/store/'],
    forbid: ['idb'],
    types: true,
    why: 'every IndexedDB call goes through the repositories in lib/store.',
  },
];

/** Where an import points: a project path without extension (`lib/store/db`), or a package name. */
export function resolveImport(specifier, fromFile, root) {
  if (specifier.startsWith('@/') || specifier.startsWith('~/')) return stripExtension(specifier.slice(2));
  if (specifier.startsWith('.')) {
    const absolute = path.resolve(path.dirname(fromFile), specifier);
    return stripExtension(path.relative(root, absolute).split(path.sep).join('/'));
  }
  // A package: its name (`@scope/name` or `name`), plus any subpath it was imported with.
  return specifier;
}

function stripExtension(file) {
  return file.replace(/\.(tsx?|jsx?|mjs)$/, '').replace(/\/index$/, '');
}

/** Whether a project path or package matches a rule's entry (folder prefix, file, or package). */
export function matchesEntry(target, entry) {
  // `*` stands for one path segment (`lib/connectors/*/vocabulary`).
  if (entry.includes('*')) return new RegExp(`^${globSource(entry)}$`).test(target);
  if (entry.endsWith('/')) return target.startsWith(entry) || `${target}/` === entry;
  if (target === entry) return true;
  // A package entry covers its subpaths (`wxt` covers `wxt/browser`).
  if (!entry.startsWith('lib/') && !entry.includes('/')) return target.startsWith(`${entry}/`);
  // A file entry covers the file (`lib/report/compute` covers compute.ts and compute-funnel.ts).
  return target.startsWith(entry) && !target.slice(entry.length).includes('/');
}

function globSource(pattern) {
  return pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
}

function fileMatches(file, pattern) {
  return new RegExp(`^${globSource(pattern)}`).test(file);
}

/** The rules that govern a file (a path from the project root). */
export function layersFor(file) {
  return LAYERS.filter(
    (layer) =>
      layer.files.some((pattern) => fileMatches(file, pattern)) &&
      !(layer.except ?? []).some((pattern) => fileMatches(file, pattern)),
  );
}

/** The broken rule for one import, or null. */
export function violation(file, target, typeOnly) {
  for (const layer of layersFor(file)) {
    if (typeOnly && !layer.types) continue;
    if (layer.allow?.some((entry) => matchesEntry(target, entry))) continue;
    const entry = layer.forbid.find((forbidden) => matchesEntry(target, forbidden));
    if (entry) return { layer, entry };
  }
  return null;
}

const isTypeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.type === 'ImportDeclaration' &&
    node.specifiers.length > 0 &&
    node.specifiers.every((specifier) => specifier.importKind === 'type'));

/** The ESLint rule. */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: "Keeps each of Loopline's layers to what it may import (test/lint/layers.js)." },
    schema: [],
    messages: {
      layer: '{{file}} must not import {{target}} ({{name}}): {{why}}',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    if (file.startsWith('..') || /\.test\.tsx?$/.test(file) || file.startsWith('test/')) return {};
    if (layersFor(file).length === 0) return {};
    const check = (node) => {
      if (!node.source || typeof node.source.value !== 'string') return;
      const target = resolveImport(node.source.value, context.filename, root);
      const broken = violation(file, target, isTypeOnly(node));
      if (broken) {
        context.report({
          node: node.source,
          messageId: 'layer',
          data: { file, target, name: broken.layer.name, why: broken.layer.why },
        });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression(node) {
        if (node.source.type === 'Literal') check({ source: node.source, importKind: 'value' });
      },
    };
  },
};

export default { rules: { layers: layersRule } };
