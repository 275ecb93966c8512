import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsApp } from '@/components/pages/OptionsApp';
import { downloadText } from '@/components/pages/download';
import '@/components/pages/pages.css';
import { createClient } from '@/lib/messaging/client';
import { PageToBackground } from '@/lib/messaging/protocol';
import { manifestHosts } from '@/lib/permissions';
import { openLooplineDB } from '@/lib/store/db';
import { cleanUpAfterImports } from '@/lib/workspace/import';
import { createWorkspaceIO } from './workspace-io';

const root = document.getElementById('root');
if (root) {
  // An import that was cancelled by a crash or a closed tab left its staged rows: delete them.
  void openLooplineDB().then(cleanUpAfterImports);
  render(
    <OptionsApp
      deps={{
        client: createClient(PageToBackground, (message) => browser.runtime.sendMessage(message)),
        permissions: browser.permissions,
        requiredHosts: manifestHosts(),
        workspace: createWorkspaceIO(
          () => openLooplineDB(),
          () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' }),
        ),
        download: downloadText,
        timeZones: Intl.supportedValuesOf('timeZone'),
        localTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }}
    />,
    root,
  );
}
