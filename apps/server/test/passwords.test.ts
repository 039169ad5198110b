import { describe, expect, it } from 'vitest';
import type { AppError } from '../src/http/errors.ts';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../src/modules/auth/passwords.ts';

const verdict = (password: string, email = 'jane.doe@example.test') => {
  try {
    assertPasswordPolicy(password, email, 'body.password');
    return 'ok';
  } catch (error) {
    return (error as AppError).errors[0]?.message;
  }
};

describe('password policy', () => {
  it('wants length, not composition rules', () => {
    expect(verdict('correct horse battery staple')).toBe('ok');
    expect(verdict('elevenchars')).toBe('At least 12 characters.');
    expect(verdict('x'.repeat(201))).toBe('At most 200 characters.');
    expect(verdict('aaaaaaaaaaaaaaa')).toBe('Must not be one character repeated.');
  });

  it('refuses the e-mail address or its name part, but not a short name part', () => {
    expect(verdict('my jane.doe password')).toBe('Must not contain your e-mail address.');
    expect(verdict('JANE.DOE@EXAMPLE.TEST!')).toBe('Must not contain your e-mail address.');
    expect(verdict('a long password with a in it', 'a@example.test')).toBe('ok');
  });

  it('hashes with argon2id and verifies; a malformed hash is simply "no"', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'wrong')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyPassword(null, 'x')).toBe(false);
  });
});
