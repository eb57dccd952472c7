// Verify a detached SES_Signature over data the caller holds (the bytes, or their SM3), as a
// staff app does after signing detached (`/api/seals/verify-signature`).
// Steps: the one detached check (verifyDetachedSes: trust material, GB/T 38540 checks, dataHash
// against the data or the given digest, the seal's registry status at the signing time) → the
// integrity, signature and issuer rows, the data's SM3 and the seal found; no licence status or
// dates apply → record and sign. Input that is not a signature request is ERR_VALIDATION;
// anything else that fails gives CANNOT_CONFIRM.
import { sm3 } from '../../crypto/sm3.ts';
import { isAppError } from '../../domain/errors.ts';
import { cannotConfirm, checkRow, makeVerdict } from '../../domain/verdict.ts';
import type { Verdict } from '../../domain/verdict.ts';
import { verifyDetachedSes } from '../seals/verify-detached-ses.ts';
import type { DetachedVerifyRequest } from '../seals/verify-detached-ses.ts';
import { finishVerification } from './finish-verification.ts';
import { sesFacts } from './seal-facts.ts';
import { sealRows } from './seal-rows.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

export async function verifySignedData(
  deps: VerificationDeps, input: Pick<DetachedVerifyRequest, 'signature' | 'data' | 'sm3'>, ctx: VerificationContext,
): Promise<VerificationOutcome> {
  const checkedAt = deps.clock.now();
  const digest = input.sm3 ?? (input.data === undefined ? undefined : sm3(input.data));
  const documentSm3 = digest === undefined ? undefined : Buffer.from(digest).toString('hex');
  let verdict: Verdict;
  try {
    const report = await verifyDetachedSes(deps.seals, input);
    const seal = report.ses.seal;
    verdict = makeVerdict({
      checks: [...sealRows(report, sesFacts(report.ses), { registry: report.registry }), checkRow('licence-status', 'STATUS_NOT_APPLICABLE'), checkRow('validity', 'DATES_NOT_APPLICABLE')],
      subject: {
        kind: 'document', ...(documentSm3 === undefined ? {} : { documentSm3 }),
        seals: [{ name: seal?.name ?? null, code: seal?.esID ?? null, signedAt: report.ses.signingTime?.toISOString() ?? null }],
      },
      checkedAt, statusAsOf: deps.clock.now(),
    });
  } catch (e) {
    if (isAppError(e, 'ERR_VALIDATION')) throw e;
    deps.onFailure?.('detached signature check failed', e);
    verdict = cannotConfirm(checkedAt, { kind: 'document', ...(documentSm3 === undefined ? {} : { documentSm3 }) });
  }
  return finishVerification(deps, verdict, 'ses', ctx);
}
