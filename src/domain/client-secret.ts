// Client secrets of registered apps: 256 random bits, shown once to whoever registers or rotates
// the app, never stored. The database keeps only an SM3 digest.
//
// Why a fast hash and not argon2: a slow password hash exists to make guessing low-entropy human
// passwords expensive. A 256-bit random secret cannot be guessed or looked up however fast the
// hash is, so a stolen digest is as useless as a slow-hashed one, while every token request
// (client authentication) stays cheap. The digest is domain-separated by a label so it never
// equals a digest of the same bytes made for another purpose.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sm3 } from '../crypto/sm3.ts';

const LABEL = 'yinxin client secret v1|';
const PREFIX = 'sm3:';

/** A new secret: 32 random bytes, base64url (43 characters). */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a secret: `sm3:` and the base64url digest (self-describing, so it can change). */
export function hashClientSecret(secret: string): string {
  return PREFIX + Buffer.from(sm3(Buffer.from(LABEL + secret, 'utf8'))).toString('base64url');
}

/** True when `given` is the secret whose stored form is `stored`; constant time in the secret. */
export function clientSecretMatches(stored: string, given: unknown): boolean {
  if (typeof given !== 'string' || !stored.startsWith(PREFIX)) return false;
  const a = Buffer.from(hashClientSecret(given));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True for a stored digest (and not a secret in the clear). */
export function isClientSecretHash(value: unknown): value is string {
  return typeof value === 'string' && /^sm3:[A-Za-z0-9_-]{43}$/.test(value);
}
