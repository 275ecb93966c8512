import { describe, expect, it } from 'vitest';
import { Email } from '.';
import { canonicalEmail } from './email';

describe('canonicalEmail', () => {
  it.each([
    [' Ada@Example.COM ', 'ada@example.com'],
    ['ada.lovelace+news@mail.example.co.uk', 'ada.lovelace+news@mail.example.co.uk'],
    ['ada@localhost', null],
    ['ada@@example.com', null],
    ['ada <ada@example.com>', null],
    ['ada@exa_mple.com', null],
    ['"ada"@example.com', null],
    [`${'a'.repeat(250)}@example.com`, null],
    [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
    [`${'a'.repeat(65)}@example.com`, null],
    ['.ada@example.com', null],
    ['ada.@example.com', null],
    ['ada..x@example.com', null],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['', null],
  ])('reads %j as %j, as the model’s Email schema does', (raw, expected) => {
    expect(canonicalEmail(raw)).toBe(expected);
    const parsed = Email.safeParse(raw);
    expect(parsed.success ? parsed.data : null).toBe(expected);
  });
});
