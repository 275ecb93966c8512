/**
 * A set of touchpoint ids for one import, kept as 64-bit hashes in typed arrays: a million ids
 * take 16 MB here against some 70 MB as a Set of strings, and an import must stay well inside
 * its memory budget whatever the file's size. Two ids with the same 64-bit hash count as one,
 * as they would as touchpoint ids (hash.ts: about 1 in 10^7 for a million rows).
 */

function lanes(text: string, out: Uint32Array): void {
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 16;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 13;
  out[0] = a >>> 0;
  // 0 marks an empty slot: no stored hash has a zero low lane.
  out[1] = b >>> 0 || 1;
}

export class IdSet {
  private table = new Uint32Array(2 * 1024);
  private mask = 1023;
  private scratch = new Uint32Array(2);
  /** A number kept with each id (`put`), by slot. */
  private values = new Int32Array(1024);
  size = 0;

  /**
   * Adds the id with `value`, or gives it `value` when it was there already: returns the value
   * it had, or -1 when it is new.
   */
  put(id: string, value: number): number {
    lanes(id, this.scratch);
    const found = this.find(this.scratch[0]!, this.scratch[1]!);
    if (found >= 0) {
      const before = this.values[found]!;
      this.values[found] = value;
      return before;
    }
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.values[this.insert(this.scratch[0]!, this.scratch[1]!)] = value;
    this.size++;
    return -1;
  }

  has(id: string): boolean {
    lanes(id, this.scratch);
    return this.find(this.scratch[0]!, this.scratch[1]!) >= 0;
  }

  private find(high: number, low: number): number {
    for (let i = (high ^ low) & this.mask; ; i = (i + 1) & this.mask) {
      const at = this.table[2 * i + 1]!;
      if (at === 0) return -1;
      if (at === low && this.table[2 * i] === high) return i;
    }
  }

  private insert(high: number, low: number): number {
    let i = (high ^ low) & this.mask;
    while (this.table[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    this.table[2 * i] = high;
    this.table[2 * i + 1] = low;
    return i;
  }

  private grow(): void {
    const old = this.table;
    const oldValues = this.values;
    this.mask = this.mask * 2 + 1;
    this.table = new Uint32Array(2 * (this.mask + 1));
    this.values = new Int32Array(this.mask + 1);
    for (let i = 0; i < old.length; i += 2)
      if (old[i + 1] !== 0) this.values[this.insert(old[i]!, old[i + 1]!)] = oldValues[i / 2]!;
  }
}
