// Who checked my licence (查验记录): the verifications of one of a holder's licences, from the
// audit chain, where every verification is recorded.
// Steps: the licence must be the holder's (else "not found") → the audit records of
// `verification.check` about its identifier, newest first, at most LIMIT → for each: when, by
// which channel, by a registered verifier system (its client id) or the public, and the result.
// No client address is shown: for public checks the chain keeps only a salted hash of it.
import { AppError } from '../../domain/errors.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import type { LicenceDeps } from './licence-deps.ts';
import type { LicenceHolderActor } from './authorize-licence-holder.ts';
import { holdersLicence } from './read-holder-licence.ts';

export interface LicenceCheck {
  readonly at: string;
  readonly channel: string | null;
  /** `app` with the verifier system's client id, or `public`. */
  readonly verifierKind: 'public' | 'app';
  readonly verifier: string | null;
  readonly result: string | null;
}

const LIMIT = 200;

export async function listLicenceChecks(deps: LicenceDeps, holder: LicenceHolderActor, licenceId: string): Promise<LicenceCheck[]> {
  return checksOf(deps, await holdersLicence(deps, holder, licenceId));
}

/** The checks of a licence already known to be the caller's (its holder's or its issuer's). */
export async function checksOf(deps: Pick<LicenceDeps, 'auditSearch'>, licence: LicenceRecord): Promise<LicenceCheck[]> {
  if (deps.auditSearch === undefined) throw new AppError('ERR_INTERNAL', 'the audit chain cannot be searched here');
  const records = await deps.auditSearch.byObject('verification.check', [licence.identifier], LIMIT);
  return records.map((r) => {
    const d = JSON.parse(r.details) as { channel?: unknown; result?: unknown };
    return {
      at: r.time, channel: typeof d.channel === 'string' ? d.channel : null,
      verifierKind: r.actorKind === 'client' ? 'app' : 'public', verifier: r.actorKind === 'client' ? r.actorId : null,
      result: typeof d.result === 'string' ? d.result : null,
    };
  });
}
