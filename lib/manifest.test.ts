/**
 * Pins the manifest's permissions: a change here is a change to what users are asked to grant,
 * so it must be deliberate and reviewed (update this test in the same commit, and say why).
 */
import { describe, expect, it } from 'vitest';
import { buildManifest, CRM_MATCHES, E2E_HOSTS, GMAIL_MATCHES } from './manifest';

describe('manifest permissions', () => {
  const chrome = buildManifest({ browser: 'chrome', e2e: false });
  const firefox = buildManifest({ browser: 'firefox', e2e: false });

  it('asks for exactly these API permissions', () => {
    expect(chrome.permissions).toEqual(['storage', 'unlimitedStorage', 'alarms', 'scripting']);
  });

  it('requires only Gmail and the built-in CRM hosts', () => {
    expect(chrome.host_permissions).toEqual([
      'https://mail.google.com/*',
      'https://*.lightning.force.com/*',
      'https://app.hubspot.com/*',
      'https://app-eu1.hubspot.com/*',
      'https://app-na2.hubspot.com/*',
      'https://*.pipedrive.com/*',
      'https://crm.zoho.com/*',
      'https://crm.zoho.eu/*',
      'https://crm.zoho.in/*',
      'https://crm.zoho.com.au/*',
      'https://crm.zoho.jp/*',
      'https://crm.zoho.ca/*',
      'https://crm.zohocloud.ca/*',
      'https://crm.zoho.sa/*',
      'https://*.dynamics.com/*',
    ]);
    expect(chrome.host_permissions).toEqual([...GMAIL_MATCHES, ...CRM_MATCHES]);
  });

  it('keeps platform APIs and user-added sites optional', () => {
    expect(chrome.optional_host_permissions).toEqual([
      'https://api.hubapi.com/*',
      'https://api-eu1.hubapi.com/*',
      'https://*.mktorest.com/*',
      'https://*.api.mailchimp.com/*',
      'https://*/*',
    ]);
  });

  it('never asks for all sites up front, and never over http', () => {
    for (const manifest of [chrome, firefox]) {
      for (const host of manifest.host_permissions) {
        expect(host).toMatch(
          /^https:\/\/[^*/]*[a-z0-9-]+\.[a-z.]+\/\*$|^https:\/\/\*\.[a-z0-9-]+\.[a-z.]+\/\*$/,
        );
      }
      expect(manifest.host_permissions).not.toContain('<all_urls>');
    }
  });

  it('makes only the sidebar page web-accessible, on https pages, at a per-session address on Chrome', () => {
    expect(chrome.web_accessible_resources).toEqual([
      { resources: ['sidebar.html'], matches: ['https://*/*'], use_dynamic_url: true },
    ]);
    expect(firefox.web_accessible_resources).toEqual([
      { resources: ['sidebar.html'], matches: ['https://*/*'] },
    ]);
  });

  it('grants the fake platform hosts only in the e2e build', () => {
    const e2e = buildManifest({ browser: 'chrome', e2e: true });
    for (const host of E2E_HOSTS) {
      expect(e2e.host_permissions).toContain(host);
      expect(chrome.host_permissions).not.toContain(host);
    }
  });

  it('gives Firefox an add-on id and declares no data collection', () => {
    expect(firefox).toMatchObject({
      browser_specific_settings: {
        gecko: { id: 'loopline@loopline.app', data_collection_permissions: { required: ['none'] } },
      },
    });
  });
});
