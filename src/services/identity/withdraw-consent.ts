// The person withdraws an app's consent from the account pages.
// Steps: yinxin's own pages cannot be withdrawn (they are how the person reaches these pages;
// signing out ends them) → the provider removes every grant of the account to the app with all
// tokens issued under them, refresh tokens included (account-grants.ts) → audit. The app asks
// for consent again at its next sign-in.
import { accountKindOfId } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { OwnAccountDeps, OwnCaller } from './own-account-deps.ts';

export async function withdrawConsent(
  deps: Pick<OwnAccountDeps, 'consents' | 'audit'>, who: OwnCaller, input: { clientId: string; builtin: (clientId: string) => boolean },
): Promise<number> {
  if (input.builtin(input.clientId)) throw new AppError('ERR_FORBIDDEN', 'yinxin’s own pages are not withdrawn');
  const grants = await deps.consents.withdraw(who.accountId, input.clientId);
  await deps.audit.append({
    actor: { id: who.accountId, kind: accountKindOfId(who.accountId) }, action: 'consent.withdraw', object: input.clientId, outcome: grants > 0 ? 'success' : 'failure',
    clientIp: who.clientIp, requestId: who.requestId, details: { grants },
  });
  return grants;
}
