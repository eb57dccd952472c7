// What an auditor searches the audit log by, and where a page of results ends. Pages go newest
// first in (time, seq) order; a cursor names the last record shown, so the next page starts right
// after it whatever was appended meanwhile (keyset paging: no offset to count past).
import { AppError } from './errors.ts';

export interface AuditQuery {
  actorId?: string;
  object?: string;
  /** Any of these actions (one or a few, e.g. every sign-in action). */
  actions?: readonly string[];
  /** Records at or after this ISO time. */
  from?: string;
  /** Records before this ISO time. */
  to?: string;
}

/** The last record of a page: the next page holds records strictly older than it. */
export interface AuditCursor {
  time: string;
  seq: number;
}

/** The actions of signing in and out: the sign-in events view. */
export const SIGN_IN_ACTIONS: readonly string[] = [
  'login.password', 'login.sms', 'login.totp', 'login.certificate', 'login.qr', 'login.qr.scan', 'login.qr.confirm', 'login.qr.decline', 'logout',
];

/** Most actions one search may combine (each is one indexed read). */
export const MAX_QUERY_ACTIONS = SIGN_IN_ACTIONS.length;

export function encodeAuditCursor(c: AuditCursor): string {
  return Buffer.from(`${c.seq}.${c.time}`, 'utf8').toString('base64url');
}

/** The cursor a page link carries; ERR_VALIDATION for anything that is not one of ours. */
export function decodeAuditCursor(text: string): AuditCursor {
  const m = /^(\d{1,15})\.(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!m) throw new AppError('ERR_VALIDATION', 'invalid cursor', { details: { issues: [{ path: ['cursor'], code: 'invalid_cursor', message: 'not a cursor of this search' }] } });
  return { seq: Number(m[1]), time: m[2] as string };
}
