import { defineContentScript } from 'wxt/utils/define-content-script';
import { bootContentScript } from '@/lib/content/boot';
import { GMAIL_MATCHES } from '@/lib/manifest';

export default defineContentScript({
  matches: GMAIL_MATCHES,
  runAt: 'document_idle',
  main: (ctx) => bootContentScript(ctx),
});
