/**
 * A fast, deterministic 64-bit string hash (two independent 32-bit lanes, each finished with an
 * avalanche step) for ids that must come out the same every time the same file is imported.
 * Not for anything security-related: it only has to make accidental collisions between the rows
 * of a few million-row imports negligible (64 bits: about 1 in 10^7 for a million rows).
 */

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 16 lower-case hex digits. */
export function hash64(text: string): string {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // Cross the lanes so that a collision in one alone does not carry into the result.
  const high = avalanche(a ^ Math.imul(b, 0x27d4eb2f));
  const low = avalanche(b ^ Math.imul(a, 0x165667b1));
  return hex16(high, low);
}

/** '0'…'9', 'a'…'f' as character codes. */
const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const digits = new Uint16Array(16);

/**
 * Two unsigned 32-bit numbers as 16 lower-case hex digits, high first: what
 * `toString(16).padStart(8, '0')` of each gives, for a fraction of its cost (this runs per row).
 */
function hex16(high: number, low: number): string {
  for (let i = 7; i >= 0; i--) {
    digits[i] = HEX_DIGITS[high & 15]!;
    high >>>= 4;
    digits[8 + i] = HEX_DIGITS[low & 15]!;
    low >>>= 4;
  }
  const d = digits;
  // Sixteen arguments, not a spread: no iterator per call.
  return String.fromCharCode(
    d[0]!,
    d[1]!,
    d[2]!,
    d[3]!,
    d[4]!,
    d[5]!,
    d[6]!,
    d[7]!,
    d[8]!,
    d[9]!,
    d[10]!,
    d[11]!,
    d[12]!,
    d[13]!,
    d[14]!,
    d[15]!,
  );
}
