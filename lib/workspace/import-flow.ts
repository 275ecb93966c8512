/**
 * The options page's import, as state: the chosen file and its preview, the format and mode, the
 * running import's progress and whether it can still be cancelled, and what it ended with. The
 * Data section only renders this and calls its actions; each page (and test) creates its own.
 */
import { computed, signal } from '@preact/signals';

export type ImportMode = 'replace' | 'merge';

/** A status line's content (the page shows it next to the Import button). */
export type ImportLine = { kind: 'ok' | 'error' | 'info'; text: string } | null;

export interface ImportFlowProgress {
  /** Share done, 0–1. */
  fraction: number;
  /** Rows read so far. */
  rows: number;
}

/** What an import ended with, as the page's import reports it. */
export interface ImportOutcome {
  ok: boolean;
  leads: number;
  touchpoints: number;
  campaigns: number;
  rows: number;
  errors: readonly { line: number; reason: string }[];
  errorCount?: number;
}

/** The page's side of importing (entrypoints/options/workspace-io.ts runs it in a worker). */
export interface ImportFlowIO<P extends { detectedPreset?: string }, R extends ImportOutcome> {
  preview(file: File, preset?: string): Promise<P>;
  import(
    file: File,
    request: {
      preset: string;
      mode: ImportMode;
      allowPartial: boolean;
      signal: AbortSignal;
      onProgress(progress: ImportFlowProgress): void;
      onCommit?(): void;
    },
  ): Promise<R>;
}

export interface ImportFlowDeps<P extends { detectedPreset?: string }, R extends ImportOutcome> {
  io: ImportFlowIO<P, R>;
  /** Tells the background the workspace changed (it drops what it derived), with its reply. */
  announceChange(): Promise<{ ok: true } | { ok: false; error: { message: string } }>;
  /** After a successful import (the page recounts the workspace). */
  onImported?(): Promise<void> | void;
}

const CANCELLED = 'Import cancelled; nothing was changed.';

/** Bad rows reported, or the list's cap passed: the larger of the two. */
export const problemCount = (result: ImportOutcome) => Math.max(result.errorCount ?? 0, result.errors.length);

function describeProblems(count: number): string {
  if (count === 0) return 'the file holds nothing to import';
  return count === 1 ? 'one row has a problem' : `${count.toLocaleString()} rows have problems`;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createImportFlow<P extends { detectedPreset?: string }, R extends ImportOutcome>(
  deps: ImportFlowDeps<P, R>,
) {
  const file = signal<File | null>(null);
  const preview = signal<P | null>(null);
  const preset = signal('');
  const mode = signal<ImportMode>('replace');
  const allowPartial = signal(false);
  /** Problems with the chosen file itself (none chosen, unreadable). */
  const fileErrors = signal<string[]>([]);
  /** Null when no import is running. */
  const progress = signal<ImportFlowProgress | null>(null);
  /** The import is committing: past the point where it can be cancelled. */
  const committing = signal(false);
  const result = signal<R | null>(null);
  const line = signal<ImportLine>(null);
  const running = computed(() => progress.value !== null);
  let controller: AbortController | null = null;

  /** A file (or none) chosen, previewed with `chosenPreset` or the one its columns suggest. */
  async function choose(chosen: File | null, chosenPreset?: string): Promise<void> {
    file.value = chosen;
    preview.value = null;
    result.value = null;
    line.value = null;
    fileErrors.value = [];
    if (!chosen) return;
    try {
      const next = await deps.io.preview(chosen, chosenPreset);
      preview.value = next;
      if (!chosenPreset) preset.value = next.detectedPreset ?? '';
    } catch (error) {
      fileErrors.value = [`This file cannot be read: ${messageOf(error)}`];
    }
  }

  /** Another format chosen: the preview shows that format's mapping. */
  function choosePreset(value: string): void {
    preset.value = value;
    if (file.value && value) void choose(file.value, value);
  }

  async function start(): Promise<void> {
    const chosen = file.value;
    if (!chosen) {
      fileErrors.value = ['Choose a file first.'];
      return;
    }
    if (!preset.value) {
      line.value = { kind: 'error', text: 'Choose the format of the file.' };
      return;
    }
    const current = new AbortController();
    controller = current;
    result.value = null;
    line.value = null;
    progress.value = { fraction: 0, rows: 0 };
    try {
      const outcome = await deps.io.import(chosen, {
        preset: preset.value,
        mode: mode.value,
        allowPartial: allowPartial.value,
        signal: current.signal,
        onProgress: (next) => {
          progress.value = { fraction: Math.max(0, Math.min(1, next.fraction)), rows: next.rows };
        },
        onCommit: () => {
          committing.value = true;
        },
      });
      result.value = outcome;
      if (outcome.ok) {
        const changed = await deps.announceChange();
        const problems = problemCount(outcome);
        line.value = {
          kind: 'ok',
          text:
            `Imported ${outcome.leads.toLocaleString()} leads, ${outcome.touchpoints.toLocaleString()} activities and ` +
            `${outcome.campaigns.toLocaleString()} campaigns from ${outcome.rows.toLocaleString()} rows` +
            (problems ? `; ${problems.toLocaleString()} rows with problems were left out.` : '.') +
            (changed.ok ? '' : ` Loopline may show older data until it restarts: ${changed.error.message}`),
        };
        await deps.onImported?.();
      } else {
        line.value = {
          kind: 'error',
          text: current.signal.aborted
            ? CANCELLED
            : `Nothing was imported: ${describeProblems(problemCount(outcome))}. Fix them, or choose to import the good rows only.`,
        };
      }
    } catch (error) {
      line.value = {
        kind: 'error',
        text: current.signal.aborted ? CANCELLED : `The import failed: ${messageOf(error)}`,
      };
    } finally {
      controller = null;
      progress.value = null;
      committing.value = false;
    }
  }

  /** Stops the running import, unless it is committing already (the worker then ignores it). */
  function cancel(): void {
    controller?.abort();
  }

  return {
    file,
    preview,
    preset,
    mode,
    allowPartial,
    fileErrors,
    progress,
    committing,
    result,
    line,
    running,
    choose,
    choosePreset,
    start,
    cancel,
  };
}

export type ImportFlow<
  P extends { detectedPreset?: string } = { detectedPreset?: string },
  R extends ImportOutcome = ImportOutcome,
> = ReturnType<typeof createImportFlow<P, R>>;
