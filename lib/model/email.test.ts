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
    ['', null],
  ])('reads %j as %j, as the model’s Email schema does', (raw, expected) => {
    expect(canonicalEmail(raw)).toBe(expected);
    const parsed = Email.safeParse(raw);
    expect(parsed.success ? parsed.data : null).toBe(expected);
  });
});
