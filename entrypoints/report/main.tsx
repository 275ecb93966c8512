import { render } from 'preact';
import { browser } from 'wxt/browser';
import { downloadText } from '@/components/pages/download';
import '@/components/pages/pages.css';
import { ReportApp } from '@/components/report/ReportApp';
import '@/components/report/report.css';
import { createClient, type Send } from '@/lib/messaging/client';
import { PageToBackground } from '@/lib/messaging/protocol';
import { loadReportData, parseReply, ReportSettings, TeamOutcomesReply } from '@/lib/report/load';
import { openLooplineDB, type DB } from '@/lib/store/db';

const send: Send = (message) => browser.runtime.sendMessage(message);
const client = createClient(PageToBackground, send);
let db: Promise<DB> | undefined;

const root = document.getElementById('root');
if (root) {
  render(
    <ReportApp
      deps={{
        settings: async () =>
          parseReply(
            ReportSettings,
            await client.call('settings.get').then((r) => (r.ok ? { ok: true, value: r.value.settings } : r)),
            'settings',
          ),
        load: async (query) => loadReportData(await (db ??= openLooplineDB()), query),
        teamOutcomes: async (source, since) =>
          parseReply(
            TeamOutcomesReply,
            await client.call('report.teamOutcomes', { source, since: since.toISOString() }),
            'team outcomes',
          ),
        download: downloadText,
        copyText: (text) => navigator.clipboard.writeText(text),
      }}
    />,
    root,
  );
}
