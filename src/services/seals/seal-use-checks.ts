// What every use of a seal must pass, stamping a PDF or signing detached data: the seal belongs
// to the clerk's own organisation → it is active now → the clerk holds a live grant → the
// session's acr has a second factor (SEAL_USE_ACR) and is recent enough (else step-up, naming the
// acr and max_age to sign in again with, RFC 9470). And how a refused
// or failed use is audited: as such, with its error code, never as a use.
import type { Account } from '../../domain/account.ts';
import { isAppError } from '../../domain/errors.ts';
import { SEAL_USE_ACR, effectiveStatus, grantActive, organisationOf, ownerKey, sessionMayStamp } from '../../domain/seal.ts';
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
    refuse('ERR_STEP_UP_REQUIRED', `a sign-in at ${SEAL_USE_ACR} or above within ${deps.settings.stepUpMaxAgeMinutes} minutes is required`, {
      acrValues: [SEAL_USE_ACR], maxAge: deps.settings.stepUpMaxAgeMinutes * 60, acr: session?.acr ?? null, amr: session?.amr ?? [],
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
