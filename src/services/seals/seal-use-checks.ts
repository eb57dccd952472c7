// What every use of a seal must pass, stamping a PDF or signing detached data: the seal belongs
// to the clerk's own organisation → it is active now → the clerk holds a live grant → the
// session proved a one-time password or L3+ recently enough (else step-up). And how a refused
// or failed use is audited: as such, with its error code, never as a use.
import type { Account } from '../../domain/account.ts';
import { OTP_STEP_UP } from '../../domain/assurance.ts';
import { isAppError } from '../../domain/errors.ts';
import { effectiveStatus, grantActive, organisationOf, ownerKey, sessionMayStamp } from '../../domain/seal.ts';
import type { Seal, SessionAssurance } from '../../domain/seal.ts';
import { failureAudited } from './record-seal-use.ts';
import { auditActor, refuse, requestFacts, statusRefusal } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

/** Throws the refusal (ERR_SEAL_*, ERR_STEP_UP_REQUIRED) when `clerk` may not use `seal` now. */
export async function checkSealUse(deps: Pick<SealDeps, 'clock' | 'settings' | 'grants'>, clerk: Account, seal: Seal, session: SessionAssurance): Promise<void> {
  const now = deps.clock.now();
  const org = organisationOf(clerk);
  if (org === null || ownerKey(org) !== ownerKey(seal.owner)) refuse('ERR_SEAL_OTHER_ORGANISATION', "the seal belongs to another organisation", { sealId: seal.id });
  const status = effectiveStatus(seal, now);
  if (status !== 'active') refuse(statusRefusal(status), `the seal is ${status}`, { sealId: seal.id, status });
  const grants = await deps.grants.grants({ sealId: seal.id, accountId: clerk.id });
  if (!grants.some((g) => grantActive(g, now))) refuse('ERR_SEAL_NOT_GRANTED', 'no live grant of this seal', { sealId: seal.id });
  if (!sessionMayStamp(session, now, deps.settings.stepUpMaxAgeMinutes)) {
    refuse('ERR_STEP_UP_REQUIRED', 'a recent one-time password or L3 authentication is required', {
      acr: session?.acr ?? null, amr: session?.amr ?? [],
      // What a new sign-in must reach (RFC 9470 challenge): a one-time password, or L3 and above.
      acrValues: [OTP_STEP_UP, 'L3', 'L4'], maxAgeSeconds: deps.settings.stepUpMaxAgeMinutes * 60,
    });
  }
}

/** Audits a refused (`denied`) or failed use; never throws. */
export async function auditFailedUse(deps: Pick<SealDeps, 'audit'>, sealId: unknown, clerk: Account | undefined, actor: SealActor, e: unknown): Promise<void> {
  if (failureAudited(e)) return;
  const code = isAppError(e) ? e.code : 'ERR_INTERNAL';
  const denied = isAppError(e) && (code.startsWith('ERR_SEAL_') || code === 'ERR_STEP_UP_REQUIRED' || code === 'ERR_FORBIDDEN');
  await deps.audit.append({
    actor: clerk ? auditActor(clerk) : { id: actor?.accountId ?? null, kind: 'anonymous' },
    action: 'seal.use', object: typeof sealId === 'string' ? sealId.slice(0, 40) : null,
    outcome: denied ? 'denied' : 'failure', ...requestFacts(actor ?? { accountId: '' }),
    details: { error: code, ...(isAppError(e) && e.details?.reason ? { reason: e.details.reason } : {}) },
  }).catch(() => undefined);
}
