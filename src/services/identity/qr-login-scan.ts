// The city app scans a QR login code.
// Steps: refuse a phone session below L2 (or ended) → count the scan for the person (rate limit)
// → load the record → refuse an expired or replaced code, and one already scanned (the scan is
// claimed once, atomically) → record who scanned and when → audit → return which app asks for
// login and from where, for the person to confirm or decline.
import { acrSatisfies } from '../../domain/assurance.ts';
import { accountKindOfId } from '../../domain/account.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { RequestContext } from './identity-deps.ts';
import { QR_LOGIN, claim, isCurrent, loadRecord, saveRecord, statusAt } from './qr-login-deps.ts';
import type { QrLoginDeps, QrPhone } from './qr-login-deps.ts';

export interface QrScanResult {
  app: { clientId: string; name: string };
  from: { ip: string | null; userAgent: string };
  requestedAt: string;
  expiresAt: string;
}

/** Refuse a phone whose sign-in session is gone or below the level QR login needs. */
export function checkPhoneSession(phone: QrPhone): { acr: string; amr: string[] } {
  const s = phone.session;
  if (!s || !s.acr || !acrSatisfies(s.acr, QR_LOGIN.minimumLevel)) {
    throw new AppError('ERR_QR_LOGIN_LEVEL', 'the phone sign-in session is below L2 or has ended', { details: { acr: s?.acr ?? null } });
  }
  return { acr: s.acr, amr: s.amr };
}

export async function scanQrLogin(deps: QrLoginDeps, code: string, phone: QrPhone, ctx: RequestContext): Promise<QrScanResult> {
  const audit = (outcome: 'success' | 'failure' | 'denied', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: phone.accountId, kind: accountKindOfId(phone.accountId) }, action: 'login.qr.scan', object: details.interaction as string ?? null,
    outcome, clientIp: ctx.clientIp, requestId: ctx.requestId, details: { ...details, viaClient: phone.clientId },
  });
  try {
    checkPhoneSession(phone);
    if ((await deps.kv.increment(`throttle:qr-scan:${phone.accountId}`, 60)) > QR_LOGIN.scansPerMinute) {
      throw new AppError('ERR_RATE_LIMITED', 'too many QR scans');
    }
    const record = await loadRecord(deps, code);
    const now = deps.clock.now();
    if (statusAt(record, now) === 'expired' || !(await isCurrent(deps, code, record))) throw new AppError('ERR_QR_LOGIN_EXPIRED', 'QR login code expired');
    if (record.status !== 'pending' || !(await claim(deps, code, 'scan'))) throw new AppError('ERR_QR_LOGIN_USED', 'QR login code already scanned');
    await saveRecord(deps, code, { ...record, status: 'scanned', scannedBy: phone.accountId, scannedAt: now.toISOString() });
    await audit('success', { interaction: record.interaction, app: record.clientId });
    return { app: { clientId: record.clientId, name: record.appName }, from: record.from, requestedAt: record.createdAt, expiresAt: record.expiresAt };
  } catch (e) {
    if (isAppError(e)) await audit('failure', { code: e.code });
    throw e;
  }
}
