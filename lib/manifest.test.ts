/**
 * Pins the manifest's permissions: a change here is a change to what users are asked to grant,
 * so it must be deliberate and reviewed (update this test in the same commit, and say why).
 */
import { describe, expect, it } from 'vitest';
import { buildManifest } from './manifest';
import { BUILTIN_MATCHES } from './sites/registry';

describe('manifest permissions', () => {
  const chrome = buildManifest({ browser: 'chrome' });
  const firefox = buildManifest({ browser: 'firefox' });

  it('asks for exactly these API permissions', () => {
    expect(chrome.permissions).toEqual(['storage', 'unlimitedStorage', 'alarms', 'scripting']);
  });

  it('requires only the mail hosts and the built-in CRM hosts', () => {
    expect(chrome.host_permissions).toEqual([
      'https://mail.google.com/*',
      'https://outlook.office.com/*',
      'https://outlook.office365.com/*',
      'https://outlook.cloud.microsoft/*',
      'https://outlook.live.com/*',
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
    expect(chrome.host_permissions).toEqual([...BUILTIN_MATCHES]);
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

  it('names no host of the test suites: they grant what they need as a user would', () => {
    // The fake platform's and the custom-site test's hosts (test/fake-platform, detection.e2e.ts).
    // The e2e suite runs this same build; a test host here would hide a missing permission request.
    const testHosts = /\.test\b|\.example\b|loopline\.test|localhost|127\.0\.0\.1/;
    for (const manifest of [chrome, firefox]) {
      const named = [
        ...manifest.host_permissions,
        ...manifest.optional_host_permissions,
        ...manifest.web_accessible_resources.flatMap((entry) => entry.matches),
      ];
      expect(named.filter((host) => testHosts.test(host))).toEqual([]);
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
