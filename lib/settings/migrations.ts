/**
 * Each migration takes the stored object of one version to the next. They run in order on
 * read, so settings written by any released version load into the current schema.
 * Never edit a migration once released: add the next one.
 */
import { SETTINGS_VERSION } from './schema';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/**
 * v1 (the first preview) kept a flat object: `ownEmails`, `internalDomains`, `slaHours`,
 * `hubspotToken`, `useSample`. v2 groups by concern and supports several sources.
 */
function v1ToV2(old: Json): Json {
  return {
    version: 2,
    you: {
      name: typeof old.salespersonName === 'string' ? old.salespersonName : '',
      ownAddresses: Array.isArray(old.ownEmails) ? old.ownEmails : [],
      internalDomains: Array.isArray(old.internalDomains) ? old.internalDomains : [],
    },
    sources: {
      local: { enabled: old.useSample !== false },
      hubspot: {
        enabled: typeof old.hubspotToken === 'string' && old.hubspotToken.length > 0,
        token: typeof old.hubspotToken === 'string' ? old.hubspotToken : '',
      },
    },
    sla: { hours: typeof old.slaHours === 'number' ? old.slaHours : 24 },
    onboarded: true,
  };
}

const MIGRATIONS: Record<number, (old: Json) => Json> = { 1: v1ToV2 };

export class SettingsVersionError extends Error {}

/** Bring a stored settings object up to the current version (not yet validated). */
export function migrate(stored: unknown): Json {
  let current = asObject(stored);
  let version = typeof current.version === 'number' ? current.version : 1;
  if (version > SETTINGS_VERSION) {
    throw new SettingsVersionError(
      `These settings are from a newer Loopline (version ${version}); this one understands up to ${SETTINGS_VERSION}.`,
    );
  }
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new SettingsVersionError(`No migration from settings version ${version}.`);
    current = step(current);
    version = current.version as number;
  }
  return current;
}
