/**
 * The local workspace as a connector: the built-in source, fed by the bundled sample or by
 * imported exports. Outcomes stay in the local outcome log.
 */
import type { Lead, Outcome } from '../../model';
import type { DB } from '../../store/db';
import {
  findWorkspaceLeadsByName,
  getWorkspaceLead,
  workspaceHistory,
  workspaceStats,
} from '../../store/workspace';
import { testFailed } from '../common';
import {
  MAX_NAME_MATCHES,
  type Connector,
  type HistoryOptions,
  type NameMatch,
  type TestResult,
  type WriteReceipt,
} from '../types';

export function createLocalConnector(db: DB): Connector {
  return {
    id: 'local',
    /** Leads whose name reads the same, whatever the accents, case, commas and word order. */
    async findByName(name: string, signal?: AbortSignal): Promise<NameMatch[]> {
      const found = await findWorkspaceLeadsByName(db, name, MAX_NAME_MATCHES, signal);
      return found.map(({ lead }) => ({
        email: lead.email,
        name: lead.name ?? name,
        ...(lead.company ? { company: lead.company } : {}),
        ...(lead.title ? { title: lead.title } : {}),
        source: 'local' as const,
      }));
    },
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
