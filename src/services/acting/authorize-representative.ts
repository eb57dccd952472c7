// Decide whether the caller of the agents API speaks for this legal person.
// Steps: a valid yinxin access token for the API → carrying the `enterprise` scope → issued to a
// person whose sign-in session is still open → an active citizen → the legal person exists, is
// active, and this citizen is its current legal representative. Refusals are audited.
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import { ENTERPRISE_SCOPE } from './acting-deps.ts';
import type { ActingDeps, ActingRequest } from './acting-deps.ts';

/** The caller as a person: an active citizen with a live session behind the token. */
export async function authorizeCitizen(deps: Pick<ActingDeps, 'accounts'>, caller: ApiCaller | null): Promise<Account> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  if (!caller.scopes.includes(ENTERPRISE_SCOPE)) throw new AppError('ERR_FORBIDDEN', 'the token lacks the enterprise scope');
  const person = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  if (!person || !caller.sessionAmr) throw new AppError('ERR_UNAUTHENTICATED', 'the token is not from a live sign-in of a person');
  if (person.kind !== 'citizen' || person.status !== 'active') throw new AppError('ERR_FORBIDDEN', 'only an active citizen represents an enterprise');
  return person;
}

export async function authorizeRepresentative(
  deps: Pick<ActingDeps, 'accounts' | 'audit'>, caller: ApiCaller | null, legalPersonId: string, req: ActingRequest,
): Promise<{ representative: Account; legalPerson: Account }> {
  const representative = await authorizeCitizen(deps, caller);
  const legalPerson = await deps.accounts.findById(legalPersonId);
  if (!legalPerson?.legalPerson || legalPerson.status !== 'active' || legalPerson.legalPerson.representativeId !== representative.id) {
    await deps.audit.append({
      actor: { id: representative.id, kind: 'citizen' }, action: 'agent.access', object: legalPersonId, outcome: 'denied',
      clientIp: req.clientIp, requestId: req.requestId, details: { reason: 'not_the_legal_representative' },
    });
    // The same answer whether the enterprise exists or not.
    throw new AppError('ERR_NOT_FOUND', 'no such enterprise of yours');
  }
  return { representative, legalPerson };
}
