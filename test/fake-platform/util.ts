/** Helpers shared by the fake platform's vendor handlers. */
import type { FakeResponse } from './types';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function empty(status: number, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers, body: '' };
}

/** A stable number for a string (FNV-1a), so that vendor ids do not change between runs. */
export function stableNumber(text: string, modulo = 900_000, offset = 100_000): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return offset + (hash % modulo);
}

export function requestId(seq: number): string {
  return `${(0xe42b + seq).toString(16)}#${(0x14272d07d78 + seq * 7919).toString(16)}`;
}

export function parseJsonBody(body: string | null | undefined): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a query parameter that may be repeated or comma-separated (Marketo accepts both). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T>(token: string | null): T | undefined {
  if (!token) return undefined;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
