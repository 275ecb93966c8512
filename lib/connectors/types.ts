/**
 * The one interface every marketing platform sits behind. Connectors run only in the
 * background; they own their auth, paging, throttling and error envelope and return
 * canonical model objects (lib/model) or throw a ConnectorError.
 */
import type { Result } from '../messaging/result';
import type { Lead, Outcome, SourceId, Touchpoint } from '../model';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * A part of what a platform knows about a lead that could not be read this time: a secondary
 * call failed (list memberships, program memberships, names of campaigns). The rest is still
 * returned, and this says what it lacks.
 */
export interface UnavailablePart {
  /** What is missing, in words for the sidebar: "list memberships". */
  part: string;
  kind: ConnectorErrorKind;
  message: string;
}

export interface ReadOptions {
  /**
   * Told of each part that could not be read; what is returned lacks it. Without a listener the
   * part is still left out rather than failing the whole call.
   */
  onUnavailable?: (part: UnavailablePart) => void;
}

export interface HistoryOptions extends ReadOptions {
  /** Oldest touchpoint wanted (the history window from settings). */
  since?: Date;
  signal?: AbortSignal;
}

export interface WriteOptions {
  /**
   * An earlier attempt may have reached the platform: look for its write by the outcome id first
   * and return it with `alreadyDone` instead of writing again.
   */
  checkFirst?: boolean;
  /**
   * A newer outcome for this lead has already set its status: write the outcome's record (note,
   * activity, event) but leave the lead status and status properties alone.
   */
  skipStatus?: boolean;
  signal?: AbortSignal;
}

export interface WriteReceipt {
  /** What the platform calls the record(s) it made, e.g. a note id. */
  receipt: string;
  /** True when the write had already happened (found by idempotency check) and nothing new was created. */
  alreadyDone?: boolean;
}

/** Where a missing piece of write-back is set: an Options section, or the platform itself. */
export type WriteBackFix = 'sources' | 'outcomes' | 'platform';

/** Whether an outcome recorded now could be delivered, and if not, what is missing. */
export interface WriteBackReadiness {
  ready: boolean;
  /** What is missing, in words a person can act on; set when not ready. */
  missing?: string;
  /** Where to fix it; set when not ready. */
  fix?: WriteBackFix;
  /** Ready as far as Loopline could tell, but this part could not be checked. */
  unverified?: string;
}

/** A connection check that passed. */
export interface TestPassed {
  /** One sentence for the options page; it also says when write-back is not ready. */
  detail: string;
  /** What writing outcomes back needs, checked against the platform (absent: not checked). */
  writeBack?: WriteBackReadiness;
}

/** Why a connection check failed, as specific as a `ConnectorError`. */
export interface TestFailure {
  kind: ConnectorErrorKind;
  message: string;
}

export type TestResult = Result<TestPassed, TestFailure>;

/**
 * A person the platform knows by the name the page showed: offered to the user to confirm, never
 * taken as the lead without that.
 */
export interface NameMatch {
  email: string;
  /** The name as the platform has it (untrusted text). */
  name: string;
  company?: string;
  title?: string;
  source: SourceId;
}

/** Most matches one source returns for a name; the sidebar offers a handful, not a directory. */
export const MAX_NAME_MATCHES = 5;

export interface Connector {
  readonly id: SourceId;
  /**
   * The people this platform has under a display name ("Jane Doe"), best first, at most
   * MAX_NAME_MATCHES; [] when none. Absent: the platform cannot search by name (Marketo and
   * Mailchimp look leads up by address only). Throws ConnectorError like `lookup`.
   */
  findByName?(name: string, signal?: AbortSignal): Promise<NameMatch[]>;
  lookup(email: string, signal?: AbortSignal, options?: ReadOptions): Promise<Lead | null>;
  history(lead: Lead, options?: HistoryOptions): Promise<Touchpoint[]>;
  /**
   * Write the outcome back. With `checkFirst` (an earlier attempt may have reached the
   * platform: a timeout after sending, or a worker stopped mid-request) the connector must look
   * for the earlier write by the outcome id first and return it with `alreadyDone`. With
   * `skipStatus` it writes the outcome's record but not the lead status.
   */
  writeOutcome(lead: Lead, outcome: Outcome, options?: WriteOptions): Promise<WriteReceipt>;
  test(signal?: AbortSignal): Promise<TestResult>;
}

export type ConnectorErrorKind =
  /** Token missing, wrong or expired beyond renewal. Not retried. */
  | 'auth'
  /** Token valid but lacks a scope / permission. Not retried. */
  | 'scope'
  /** Throttled; `retryAfterMs` says when to try again when known. */
  | 'rate_limited'
  /** Daily or monthly quota exhausted. */
  | 'quota'
  /** The response did not match the documented contract. */
  | 'malformed'
  /** DNS, connection refused, offline, or a timeout. */
  | 'network'
  | 'timeout'
  /** 5xx from the platform. */
  | 'server'
  /** Settings incomplete or invalid for this connector. */
  | 'config'
  /** Missing host permission for the platform's API host. */
  | 'permission'
  | 'not_found';

const RETRYABLE: ReadonlySet<ConnectorErrorKind> = new Set(['rate_limited', 'network', 'timeout', 'server']);

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  constructor(
    readonly source: SourceId,
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    /** A request may have reached the platform (timeout after send): check before re-writing. */
    readonly ambiguous = false,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/**
 * Reads a secondary part of a lead (list memberships, names of campaigns): when the platform
 * refuses or fails it, the part is reported as unavailable and `fallback` stands in for it, so
 * that one failed call does not cost the whole lead. Aborts and programming errors still throw.
 */
export async function readPart<T>(
  part: string,
  read: () => Promise<T>,
  fallback: T,
  options: ReadOptions | undefined,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    options?.onUnavailable?.({ part, kind: error.kind, message: error.message });
    return fallback;
  }
}
