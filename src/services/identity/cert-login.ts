// Sign in with an SM2 certificate (数字证书登录).
// Steps: refuse when the address is locked out → prove the certificate over this interaction's
// challenge (cert-login-verify.ts) → find its account (cert-login-account.ts) → on failure count
// it for the address and audit with the reason → on success audit and return who signed in,
// with `amr` ["hwk"] (finish-sign-in.ts gives it L4).
// RFC 8176: `hwk` is proof of possession of a hardware-secured key. Staff and legal-person
// certificates are issued for keys generated inside USB keys (UKey), which is what `hwk` names;
// `sc` would claim a smart card in a reader. The certificate is the L4 credential itself (issued
// after an in-person check), so the level does not depend on the account's recorded level.
import { AppError, isAppError } from '../../domain/errors.ts';
import { accountForCertificate } from './cert-login-account.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';
import { proveCertificate } from './cert-login-verify.ts';
import type { ProvenCertificate, SignedChallenge } from './cert-login-verify.ts';
import { THROTTLE, ipThrottleKey } from './identity-deps.ts';
import type { RequestContext } from './identity-deps.ts';
import type { LoginResult } from './login-with-password.ts';

export const CERT_LOGIN_AMR = ['hwk'] as const;

export async function loginWithCertificate(
  deps: CertLoginDeps, input: SignedChallenge & { interaction: string }, ctx: RequestContext,
): Promise<LoginResult> {
  let proven: ProvenCertificate | null = null;
  const audit = (outcome: 'success' | 'failure' | 'denied', account: { id: string; kind: 'citizen' | 'legal_person' | 'staff' } | null, details: Record<string, unknown>) => deps.audit.append({
    actor: account ? { id: account.id, kind: account.kind } : { id: null, kind: 'anonymous' }, action: 'login.certificate',
    object: account?.id ?? null, outcome, clientIp: ctx.clientIp, requestId: ctx.requestId,
    details: { ...details, ...(proven ? { serial: proven.certificate.serialNumber, issuer: proven.certificate.issuer.text, fingerprintSm3: proven.certificate.fingerprintSm3 } : {}) },
  });
  if (Number((await deps.kv.get(ipThrottleKey(ctx.clientIp))) ?? 0) >= THROTTLE.perIp) {
    await audit('denied', null, { reason: 'locked_out' });
    throw new AppError('ERR_RATE_LIMITED', 'too many failed logins');
  }
  try {
    proven = await proveCertificate(deps, input, { purpose: 'login', interaction: input.interaction });
    const account = await accountForCertificate(deps, proven);
    await audit('success', account, {});
    return { account, amr: [...CERT_LOGIN_AMR] };
  } catch (e) {
    if (!isAppError(e)) throw e;
    await deps.kv.increment(ipThrottleKey(ctx.clientIp), THROTTLE.windowSeconds);
    await audit('failure', null, { code: e.code, reason: e.details?.reason ?? null });
    throw e;
  }
}
