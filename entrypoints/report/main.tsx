import { render } from 'preact';
import { browser } from 'wxt/browser';
import { downloadText } from '@/components/pages/download';
import '@/components/pages/pages.css';
import { ReportApp } from '@/components/report/ReportApp';
import '@/components/report/report.css';
import { createClient, type Send } from '@/lib/messaging/client';
import { PageToBackground } from '@/lib/messaging/protocol';
import { loadReportData } from '@/lib/report/load';
import { openLooplineDB, type DB } from '@/lib/store/db';

const send: Send = (message) => browser.runtime.sendMessage(message);
const client = createClient(PageToBackground, send);
let db: Promise<DB> | undefined;

const root = document.getElementById('root');
if (root) {
  render(
    <ReportApp
      deps={{
        // The client parses each reply against the protocol (the full settings schema, which the
        // report's part of the settings is a part of): nothing to check twice here.
        settings: async () => {
          const reply = await client.call('settings.get');
          return reply.ok ? { ok: true, value: reply.value.settings } : reply;
        },
        load: async (query) => loadReportData(await (db ??= openLooplineDB()), query),
        teamOutcomes: (source, since) =>
          client.call('report.teamOutcomes', { source, since: since.toISOString() }),
        download: downloadText,
        copyText: (text) => navigator.clipboard.writeText(text),
      }}
    />,
    root,
  );
}
