// Verify a licence a holder is showing (亮证) by its 8-character share code or link token.
// Steps: resolve the share (revoked, expired or spent: SHARE_EXPIRED; unknown: NOT_FOUND; the
// look is recorded in the holder's access log) → assess the shared version with its stored SES
// signature, status and dates → the fields the holder chose in full, the rest masked → record
// and sign. Fails closed: a store that cannot answer gives CANNOT_CONFIRM.
import { isAppError } from '../../domain/errors.ts';
import { cannotConfirm, checkRow, makeVerdict } from '../../domain/verdict.ts';
import type { Verdict } from '../../domain/verdict.ts';
import { resolveShare } from '../licences/resolve-share.ts';
import type { ResolvedShare } from '../licences/resolve-share.ts';
import { finishVerification } from './finish-verification.ts';
import { verdictFor } from './verify-licence-steps.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

export async function verifyLicenceByShare(deps: VerificationDeps, input: { code: string }, ctx: VerificationContext): Promise<VerificationOutcome> {
  const checkedAt = deps.clock.now();
  let shared: ResolvedShare | null = null;
  let verdict: Verdict | null = null;
  try {
    shared = await resolveShare(deps.licences, input.code, ctx.verifier === null ? { kind: 'public', clientIp: ctx.clientIp } : { kind: 'app', name: ctx.verifier, clientIp: ctx.clientIp });
  } catch (e) {
    if (isAppError(e, 'ERR_VALIDATION')) throw e;
    const code = isAppError(e, 'ERR_LICENCE_SHARE_EXPIRED') ? 'SHARE_EXPIRED' : isAppError(e, 'ERR_NOT_FOUND') ? 'STATUS_NOT_FOUND' : null;
    if (code === null) deps.onFailure?.('share lookup failed', e);
    verdict = code === null ? cannotConfirm(checkedAt)
      : makeVerdict({ checks: [checkRow(code === 'SHARE_EXPIRED' ? 'share' : 'licence-status', code)], subject: null, checkedAt, statusAsOf: deps.clock.now() });
  }
  if (shared !== null) {
    const assessed = await verdictFor(deps, { record: shared.licence }, { checkStoredSignature: true, legalBasis: ctx.legalBasis ?? null });
    const holder = assessed.subject?.holder;
    // A verifier system with a legal basis sees every field anyway; everyone else what the holder chose.
    verdict = assessed.result === 'CANNOT_CONFIRM' ? assessed : assessed.subject?.disclosure ? {
      ...assessed, checks: assessed.checks.map((c) => (c.check === 'share' ? checkRow('share', 'SHARE_OK') : c)),
    } : {
      ...assessed,
      checks: assessed.checks.map((c) => (c.check === 'share' ? checkRow('share', 'SHARE_OK') : c)),
      subject: assessed.subject === null ? null : {
        ...assessed.subject, fields: shared.fields, ...(holder ? { holder: { ...holder, name: shared.holderName } } : {}),
      },
    };
  }
  return finishVerification(deps, verdict as Verdict, 'share', ctx);
}
