// @vitest-environment node
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5 } from './md5';

describe('md5', () => {
  // RFC 1321, appendix A.5, plus the usual pangram.
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
  ])('md5(%j) = %s', (input, expected) => {
    expect(md5(input)).toBe(expected);
  });

  it.each([55, 56, 63, 64, 65, 119, 120, 1000])(
    'agrees with node:crypto across the padding boundary (%i bytes)',
    (length) => {
      const input = 'x'.repeat(length);
      expect(md5(input)).toBe(createHash('md5').update(input).digest('hex'));
    },
  );

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    const input = 'Zoë Ünïcødé ✓ 😀 straße';
    expect(md5(input)).toBe(createHash('md5').update(input, 'utf8').digest('hex'));
  });

  it('gives Mailchimp subscriber hashes of lower-cased addresses', () => {
    expect(md5('urist.mcvankab@freddiesjokes.com')).toBe(
      createHash('md5').update('urist.mcvankab@freddiesjokes.com').digest('hex'),
    );
  });
});
