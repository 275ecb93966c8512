import { GMAIL_MATCHES } from '@/lib/manifest';

export default defineContentScript({
  matches: GMAIL_MATCHES,
  cssInjectionMode: 'ui',
  main() {},
});
