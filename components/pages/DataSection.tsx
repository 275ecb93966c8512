/**
 * Data: import leads and activity into the local workspace (preview, preset, progress, per-line
 * errors), export the outcome log, the workspace and the settings, import settings, clear the
 * cache, remove the sample, delete everything. Imports run in this page against the shared
 * IndexedDB; the background is told afterwards (workspace.changed) to drop what it derived.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../lib/settings/schema';
import type { Line } from './data-common';
import { CleanUpPanel } from './DataCleanUpPanel';
import { ExportPanel } from './DataExportPanel';
import { ImportPanel } from './DataImportPanel';
import { SettingsFilePanel } from './DataSettingsFilePanel';
import { Section, StatusLine } from './Section';
import type { SettingsForm } from './settings-form';
import type { OptionsDeps } from './types';

export interface DataSectionProps {
  form: SettingsForm;
  deps: OptionsDeps;
  /** Settings were replaced wholesale (import, delete everything): clean up permissions. */
  onSettingsReplaced?(before: Settings, after: Settings): void | Promise<unknown>;
}

export function DataSection({ form, deps, onSettingsReplaced }: DataSectionProps) {
  const now = deps.now ?? Date.now;
  const [stats, setStats] = useState<{ leads: number; touchpoints: number; sample: boolean } | null>(null);
  const [statsLine, setStatsLine] = useState<Line>(null);

  async function refreshStats() {
    const reply = await deps.client.call('workspace.stats');
    if (reply.ok) setStats(reply.value);
    else setStatsLine({ kind: 'error', text: reply.error.message });
  }
  useEffect(() => void refreshStats(), []);

  async function sample(load: boolean) {
    setStatsLine({
      kind: 'info',
      text: load ? 'Loading the sample workspace…' : 'Removing the sample workspace…',
    });
    const reply = load
      ? await deps.client.call('workspace.useSample')
      : await deps.client.call('workspace.removeSample');
    setStatsLine(
      reply.ok
        ? { kind: 'ok', text: load ? 'The sample workspace is loaded.' : 'The sample workspace was removed.' }
        : { kind: 'error', text: reply.error.message },
    );
    await refreshStats();
  }

  return (
    <Section
      id="data"
      title="Data"
      intro="Everything Loopline keeps is in this browser. Bring data in, take it out, or delete it."
    >
      <div class="group">
        <h3>Local workspace</h3>
        <p>
          {stats
            ? `${stats.leads.toLocaleString()} leads and ${stats.touchpoints.toLocaleString()} activities in the local workspace${stats.sample ? ', including the sample workspace' : ''}.`
            : 'Counting…'}
        </p>
        <div class="row">
          {stats?.sample ? (
            <button type="button" class="btn" onClick={() => void sample(false)}>
              Remove the sample workspace
            </button>
          ) : (
            <button type="button" class="btn" onClick={() => void sample(true)}>
              Load the sample workspace
            </button>
          )}
        </div>
        <StatusLine status={statsLine} />
      </div>
      {deps.workspace ? <ImportPanel io={deps.workspace} deps={deps} onImported={refreshStats} /> : null}
      <ExportPanel deps={deps} now={now} />
      <SettingsFilePanel form={form} deps={deps} now={now} onSettingsReplaced={onSettingsReplaced} />
      <CleanUpPanel
        form={form}
        deps={deps}
        onSettingsReplaced={onSettingsReplaced}
        onDeleted={refreshStats}
      />
    </Section>
  );
}
