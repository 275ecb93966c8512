/**
 * The one interface every marketing platform sits behind. Connectors run only in the
 * background; they own their auth, paging, throttling and error envelope and return
 * canonical model objects (lib/model) or throw a ConnectorError.
 */
import type { Lead, Outcome, SourceId, Touchpoint } from '../model';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HistoryOptions {
  /** Oldest touchpoint wanted (the history window from settings). */
  since?: Date;
  signal?: AbortSignal;
}

export interface WriteOptions {
  checkFirst?: boolean;
  signal?: AbortSignal;
}

export interface WriteReceipt {
  /** What the platform calls the record(s) it made, e.g. a note id. */
  receipt: string;
  /** True when the write had already happened (found by idempotency check) and nothing new was created. */
  alreadyDone?: boolean;
}

export type TestResult =
  { ok: true; detail: string } | { ok: false; kind: ConnectorErrorKind; message: string };

export interface Connector {
  readonly id: SourceId;
  lookup(email: string, signal?: AbortSignal): Promise<Lead | null>;
  history(lead: Lead, options?: HistoryOptions): Promise<Touchpoint[]>;
  /**
   * Write the outcome back. With `checkFirst` (an earlier attempt may have reached the
   * platform: a timeout after sending, or a worker stopped mid-request) the connector must look
   * for the earlier write by the outcome id first and return it with `alreadyDone`.
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
