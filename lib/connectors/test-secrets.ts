/**
 * For the connectors' "no secret in any message" tests: recognisable secrets, the fragments to
 * look for, and a run of every connector call against the fake platform that collects what the
 * user would read.
 */
import { expect, it } from 'vitest';
import {
  asFetch,
  createFakePlatform,
  SEED_EMAILS,
  type FakeHost,
  type FakePlatform,
  type FaultSpec,
} from '../../test/fake-platform';
import { Lead, type SourceId } from '../model';
import { createManualClock, type ManualClock } from './clock';
import type { Limiter } from './limiter';
import { MIN_FRAGMENT } from './redact';
import { makeOutcome } from './test-outcome';
import type { Connector, FetchLike } from './types';

/** No run of 4 of their characters occurs in English or in Loopline's messages. */
export const SECRET = 'Qz7Xk9Wv3Jp5Rt8Ym2Nb';
export const OTHER_SECRET = 'Mk4Vb8Nc2Xz6Lq9Wd3Rf';

/** Every run of `min` characters of `secret`; any longer fragment contains one. */
export function secretFragments(secret: string, min = MIN_FRAGMENT): string[] {
  const out = new Set<string>();
  for (let start = 0; start + min <= secret.length; start++) out.add(secret.slice(start, start + min));
  return [...out];
}

/** Each message that contains a fragment of a secret (case ignored), with the fragment. */
export function leaks(
  messages: readonly string[],
  secrets: readonly string[],
): { message: string; fragment: string }[] {
  const found: { message: string; fragment: string }[] = [];
  for (const message of messages) {
    for (const fragment of secrets.flatMap((secret) => secretFragments(secret))) {
      if (message.toLowerCase().includes(fragment.toLowerCase())) found.push({ message, fragment });
    }
  }
  return found;
}

/** The failures every fake platform can serve, on every request. */
export const PLATFORM_FAULTS: readonly FaultSpec[] = [
  { kind: 'server_error' },
  { kind: 'malformed' },
  { kind: 'wrong_types' },
  { kind: 'truncated' },
  { kind: 'network' },
  { kind: 'rate_limit', retryAfterSeconds: 1 },
  { kind: 'bare_403' },
  { kind: 'status', status: 404 },
  { kind: 'status', status: 400 },
];

/** A limiter that never waits: throttling answers would otherwise pause a test for seconds. */
export function noWaitLimiter(): Limiter {
  return { run: (task) => task(), pause() {}, active: 0, queued: 0, peakActive: 0 };
}

/**
 * Runs every call a connector has (lookup, history, a write, a checked write, the connection
 * test) and returns the message of each failure.
 */
export async function failureMessages(
  connector: Connector,
  email: string,
  target: SourceId,
): Promise<string[]> {
  const messages: string[] = [];
  const keep = (error: unknown) => {
    messages.push(error instanceof Error ? error.message : String(error));
    return undefined;
  };
  const lead = (await connector.lookup(email).catch(keep)) ?? Lead.parse({ email, refs: [] });
  await connector.history(lead).catch(keep);
  const outcome = makeOutcome({ leadEmail: email, target });
  await connector.writeOutcome(lead, outcome).catch(keep);
  await connector.writeOutcome(lead, outcome, { checkFirst: true }).catch(keep);
  const result = await connector.test();
  if (!result.ok) messages.push(result.error.message);
  return messages;
}

export interface LeakRun {
  source: SourceId;
  /** Sets the platform up to accept the secrets under test. */
  accept(platform: FakePlatform): void;
  /** The connector, with the secrets under test in its settings. */
  build(platform: FakePlatform, deps: { clock: ManualClock; limiter: Limiter; fetch: FetchLike }): Connector;
}

/**
 * The messages of every failing call on a fresh fake platform that accepts the secrets, after
 * `prepare` (faults, a changed credential) ran on it. At least one call must have failed.
 */
export async function leakRunMessages(
  run: LeakRun,
  prepare: (platform: FakePlatform) => void = () => {},
): Promise<string[]> {
  const clock = createManualClock();
  const platform = createFakePlatform({ clock });
  run.accept(platform);
  prepare(platform);
  const connector = run.build(platform, { clock, limiter: noWaitLimiter(), fetch: asFetch(platform) });
  const found = await failureMessages(connector, SEED_EMAILS.mql, run.source);
  expect(found.length).toBeGreaterThan(0);
  return found;
}

/** One test per PLATFORM_FAULTS entry: no message of any call carries a fragment of `secrets`. */
export function itLeaksNothingOnFaults(host: FakeHost, run: LeakRun, secrets: readonly string[]): void {
  it.each(PLATFORM_FAULTS.map((fault) => [fault.kind, fault] as const))(
    'on %s answers',
    async (_kind, fault) => {
      const found = await leakRunMessages(run, (platform) => platform.fault({ host, ...fault }));
      expect(leaks(found, secrets)).toEqual([]);
    },
  );
}
