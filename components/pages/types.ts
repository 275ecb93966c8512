/**
 * What the extension pages (options, popup, welcome) are given: a typed client to the
 * background, the permission and workspace seams, and a few browser helpers. Entry points build
 * the real ones; tests hand in fakes. Components never call `browser.*` themselves.
 */
import type { Client } from '../../lib/messaging/client';
import type { PageToBackground } from '../../lib/messaging/protocol';
import type { Outcome } from '../../lib/model';
import type { PermissionsApi } from '../../lib/permissions';

export type PageSpec = typeof PageToBackground;
export type PageClient = Client<PageSpec>;

/** One import preset (HubSpot contacts export, Marketo activity log, …). */
export interface ImportPresetOption {
  id: string;
  label: string;
}

/** The first rows of a file, as read for the mapping preview. */
export interface ImportPreviewView {
  /** Column names as in the file. */
  columns: string[];
  /** The first few data rows, cells as text. */
  rows: string[][];
  /** Preset recognised from the columns, if any. */
  detectedPreset?: string;
  /** Column → the field it feeds, for the preset in use (absent: no mapping known). */
  mapping?: Record<string, string>;
  /** About how many rows the file holds. */
  rowCountEstimate?: number;
  /** Why the file cannot be imported as it stands, when its start already shows it. */
  problem?: string;
}

export interface ImportProgressView {
  /** Share done, 0–1. */
  fraction: number;
  /** Rows read so far. */
  rows: number;
}

export interface ImportResultView {
  ok: boolean;
  leads: number;
  touchpoints: number;
  campaigns: number;
  rows: number;
  /** The first problems, in file order (the list may be capped). */
  errors: { line: number; reason: string }[];
  /** All problems, including those past the list's cap. */
  errorCount?: number;
  /** Rows recognised and deliberately left out. */
  skipped?: number;
}

export type ImportMode = 'replace' | 'merge';

export interface ImportRequest {
  preset: string;
  mode: ImportMode;
  allowPartial: boolean;
  signal: AbortSignal;
  onProgress(progress: ImportProgressView): void;
  /** The import is committing: it can no longer be cancelled. */
  onCommit?(): void;
}

/**
 * The options page's own data work (imports and exports run in the page, against the shared
 * IndexedDB): a narrow seam over lib/workspace so that the Data section is testable with a fake.
 */
export interface WorkspaceIO {
  presets: readonly ImportPresetOption[];
  preview(file: File, preset?: string): Promise<ImportPreviewView>;
  import(file: File, request: ImportRequest): Promise<ImportResultView>;
  /** The whole local workspace as JSON text. */
  exportWorkspaceJson(): Promise<string>;
  outcomesToCsv(outcomes: Outcome[]): string;
}

/** Saves a file to the user's downloads. */
export type Download = (fileName: string, mimeType: string, contents: string) => void;

export interface OptionsDeps {
  client: PageClient;
  permissions: PermissionsApi;
  /** Hosts the manifest grants for good; never given back. */
  requiredHosts: readonly string[];
  workspace?: WorkspaceIO;
  download: Download;
  /** IANA zones for the SLA's time-zone select. */
  timeZones?: readonly string[];
  /** The browser's own zone, shown as the default choice. */
  localTimeZone?: string;
  now?: () => number;
}

export interface PopupDeps {
  client: PageClient;
  now?: () => number;
  locale?: string;
  timeZone?: string;
}

export interface WelcomeDeps {
  client: PageClient;
  /** Addresses of sample leads worth trying (SAMPLE_LEADS). */
  sampleLeads: readonly { email: string; note: string }[];
}
