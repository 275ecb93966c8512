/**
 * The manifest's permissions in one place, as a pure function so that a test can pin them.
 * Required hosts: the built-in sites only (lib/sites/registry.ts). Platform APIs and user-added
 * CRM sites are optional and requested when the user turns them on.
 */
import { PLATFORMS } from './connectors/registry';
import { BUILTIN_MATCHES } from './sites/registry';

export interface ManifestOptions {
  browser: string;
}

/**
 * One manifest for users and for the test suites: the e2e tests grant the optional hosts they
 * need as a user does (chrome://extensions → Site access), so they run what ships.
 */
export function buildManifest({ browser }: ManifestOptions) {
  const optional = [
    // Each platform's API hosts (lib/connectors/<platform>/definition.ts), asked for when it is switched on.
    ...PLATFORMS.flatMap((p) => p.hosts),
    // REST endpoints and user-added CRM sites can be on any https host; asked for one host at a time.
    'https://*/*',
  ];
  const hostPermissions = [...BUILTIN_MATCHES];
  return {
    name: 'Loopline',
    description:
      "Marketing's context where sales works, and sales' outcomes back to marketing: campaign touchpoints, the follow-up clock and one-click outcomes in Gmail and your CRM.",
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'scripting'],
    host_permissions: hostPermissions,
    optional_host_permissions: optional,
    // The sidebar is an extension page in a frame on the sites Loopline runs on, user-added ones
    // included (any https host). Marked use_dynamic_url for Chrome: where Chrome enforces it, only
    // the per-session address (what getURL gives) loads it, so a page cannot probe for Loopline at
    // a fixed one. Firefox's addresses are per-install already.
    web_accessible_resources: [
      {
        resources: ['sidebar.html'],
        matches: ['https://*/*'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: 'Show or hide the Loopline sidebar',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'loopline@loopline.app',
              // data_collection_permissions (Loopline collects nothing) is understood from 140 on
              // (the ESR Debian ships), and from 142 on Android.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  };
}
