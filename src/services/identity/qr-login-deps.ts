// What QR-scan login (扫码登录) works with, and the rules its use cases share.
//
// A code is 32 random bytes (base64url) and names nothing: the store keeps only its SM3 digest,
// under which lives one record (the login interaction it is bound to, the asking app, where the
// browser is, the times and the status). Each step that may happen only once (scan, the
// decision, the completion) is claimed with an atomic counter in the store: the first claim gets
// 1, every later or concurrent one more, so two phones or two browser tabs can never both win.
import { createHash } from 'node:crypto';
import type { AcrValue } from '../../domain/assurance.ts';
import { AppError } from '../../domain/errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KvStore } from '../../ports/kv-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface QrLoginDeps {
  kv: KvStore;
  audit: AuditLog;
  clock: Clock;
  accounts: Pick<AccountStore, 'findById'>;
}

export const QR_LOGIN = {
  /** How long a code may be scanned and confirmed. */
  ttlSeconds: 120,
  /** How long after confirmation the waiting browser may complete the login. */
  completeWithinSeconds: 60,
  /** How long a record is kept, so a late scan hears "expired" rather than "unknown". */
  keepSeconds: 600,
  /** Codes one login interaction may ask for (the page refreshes every two minutes). */
  codesPerInteraction: 30,
  /** Scans one person may make per minute. */
  scansPerMinute: 20,
  /** The lowest level of the phone's sign-in session that may confirm a login. */
  minimumLevel: 'L2' as AcrValue,
} as const;

/**
 * `amr` of a QR login, before the phone session's own methods. RFC 8176 `mca` (multiple-channel
 * authentication) is what happens: the browser is signed in through a second channel, the phone.
 * `qr` (not in the RFC 8176 registry, which allows other values) tells apps it was a QR scan.
 */
export const QR_LOGIN_AMR = ['qr', 'mca'] as const;

export type QrStored = 'pending' | 'scanned' | 'confirmed' | 'declined' | 'completed';
export type QrStatus = QrStored | 'expired';

export interface QrRecord {
  interaction: string;
  clientId: string;
  appName: string;
  /** Where the browser asking to sign in is. */
  from: { ip: string | null; userAgent: string };
  createdAt: string;
  expiresAt: string;
  status: QrStored;
  scannedBy?: string;
  scannedAt?: string;
  decidedAt?: string;
  /** Set on confirmation: who signs in, at which level, by which methods. */
  login?: { accountId: string; acr: AcrValue; amr: string[] };
}

/** The phone's side: the person and their sign-in session, read from their access token. */
export interface QrPhone {
  accountId: string;
  clientId: string;
  /** The session behind the token, or null when it has ended. */
  session: { acr: string | null; amr: string[] } | null;
}

export const qrCodePattern = /^[A-Za-z0-9_-]{43}$/;
export const codeDigest = (code: string) => createHash('sm3').update(code, 'utf8').digest('hex');
export const recordKey = (code: string) => `qr:login:${codeDigest(code)}`;
export const claimKey = (code: string, step: 'scan' | 'decide' | 'complete') => `${recordKey(code)}:${step}`;
export const currentKey = (interaction: string) => `qr:login:current:${interaction}`;

/** The record for a code; refused when the code is malformed or unknown. */
export async function loadRecord(deps: Pick<QrLoginDeps, 'kv'>, code: string): Promise<QrRecord> {
  if (!qrCodePattern.test(code)) throw new AppError('ERR_QR_LOGIN_UNKNOWN', 'malformed QR login code');
  const text = await deps.kv.get(recordKey(code));
  if (text === null) throw new AppError('ERR_QR_LOGIN_UNKNOWN', 'unknown QR login code');
  return JSON.parse(text) as QrRecord;
}

export async function saveRecord(deps: Pick<QrLoginDeps, 'kv'>, code: string, record: QrRecord): Promise<void> {
  await deps.kv.set(recordKey(code), JSON.stringify(record), QR_LOGIN.keepSeconds);
}

/** True for the first claim of a step only. */
export async function claim(deps: Pick<QrLoginDeps, 'kv'>, code: string, step: 'scan' | 'decide' | 'complete'): Promise<boolean> {
  return (await deps.kv.increment(claimKey(code, step), QR_LOGIN.keepSeconds)) === 1;
}

/** The status as of now: an unanswered code past its time, or a confirmation not completed in time, is expired. */
export function statusAt(record: QrRecord, now: Date): QrStatus {
  const t = now.getTime();
  if ((record.status === 'pending' || record.status === 'scanned') && t >= Date.parse(record.expiresAt)) return 'expired';
  if (record.status === 'confirmed' && t >= Date.parse(record.decidedAt ?? record.expiresAt) + QR_LOGIN.completeWithinSeconds * 1000) return 'expired';
  return record.status;
}

/** A code replaced by a newer one for the same interaction counts as expired. */
export async function isCurrent(deps: Pick<QrLoginDeps, 'kv'>, code: string, record: QrRecord): Promise<boolean> {
  return (await deps.kv.get(currentKey(record.interaction))) === codeDigest(code);
}

/** A short, non-identifying summary of a browser's User-Agent, e.g. "Chrome on Windows". */
export function summariseUserAgent(ua: string | undefined): string {
  const s = ua ?? '';
  const browser = /Edg\//.test(s) ? 'Edge' : /Firefox\//.test(s) ? 'Firefox' : /Chrom(e|ium)\//.test(s) ? 'Chrome'
    : /Safari\//.test(s) ? 'Safari' : 'a browser';
  const os = /Windows/.test(s) ? 'Windows' : /Android/.test(s) ? 'Android' : /iPhone|iPad/.test(s) ? 'iOS'
    : /Mac OS X/.test(s) ? 'macOS' : /Linux/.test(s) ? 'Linux' : 'an unknown system';
  return `${browser} on ${os}`;
}
