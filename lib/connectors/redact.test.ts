import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';
import { leaks, SECRET } from './test-secrets';

describe('redactSecrets', () => {
  it.each([
    ['the whole secret', `token ${SECRET} refused`, 'token … refused'],
    ['a part of it', `token ${SECRET.slice(5, 12)} refused`, 'token … refused'],
    ['its start, cut off', `…${SECRET.slice(0, 4)}`, '……'],
    ['another case', `key ${SECRET.toUpperCase()}`, 'key …'],
    ['two pieces around a line break', `"${SECRET.slice(0, 8)}\n${SECRET.slice(8)}"`, '"…\n…"'],
    ['nothing of it', 'HubSpot rejected the token (401).', 'HubSpot rejected the token (401).'],
    ['three characters of it (too common to cut)', `x ${SECRET.slice(0, 3)} y`, `x ${SECRET.slice(0, 3)} y`],
  ])('cuts %s', (_name, message, expected) => {
    const out = redactSecrets(message, [SECRET]);
    expect(out).toBe(expected);
    expect(leaks([out], [SECRET])).toEqual([]);
  });

  it('handles several secrets, empty ones and none', () => {
    expect(redactSecrets('a Qz7Xk9 b Mk4Vb8', [undefined, '', 'Qz7Xk9', 'Mk4Vb8'])).toBe('a … b …');
    expect(redactSecrets('unchanged', [])).toBe('unchanged');
    expect(redactSecrets('unchanged', [undefined, '', ' '])).toBe('unchanged');
  });

  it('cuts a secret shorter than a fragment only whole', () => {
    expect(redactSecrets('abc and ab', ['abc'])).toBe('… and ab');
  });

  it('keeps its place in a message with letters that lower-case longer (İ)', () => {
    expect(redactSecrets(`İ ${SECRET}`, [SECRET])).toBe('İ …');
  });
});
