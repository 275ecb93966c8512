/** Finding Firefox and the profile the Firefox suite and demo start it with. */
import { describe, expect, it } from 'vitest';
import { FIREFOX_INSTALL_HINT, FirefoxNotFoundError, findFirefox, firefoxPrefs } from '../support/firefox';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('findFirefox', () => {
  it('FIREFOX_PATH first, then Debian’s firefox-esr, then firefox', () => {
    expect(
      findFirefox({ FIREFOX_PATH: '/opt/ff/firefox' }, only('/opt/ff/firefox', '/usr/bin/firefox-esr')),
    ).toBe('/opt/ff/firefox');
    expect(findFirefox({}, only('/usr/bin/firefox-esr', '/usr/bin/firefox'))).toBe('/usr/bin/firefox-esr');
    expect(findFirefox({}, only('/usr/bin/firefox'))).toBe('/usr/bin/firefox');
  });

  it('says how to install it when there is none, or FIREFOX_PATH points nowhere', () => {
    expect(() => findFirefox({}, only())).toThrow(FirefoxNotFoundError);
    expect(() => findFirefox({}, only())).toThrow(FIREFOX_INSTALL_HINT);
    expect(() => findFirefox({ FIREFOX_PATH: '/nope' }, only('/usr/bin/firefox-esr'))).toThrow(
      /FIREFOX_PATH is set to \/nope/,
    );
  });
});

describe('firefoxPrefs', () => {
  it('keeps Firefox off the network and pins the extension’s address', () => {
    const prefs = firefoxPrefs();
    expect(prefs).toMatchObject({
      'app.update.enabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'extensions.update.enabled': false,
    });
    expect(JSON.parse(prefs['extensions.webextensions.uuids'] as string)).toHaveProperty([
      'loopline@loopline.app',
    ]);
    // Vendor hosts never reach a real vendor.
    expect(prefs['network.dns.localDomains']).toContain('api.hubapi.com');
    expect(prefs).not.toHaveProperty('network.socket.forcePort');
  });

  it('sends HTTPS to the fake platform’s port only when a test has one', () => {
    expect(firefoxPrefs({ platformPort: 40123, backgroundIdleSeconds: 1 })).toMatchObject({
      'network.socket.forcePort': '443=40123',
      'extensions.background.idle.timeout': 1000,
    });
  });
});
