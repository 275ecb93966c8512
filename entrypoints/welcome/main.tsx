import { render } from 'preact';
import { browser } from 'wxt/browser';
import { WelcomeApp } from '@/components/pages/WelcomeApp';
import '@/components/pages/pages.css';
import { createClient } from '@/lib/messaging/client';
import { PageToBackground } from '@/lib/messaging/protocol';
import { missingSiteAccess, requestSiteAccess } from '@/lib/permissions';
import { SAMPLE_LEADS } from '@/lib/sample/generate';

const root = document.getElementById('root');
if (root) {
  render(
    <WelcomeApp
      deps={{
        client: createClient(PageToBackground, (message) => browser.runtime.sendMessage(message)),
        sampleLeads: [
          {
            email: SAMPLE_LEADS.hot,
            note: 'visited the pricing page several times this week and asked for a demo',
          },
          { email: SAMPLE_LEADS.overdue, note: 'became an MQL a week ago and nobody followed up' },
          { email: SAMPLE_LEADS.quiet, note: 'has not engaged for months' },
        ],
      }}
      siteAccess={{ missing: () => missingSiteAccess(), request: (origins) => requestSiteAccess(origins) }}
    />,
    root,
  );
}
