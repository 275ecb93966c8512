/**
 * The options page's WorkspaceIO over lib/workspace: previews and exports run here in the page,
 * imports in a worker when the page can start one (lib/workspace/import-worker.ts), all against
 * the extension's IndexedDB (shared with the background).
 */
import type { ImportPreviewView, ImportResultView, WorkspaceIO } from '@/components/pages/types';
import type { DB } from '@/lib/store/db';
import { exportWorkspaceJson, outcomesToCsv } from '@/lib/workspace/export';
import {
  importWorkspace,
  previewImport,
  type ImportOptions,
  type ImportResult,
} from '@/lib/workspace/import';
import { runImportInWorker } from '@/lib/workspace/import-worker';
import { PresetId, PRESETS, resolveColumns } from '@/lib/workspace/presets';

/** Column header → preset field, for a CSV preset; undefined when there is nothing to map. */
function mappingFor(
  presetId: PresetId | null,
  headers: readonly string[],
): Record<string, string> | undefined {
  if (!presetId) return undefined;
  const preset = PRESETS[presetId];
  if (preset.format !== 'csv') return undefined;
  const mapping: Record<string, string> = {};
  for (const [field, index] of resolveColumns(preset, headers).index) {
    const header = headers[index];
    if (header !== undefined) mapping[header] = field;
  }
  return mapping;
}

/**
 * `startWorker` starts an import worker (entrypoints/options/import.worker.ts); without it, imports
 * run in the page (tests).
 */
export function createWorkspaceIO(db: () => Promise<DB>, startWorker?: () => Worker): WorkspaceIO {
  return {
    presets: Object.values(PRESETS).map((preset) => ({ id: preset.id, label: preset.label })),

    async preview(file, presetChoice): Promise<ImportPreviewView> {
      const preview = await previewImport(file);
      const chosen = PresetId.safeParse(presetChoice);
      const preset = chosen.success ? chosen.data : preview.preset;
      return {
        columns: preview.headers,
        rows: preview.sampleRows.map((row) => preview.headers.map((header) => row[header] ?? '')),
        detectedPreset: preview.preset ?? undefined,
        mapping: mappingFor(preset, preview.headers),
        rowCountEstimate: preview.rowCountEstimate,
        problem: preview.problem,
      };
    },

    async import(file, request): Promise<ImportResultView> {
      const preset = PresetId.safeParse(request.preset);
      if (!preset.success) throw new Error(`unknown format "${request.preset}"`);
      const options: Pick<ImportOptions, 'signal' | 'onProgress' | 'onCommit'> = {
        signal: request.signal,
        onProgress: (fraction, rows) => request.onProgress({ fraction, rows }),
        onCommit: () => request.onCommit?.(),
      };
      const start = { preset: preset.data, mode: request.mode, allowPartial: request.allowPartial };
      const result: ImportResult = startWorker
        ? await runImportInWorker(startWorker(), { file, ...start }, options)
        : await importWorkspace(await db(), file, { ...start, ...options });
      return {
        ok: result.ok,
        leads: result.leads,
        touchpoints: result.touchpoints,
        campaigns: result.campaigns,
        rows: result.rows,
        errors: result.errors,
        errorCount: result.errorCount,
        skipped: result.skipped,
      };
    },

    async exportWorkspaceJson() {
      return exportWorkspaceJson(await db());
    },

    outcomesToCsv: (outcomes) => outcomesToCsv(outcomes),
  };
}
