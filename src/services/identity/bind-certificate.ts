// Link a certificate to the signed-in staff member's account, so that it signs them in later.
// Steps: the caller is an active staff member whose sign-in session is open and included a
// one-time password or a certificate (the link grants L4 sign-in, so a password alone may not
// make one) → prove the certificate over a challenge issued for this account
// (cert-login-verify.ts) → a subject naming another account refuses → a certificate linked
// already refuses → store the link (origin `bound`) → audit. Refusals are audited too.
import { AppError, isAppError } from '../../domain/errors.ts';
import type { CertBinding } from '../../ports/cert-binding-store.ts';
import { subjectLoginName } from './cert-login-account.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';
import { proveCertificate } from './cert-login-verify.ts';
import type { SignedChallenge } from './cert-login-verify.ts';
import type { RequestContext } from './identity-deps.ts';

/** Who asks, as read from their access token. */
export interface BindingCaller {
  accountId: string | null;
  /** Methods of the sign-in session the token came from; null when it has ended. */
  sessionAmr: string[] | null;
}

/** The caller's account id when they may manage certificate links; throws otherwise. */
export async function certificateHolder(deps: Pick<CertLoginDeps, 'accounts' | 'audit'>, caller: BindingCaller | null, ctx: RequestContext): Promise<string> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  const account = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  const strong = caller.sessionAmr?.some((m) => m === 'otp' || m === 'hwk') ?? false;
  const reason = !account ? 'not_a_person' : account.kind !== 'staff' || account.status !== 'active' ? 'not_active_staff' : !strong ? 'no_second_factor' : null;
  if (reason || !account) {
    await deps.audit.append({
      actor: account ? { id: account.id, kind: account.kind } : { id: null, kind: 'anonymous' }, action: 'certificate.bind', outcome: 'denied',
      clientIp: ctx.clientIp, requestId: ctx.requestId, details: { reason },
    });
    throw new AppError(reason === 'no_second_factor' ? 'ERR_STEP_UP_REQUIRED' : 'ERR_FORBIDDEN', `certificate binding refused: ${reason}`);
  }
  return account.id;
}

export async function bindCertificate(deps: CertLoginDeps, accountId: string, input: SignedChallenge, ctx: RequestContext): Promise<CertBinding> {
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: accountId, kind: 'staff' }, action: 'certificate.bind', object: accountId, outcome, clientIp: ctx.clientIp, requestId: ctx.requestId, details,
  });
  try {
    const proven = await proveCertificate(deps, input, { purpose: 'bind', account: accountId });
    const c = proven.certificate;
    const name = subjectLoginName(proven);
    const named = name ? await deps.accounts.findByLogin(name) : null;
    if (named && named.id !== accountId) throw new AppError('ERR_CERT_LOGIN_MISMATCH', 'subject names another account', { details: { reason: 'subject_other_account' } });
    const binding: CertBinding = {
      fingerprintSm3: c.fingerprintSm3, accountId, serialNumber: c.serialNumber, issuer: c.issuer.text, subject: c.subject.text,
      notAfter: c.notAfter.toISOString(), origin: 'bound', createdAt: deps.clock.now().toISOString(), revokedAt: null, revocationReason: null,
    };
    if (!(await deps.bindings.add(binding))) throw new AppError('ERR_CONFLICT', 'certificate already linked', { details: { reason: 'already_linked' } });
    await audit('success', { serial: c.serialNumber, issuer: c.issuer.text, fingerprintSm3: c.fingerprintSm3 });
    return binding;
  } catch (e) {
    if (isAppError(e)) await audit('failure', { code: e.code, reason: e.details?.reason ?? null });
    throw e;
  }
}
