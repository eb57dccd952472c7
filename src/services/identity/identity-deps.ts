// What the identity use cases work with, and the rules they share: how a typed login name maps
// to a stored one, how ID numbers are sealed and indexed, and the throttling windows.
import { randomBytes } from 'node:crypto';
import { hmacSm3 } from '../../crypto/sm3.ts';
import { sm4Decrypt, sm4Encrypt } from '../../crypto/sm4.ts';
import { isValidCreditCode, normalizeCreditCode } from '../../domain/credit-code.ts';
import { isValidResidentId, normalizeResidentId } from '../../domain/resident-id.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { DataKeys } from '../../ports/data-keys.ts';
import type { KvStore } from '../../ports/kv-store.ts';
import type { PasswordHasher } from '../../ports/password-hasher.ts';
import type { SmsSender } from '../../ports/sms-sender.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface IdentityDeps {
  accounts: AccountStore;
  kv: KvStore;
  hasher: PasswordHasher;
  dataKeys: DataKeys;
  audit: AuditLog;
  clock: Clock;
  sms: SmsSender;
}

/** Where a login attempt comes from, for throttling and the audit trail. */
export interface RequestContext {
  clientIp: string | null;
  requestId: string | null;
}

/** Throttling: failures per login name and per address in a fixed window, then a lockout. */
export const THROTTLE = {
  windowSeconds: 15 * 60,
  perLogin: 5,
  perIp: 50,
  smsPerPhone: 5,
  smsPerIp: 20,
} as const;

export const accountThrottleKey = (login: string) => `throttle:login:${login}`;
export const ipThrottleKey = (ip: string | null) => `throttle:ip:${ip ?? 'unknown'}`;

/** Sealed text of a personal datum, bound to its purpose so a ciphertext cannot be moved. */
export async function seal(dataKeys: DataKeys, purpose: string, text: string): Promise<string> {
  const { id, key } = await dataKeys.current(purpose);
  return Buffer.from(sm4Encrypt(id, key, Buffer.from(text, 'utf8'), Buffer.from(purpose))).toString('base64');
}

export async function unseal(dataKeys: DataKeys, purpose: string, sealed: string): Promise<string> {
  const ct = Buffer.from(sealed, 'base64');
  // The key id sits after the version byte and its length byte (see crypto/sm4.ts).
  const keyId = ct.subarray(2, 2 + (ct[1] ?? 0)).toString('utf8');
  const key = await dataKeys.byId(keyId);
  return Buffer.from(sm4Decrypt((id) => (id === keyId ? key : undefined), ct, Buffer.from(purpose))).toString('utf8');
}

/** Blind index of a normalised ID number: equal numbers give equal indexes, nothing else leaks. */
export async function idNumberIndex(dataKeys: DataKeys, idNumber: string): Promise<string> {
  const { key } = await dataKeys.current('id-index');
  return Buffer.from(hmacSm3(key, Buffer.from(normalizeResidentId(idNumber), 'utf8'))).toString('hex');
}

/**
 * The stored login name for what a person typed: an 18-character ID number, a credit code, a
 * mobile number, or else a staff number.
 */
export async function loginNameFor(dataKeys: DataKeys, typed: string): Promise<string> {
  const t = typed.trim();
  // An all-digit credit code can look like an ID number: the check characters tell them apart.
  if (isValidResidentId(normalizeResidentId(t))) return `idx:${await idNumberIndex(dataKeys, t)}`;
  if (isValidCreditCode(normalizeCreditCode(t))) return `uscc:${normalizeCreditCode(t)}`;
  if (/^1[3-9]\d{9}$/.test(t)) return `phone:${t}`;
  return `staff:${t}`;
}

/** A new account id: 128 random bits, base32-like, with a kind prefix for readable logs. */
export function newAccountId(kind: 'citizen' | 'legal_person' | 'staff'): string {
  const prefix = kind === 'citizen' ? 'c' : kind === 'legal_person' ? 'o' : 's';
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
