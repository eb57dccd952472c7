// Grant or withdraw a registered verifier system's legal basis to see licences in full (e.g. a
// bank under the anti-money-laundering rules, a court under its procedure law). Without one, a
// verifier system sees what the public sees, plus what a holder's share discloses.
// Steps (grant): the app must be registered and active → the basis is 4 to 500 characters →
// store (replacing an earlier basis) → audit with the basis. Steps (withdraw): remove → audit.
import { AppError } from '../../domain/errors.ts';
import type { AppStore } from '../../ports/app-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { VerifierBases } from '../../ports/verifier-bases.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface VerifierBasisDeps {
  bases: VerifierBases;
  apps: Pick<AppStore, 'find'>;
  audit: AuditLog;
  clock: Clock;
}

type Actor = { id: string; kind: 'system' | 'staff' };

export async function grantVerifierBasis(deps: VerifierBasisDeps, clientId: string, basis: string, actor: Actor): Promise<void> {
  const app = await deps.apps.find(clientId);
  if (app === null || app.status !== 'active') throw new AppError('ERR_NOT_FOUND', 'no such active app', { details: { issues: [{ path: ['clientId'], code: 'not_found', message: 'register the verifier system first' }] } });
  const text = basis.trim();
  if ([...text].length < 4 || [...text].length > 500) throw new AppError('ERR_VALIDATION', 'a legal basis of 4 to 500 characters is required', { details: { issues: [{ path: ['basis'], code: 'bad_length', message: '4 to 500 characters' }] } });
  await deps.bases.save({ clientId, basis: text, grantedBy: actor.id, grantedAt: deps.clock.now().toISOString() });
  await deps.audit.append({ actor, action: 'verifier.basis.grant', object: clientId, outcome: 'success', details: { basis: text } });
}

export async function withdrawVerifierBasis(deps: VerifierBasisDeps, clientId: string, actor: Actor): Promise<boolean> {
  const removed = await deps.bases.remove(clientId);
  if (removed) await deps.audit.append({ actor, action: 'verifier.basis.withdraw', object: clientId, outcome: 'success', details: {} });
  return removed;
}
