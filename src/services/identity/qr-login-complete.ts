// The waiting browser completes its login after the person confirmed on the phone.
// Steps: load the record → refuse a code bound to another interaction, one declined, expired or
// not confirmed yet → claim the completion once, atomically → check the account is still there
// and active → mark the record completed → audit the login → return who signs in, the level
// (acr) of the phone session and the methods (amr).
import type { Account } from '../../domain/account.ts';
import type { AcrValue } from '../../domain/assurance.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { RequestContext } from './identity-deps.ts';
import { claim, loadRecord, saveRecord, statusAt } from './qr-login-deps.ts';
import type { QrLoginDeps } from './qr-login-deps.ts';

export async function completeQrLogin(
  deps: QrLoginDeps, code: string, interaction: string, ctx: RequestContext,
): Promise<{ account: Account; acr: AcrValue; amr: string[] }> {
  const audit = (outcome: 'success' | 'failure' | 'denied', account: Account | null, details: Record<string, unknown>) => deps.audit.append({
    actor: account ? { id: account.id, kind: account.kind } : { id: null, kind: 'anonymous' }, action: 'login.qr',
    object: account?.id ?? null, outcome, clientIp: ctx.clientIp, requestId: ctx.requestId, details: { interaction, ...details },
  });
  try {
    const record = await loadRecord(deps, code);
    if (record.interaction !== interaction) throw new AppError('ERR_QR_LOGIN_OTHER_INTERACTION', 'QR login code of another interaction');
    const status = statusAt(record, deps.clock.now());
    if (status === 'expired') throw new AppError('ERR_QR_LOGIN_EXPIRED', 'QR login code expired');
    if (status === 'declined') throw new AppError('ERR_QR_LOGIN_DECLINED', 'QR login declined on the phone');
    if (status === 'completed') throw new AppError('ERR_QR_LOGIN_USED', 'QR login already completed');
    if (status !== 'confirmed' || !record.login) throw new AppError('ERR_QR_LOGIN_NOT_CONFIRMED', 'QR login not confirmed yet');
    if (!(await claim(deps, code, 'complete'))) throw new AppError('ERR_QR_LOGIN_USED', 'QR login already completed');
    const account = await deps.accounts.findById(record.login.accountId);
    if (!account || account.status !== 'active') throw new AppError('ERR_UNAUTHENTICATED', 'account unavailable');
    await saveRecord(deps, code, { ...record, status: 'completed' });
    await audit('success', account, { app: record.clientId, acr: record.login.acr, amr: record.login.amr });
    return { account, acr: record.login.acr, amr: record.login.amr };
  } catch (e) {
    if (isAppError(e)) await audit('failure', null, { code: e.code });
    throw e;
  }
}
