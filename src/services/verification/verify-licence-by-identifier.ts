// Verify a licence by its GB/T 36904 identifier, typed in or read by a scanner gun.
// Steps: normalise (trim, upper case, no spaces) and check its form and check character (else
// ERR_VALIDATION) → find the version (none: NOT_FOUND) → assess it with the stored SES signature
// → record and sign. Fails closed like the handle path.
import { AppError } from '../../domain/errors.ts';
import { LicenceIdentifierError, parseLicenceIdentifier } from '../../domain/licence-identifier.ts';
import { finishVerification } from './finish-verification.ts';
import { lookUpLicence, verdictFor } from './verify-licence-steps.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

export async function verifyLicenceByIdentifier(deps: VerificationDeps, input: { identifier: string }, ctx: VerificationContext): Promise<VerificationOutcome> {
  const identifier = String(input.identifier ?? '').replace(/\s+/g, '').toUpperCase();
  try {
    parseLicenceIdentifier(identifier, 'strict');
  } catch (e) {
    if (!(e instanceof LicenceIdentifierError)) throw e;
    throw new AppError('ERR_VALIDATION', 'not a licence identifier', {
      details: { issues: [{ path: ['identifier'], code: 'bad_identifier', message: 'not a valid licence identifier (GB/T 36904, with its check character)' }] },
    });
  }
  const found = await lookUpLicence(deps, () => deps.licences.store.findByIdentifier(identifier));
  const verdict = 'verdict' in found ? found.verdict : await verdictFor(deps, found, { checkStoredSignature: true, legalBasis: ctx.legalBasis ?? null });
  return finishVerification(deps, verdict, 'identifier', ctx);
}
