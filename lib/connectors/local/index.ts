/**
 * The local workspace as a connector: the built-in source, fed by the bundled sample or by
 * imported exports. Outcomes stay in the local outcome log.
 */
import type { Lead, Outcome } from '../../model';
import type { DB } from '../../store/db';
import { getWorkspaceLead, workspaceHistory, workspaceStats } from '../../store/workspace';
import { testFailed } from '../common';
import type { Connector, HistoryOptions, TestResult, WriteReceipt } from '../types';

export function createLocalConnector(db: DB): Connector {
  return {
    id: 'local',
    async lookup(email: string): Promise<Lead | null> {
      return (await getWorkspaceLead(db, email))?.lead ?? null;
    },
    history(lead: Lead, options: HistoryOptions = {}) {
      return workspaceHistory(db, lead.email, options.since);
    },
    async writeOutcome(_lead: Lead, outcome: Outcome): Promise<WriteReceipt> {
      return { receipt: `local:${outcome.id}` };
    },
    async test(): Promise<TestResult> {
      const { leads, touchpoints } = await workspaceStats(db);
      return leads > 0
        ? { ok: true, value: { detail: `${leads} leads and ${touchpoints} touchpoints in this browser.` } }
        : testFailed('not_found', 'The local workspace is empty: import a file or load the sample.');
    },
  };
}
