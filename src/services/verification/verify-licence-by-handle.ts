// Verify a licence by the handle in its QR code (`/v/:handle`).
// Steps: normalise the handle (upper case; 16 characters 0-9A-Z, else ERR_VALIDATION) → find the
// version and its reads through the licence checks (none: NOT_FOUND) → assess it, including the stored SES signature over
// its content, so that "valid" always rests on a signature and a status → record and sign.
// Fails closed: a register that cannot be read gives CANNOT_CONFIRM with a retry hint.
import { lookUpLicence, verdictFor } from './verify-licence-steps.ts';
import { finishVerification } from './finish-verification.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';
import { AppError } from '../../domain/errors.ts';
import type { Verdict } from '../../domain/verdict.ts';

export const HANDLE_PATTERN = /^[0-9A-Z]{16}$/;

export async function verifyLicenceByHandle(deps: VerificationDeps, input: { handle: string }, ctx: VerificationContext): Promise<VerificationOutcome> {
  const handle = String(input.handle ?? '').trim().toUpperCase();
  if (!HANDLE_PATTERN.test(handle)) {
    throw new AppError('ERR_VALIDATION', 'not a verification handle', { details: { issues: [{ path: ['handle'], code: 'bad_handle', message: 'a handle is 16 letters and digits' }] } });
  }
  const found = await lookUpLicence(deps, () => deps.checks.byHandle(handle));
  const verdict: Verdict = 'verdict' in found ? found.verdict
    : await verdictFor(deps, found, { checkStoredSignature: true, legalBasis: ctx.legalBasis ?? null });
  return finishVerification(deps, verdict, 'handle', ctx);
}
