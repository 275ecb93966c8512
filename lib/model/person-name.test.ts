import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, nameKey, personKey } from './person-name';

describe('nameKey', () => {
  it.each([
    ['Jane Doe', 'doe jane'],
    ['  jane   DOE ', 'doe jane'],
    ['Doe, Jane', 'doe jane'],
    ['Jané Døe', 'døe jane'],
    ['José Ñúñez', 'jose nunez'],
    ["Seán O'Brien-Smith", 'obrien sean smith'],
    ['Jane Doe <jane@acme.example>', 'doe jane'],
    ['Müller, Jürgen', 'jurgen muller'],
    ['山田 太郎', '太郎 山田'],
  ])('folds %j to %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it.each([
    [''],
    ['   '],
    ['jane@acme.example'],
    ['<jane@acme.example>'],
    ['1234'],
    ['--'],
    [null],
    [undefined],
  ])('has no key for %j: nothing name-like is left', (name) => {
    expect(nameKey(name)).toBe('');
  });

  it('is bounded on hostile text', () => {
    expect(nameKey('a'.repeat(1_000_000)).length).toBe(MAX_NAME_LENGTH);
  });
});

describe('personKey', () => {
  it('is the address when there is one, else the folded name, never the same as an address', () => {
    expect(personKey({ email: 'jane@acme.example', name: 'Jane Doe' })).toBe('jane@acme.example');
    expect(personKey({ name: 'Doe, Jane' })).toBe('name:doe jane');
    expect(personKey({ name: '  ' })).toBe('');
  });
});

describe('nameKey: what counts as the same name', () => {
  it('ignores case, accents, extra spaces, commas and word order', () => {
    const key = nameKey('Jane Doe');
    expect(key).toBe('doe jane');
    for (const same of ['Doe, Jane', '  jane   DOE ', 'Jäne Doé', 'DOE,JANE', 'Jane\tDoe'])
      expect(nameKey(same)).toBe(key);
  });

  it('keeps different names apart', () => {
    expect(nameKey('Jane Doe')).not.toBe(nameKey('Jane Doerr'));
    expect(nameKey('Jane Doe')).not.toBe(nameKey('Jane Q. Doe'));
    expect(nameKey('Jane Doe')).not.toBe(nameKey('Jane'));
  });

  it('joins apostrophes and splits hyphens', () => {
    expect(nameKey("Sean O'Brien")).toBe(nameKey('Sean OBrien'));
    expect(nameKey('Jean-Luc Picard')).toBe(nameKey('Jean Luc Picard'));
  });

  it('is empty for a name with no letters or digits', () => {
    expect(nameKey('  , . ')).toBe('');
  });
});
