// The enterprise an API caller acts for, checked now (法人办事 on yinxin's own API).
// Steps: the access token names an enterprise (its `org` claim, set when the token was issued)
// → the legal person with that credit code → the person may still act for it in the app the
// token was issued to (legal representative, or an agent whose grant is current and covers
// the app) → the legal person; a token whose acting is no longer allowed is refused.
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import type { ActingDeps } from './acting-deps.ts';
import { actingFor } from './acting-options.ts';

export async function actingEnterpriseOf(deps: Pick<ActingDeps, 'agents' | 'accounts' | 'clock'>, caller: ApiCaller): Promise<Account | null> {
  if (!caller.orgCreditCode || !caller.accountId) return null;
  const lp = await deps.accounts.findByLogin(`uscc:${caller.orgCreditCode}`);
  const option = lp ? await actingFor(deps, caller.accountId, lp.id, caller.clientId) : null;
  if (!lp || !option) throw new AppError('ERR_FORBIDDEN', 'the token no longer acts for its enterprise');
  return lp;
}
