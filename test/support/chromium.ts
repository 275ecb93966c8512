/**
 * Finding a Chromium that accepts --load-extension: the CHROMIUM_PATH environment variable,
 * then the system's Chromium, then one installed by Playwright. Shared by the e2e suite, the
 * demo and the benchmarks.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const INSTALL_HINT = [
  "No Chromium found for Loopline's browser tests and demo.",
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
  '  Fedora:         sudo dnf install chromium',
  '  macOS:          brew install --cask chromium',
  '  or point CHROMIUM_PATH at any Chromium binary: CHROMIUM_PATH=/path/to/chromium npm test',
  'Branded Google Chrome no longer accepts --load-extension, so it cannot run these.',
].join('\n');

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

export class ChromiumNotFoundError extends Error {}

export async function findChromium(env = process.env): Promise<string> {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ChromiumNotFoundError(
      `CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.\n\n${INSTALL_HINT}`,
    );
  }
  for (const candidate of SYSTEM_CANDIDATES) if (existsSync(candidate)) return candidate;
  try {
    const { chromium } = await import('@playwright/test');
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // Playwright has no browser of its own here; fall through to the hint.
  }
  const chrome = ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find((p) => existsSync(p));
  throw new ChromiumNotFoundError(
    chrome ? `Only Google Chrome was found (${chrome}).\n\n${INSTALL_HINT}` : INSTALL_HINT,
  );
}

/** Flags for this offline machine (no background networking, no first-run UI). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--no-default-browser-check',
  // A request that slips past Playwright's routing (a worker just woken by an alarm) must fail
  // here, never reach a real vendor with a test token.
  '--host-resolver-rules=MAP api.hubapi.com ~NOTFOUND, MAP api-eu1.hubapi.com ~NOTFOUND, MAP *.mktorest.com ~NOTFOUND, MAP *.api.mailchimp.com ~NOTFOUND, MAP rest.loopline.test ~NOTFOUND',
];

export function extensionArgs(extensionPath: string): string[] {
  const abs = path.resolve(extensionPath);
  return [`--disable-extensions-except=${abs}`, `--load-extension=${abs}`, ...CHROMIUM_FLAGS];
}
