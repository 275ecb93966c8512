import { defineContentScript } from 'wxt/utils/define-content-script';
import { bootContentScript } from '@/lib/content/boot';
import { CRM_MATCHES } from '@/lib/manifest';

// Also registered at run time for CRM sites the user adds (lib/sites/registration.ts).
export default defineContentScript({
  matches: CRM_MATCHES,
  runAt: 'document_idle',
  main: (ctx) => bootContentScript(ctx),
});
