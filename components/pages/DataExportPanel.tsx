/** Data → Export: the outcome log as CSV, the local workspace as JSON. */
import { useState } from 'preact/hooks';
import { today, type Line } from './data-common';
import { StatusLine } from './Section';
import type { OptionsDeps } from './types';

export function ExportPanel({ deps, now }: { deps: OptionsDeps; now: () => number }) {
  const [line, setLine] = useState<Line>(null);
  const io = deps.workspace;

  async function outcomesCsv() {
    if (!io) return;
    const reply = await deps.client.call('outcomes.list', {});
    if (!reply.ok) {
      setLine({ kind: 'error', text: reply.error.message });
      return;
    }
    deps.download(`loopline-outcomes-${today(now())}.csv`, 'text/csv', io.outcomesToCsv(reply.value));
    setLine({ kind: 'ok', text: `Exported ${reply.value.length.toLocaleString()} outcomes.` });
  }

  async function workspaceJson() {
    if (!io) return;
    try {
      deps.download(
        `loopline-workspace-${today(now())}.json`,
        'application/json',
        await io.exportWorkspaceJson(),
      );
      setLine({ kind: 'ok', text: 'Exported the workspace.' });
    } catch (error) {
      setLine({
        kind: 'error',
        text: `The export failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  if (!io) return null;
  return (
    <div class="group">
      <h3>Export</h3>
      <div class="row">
        <button type="button" class="btn" onClick={() => void outcomesCsv()}>
          Export the outcome log (CSV)
        </button>
        <button type="button" class="btn" onClick={() => void workspaceJson()}>
          Export the workspace (JSON)
        </button>
      </div>
      <StatusLine status={line} />
    </div>
  );
}
