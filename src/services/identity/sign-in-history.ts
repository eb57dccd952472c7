// The person's own sign-in records, from the audit log, for the account pages.
// Steps: the records about the account of every sign-in method (the (object, action) index
// answers it), newest first, a page at a time → for each: when, the method, success or not, the
// address with its host hidden, the app when the record names one.
import { maskIp } from '../../domain/masking.ts';
import type { OwnAccountDeps } from './own-account-deps.ts';

/** Sign-in audit actions and the method each stands for. */
const METHODS: Record<string, string> = {
  'login.password': 'pwd', 'login.sms': 'sms', 'login.totp': 'otp', 'login.certificate': 'hwk', 'login.qr': 'qr',
};
export const HISTORY_PAGE = 20;

export interface SignInRecord {
  seq: number;
  time: string;
  method: string;
  outcome: 'success' | 'failure' | 'denied';
  ip: string | null;
  app: string | null;
}

function appOf(details: string): string | null {
  try {
    const d = JSON.parse(details) as { app?: unknown; clientId?: unknown };
    const app = d.app ?? d.clientId;
    return typeof app === 'string' ? app : null;
  } catch {
    return null;
  }
}

export async function signInHistory(deps: Pick<OwnAccountDeps, 'auditSearch'>, accountId: string, page: { beforeSeq?: number }): Promise<{ records: SignInRecord[]; nextBefore: number | null }> {
  const rows = await deps.auditSearch.aboutObject(accountId, Object.keys(METHODS), { ...page, limit: HISTORY_PAGE + 1 });
  const records = rows.slice(0, HISTORY_PAGE).map((r) => ({
    seq: r.seq, time: r.time, method: METHODS[r.action] ?? r.action, outcome: r.outcome as SignInRecord['outcome'], ip: maskIp(r.clientIp), app: appOf(r.details),
  }));
  return { records, nextBefore: rows.length > HISTORY_PAGE ? (records.at(-1)?.seq ?? null) : null };
}
