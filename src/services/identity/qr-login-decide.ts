// The person confirms or declines, in the city app, the login they scanned.
// Steps: refuse a phone session below L2 (or ended) → load the record → refuse an expired or replaced code,
// one not scanned yet, and one scanned by someone else → claim the decision once, atomically →
// confirm: keep who signs in, at the phone session's level (acr), with `amr` QR_LOGIN_AMR plus
// the phone session's own methods; decline: keep only that it was declined → audit.
import type { AcrValue } from '../../domain/assurance.ts';
import { accountKindOfId } from '../../domain/account.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { RequestContext } from './identity-deps.ts';
import { QR_LOGIN_AMR, claim, isCurrent, loadRecord, saveRecord, statusAt } from './qr-login-deps.ts';
import type { QrLoginDeps, QrPhone } from './qr-login-deps.ts';
import { checkPhoneSession } from './qr-login-scan.ts';

export async function decideQrLogin(
  deps: QrLoginDeps, code: string, phone: QrPhone, decision: 'confirm' | 'decline', ctx: RequestContext,
): Promise<{ status: 'confirmed' | 'declined' }> {
  const audit = (outcome: 'success' | 'failure' | 'denied', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: phone.accountId, kind: accountKindOfId(phone.accountId) }, action: `login.qr.${decision}`, object: details.interaction as string ?? null,
    outcome, clientIp: ctx.clientIp, requestId: ctx.requestId, details: { ...details, viaClient: phone.clientId },
  });
  try {
    const session = checkPhoneSession(phone);
    const record = await loadRecord(deps, code);
    const now = deps.clock.now();
    const status = statusAt(record, now);
    if (status === 'expired' || !(await isCurrent(deps, code, record))) throw new AppError('ERR_QR_LOGIN_EXPIRED', 'QR login code expired');
    if (status === 'pending') throw new AppError('ERR_QR_LOGIN_NOT_SCANNED', 'QR login code not scanned yet');
    if (status !== 'scanned' || record.scannedBy !== phone.accountId || !(await claim(deps, code, 'decide'))) {
      throw new AppError('ERR_QR_LOGIN_USED', 'QR login code already used');
    }
    const amr = [...new Set([...QR_LOGIN_AMR, ...session.amr])];
    const next = decision === 'confirm'
      ? { ...record, status: 'confirmed' as const, decidedAt: now.toISOString(), login: { accountId: phone.accountId, acr: session.acr as AcrValue, amr } }
      : { ...record, status: 'declined' as const, decidedAt: now.toISOString() };
    await saveRecord(deps, code, next);
    await audit('success', { interaction: record.interaction, app: record.clientId, ...(next.login ? { acr: next.login.acr, amr } : {}) });
    return { status: next.status };
  } catch (e) {
    if (isAppError(e)) await audit('failure', { code: e.code });
    throw e;
  }
}
