// Decide whose licences the caller of the holder API may see and share.
// Steps: a valid yinxin access token for the API → carrying the `holder` scope → issued to a
// person → an active citizen (their licences by the blind index of their resident ID number) or
// legal person (by its credit code). The holder keys are those the holder index gives at
// issuance, so licences issued before the holder first signed in are found. A citizen whose token
// acts for an enterprise also holds the enterprise's licences, checked again on each request.
import { AppError } from '../../domain/errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';
import type { ActingDeps } from '../acting/acting-deps.ts';
import { actingEnterpriseOf } from '../acting/acting-enterprise-of.ts';

export const LICENCE_HOLDER_SCOPE = 'holder';

/** A holder signed in, with the index keys of the licences that are theirs. */
export interface LicenceHolderActor {
  readonly accountId: string;
  readonly kind: 'citizen' | 'legal_person';
  readonly holderKeys: readonly string[];
}

export async function authorizeLicenceHolder(
  deps: { accounts: AccountStore; acting?: Pick<ActingDeps, 'agents' | 'accounts' | 'clock'> }, caller: ApiCaller | null,
): Promise<LicenceHolderActor> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  if (!caller.scopes.includes(LICENCE_HOLDER_SCOPE)) throw new AppError('ERR_FORBIDDEN', 'the token lacks the holder scope');
  const account = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  if (!account) throw new AppError('ERR_UNAUTHENTICATED', 'the token is not a person\'s');
  if (account.status !== 'active') throw new AppError('ERR_FORBIDDEN', 'the account is disabled');
  // The same keys as the holder index (adapters/licences/data-key-holder-index.ts) gives from
  // the numbers: the account's own blind index, or the public credit code.
  const keys: string[] = [];
  if (account.citizen?.idNumberIndex) keys.push(`idx:${account.citizen.idNumberIndex}`);
  if (account.legalPerson) keys.push(`uscc:${account.legalPerson.creditCode}`);
  // A person acting for an enterprise (法人办事) holds its licences too, while they may act.
  const enterprise = deps.acting && account.citizen ? await actingEnterpriseOf(deps.acting, caller) : null;
  if (enterprise?.legalPerson) keys.push(`uscc:${enterprise.legalPerson.creditCode}`);
  if (keys.length === 0) throw new AppError('ERR_FORBIDDEN', 'only citizens and legal persons hold licences');
  return { accountId: account.id, kind: account.kind === 'legal_person' ? 'legal_person' : 'citizen', holderKeys: keys };
}
