import { defineContentScript } from 'wxt/utils/define-content-script';
import { bootContentScript } from '@/lib/content/boot';
import { BUILTIN_MATCHES } from '@/lib/sites/registry';

// Every built-in site (lib/sites/registry.ts). Also registered at run time, as
// content-scripts/sites.js, for the sites the user adds (lib/sites/registration.ts).
export default defineContentScript({
  matches: [...BUILTIN_MATCHES],
  runAt: 'document_idle',
  main: (ctx) => bootContentScript(ctx),
});
