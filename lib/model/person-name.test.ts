import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, nameKey, personKey } from './person-name';

describe('nameKey', () => {
  it.each([
    ['Jane Doe', 'jane doe'],
    ['  jane   DOE ', 'jane doe'],
    ['Doe, Jane', 'jane doe'],
    ['Jané Døe', 'jane døe'],
    ['José Ñúñez', 'jose nunez'],
    ["Seán O'Brien-Smith", 'sean o brien smith'],
    ['Jane Doe <jane@acme.example>', 'jane doe'],
    ['Müller, Jürgen', 'jurgen muller'],
    ['山田 太郎', '山田 太郎'],
  ])('folds %j to %j', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it.each([[''], ['   '], ['jane@acme.example'], ['<jane@acme.example>'], ['1234'], ['--'], [null], [undefined]])(
    'has no key for %j: nothing name-like is left',
    (name) => {
      expect(nameKey(name)).toBe('');
    },
  );

  it('is bounded on hostile text', () => {
    expect(nameKey('a'.repeat(1_000_000)).length).toBe(MAX_NAME_LENGTH);
  });
});

describe('personKey', () => {
  it('is the address when there is one, else the folded name, never the same as an address', () => {
    expect(personKey({ email: 'jane@acme.example', name: 'Jane Doe' })).toBe('jane@acme.example');
    expect(personKey({ name: 'Doe, Jane' })).toBe('name:jane doe');
    expect(personKey({ name: '  ' })).toBe('');
  });
});
