/**
 * The local workspace's import and export, for the options page (Data section) and the bench.
 * Formats: LOOPLINE-CSV.md; presets for vendor exports: presets/.
 */
export { exportWorkspaceJson, neutraliseFormula, outcomesToCsv, OUTCOME_CSV_COLUMNS } from './export';
export {
  formatImportError,
  importWorkspace,
  MAX_REPORTED_ERRORS,
  previewImport,
  type ImportError,
  type ImportOptions,
  type ImportPreview,
  type ImportResult,
} from './import';
export { detectPreset, LOOPLINE_CSV_COLUMNS, PRESET_IDS, PRESETS, PresetId, type Preset } from './presets';
export { syntheticCsv } from './synthetic';
