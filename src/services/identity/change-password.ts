// A signed-in person changes their own password on the account page.
// Steps: an active account with a password → the current password checks out (a wrong one is
// counted and audited as a failure; too many lock the check for a while,
// check-current-password.ts) → the new one: at least 8 characters, typed twice alike, not the
// current one → hash and store it as the holder's own → audit.
// The rules for the new password are those of replacing an initial password.
import { AppError } from '../../domain/errors.ts';
import type { Account } from '../../domain/account.ts';
import { checkCurrentPassword } from './check-current-password.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';
import { MIN_NEW_PASSWORD } from './replace-initial-password.ts';

const ACTION = 'account.password.change';

function invalid(field: string, code: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], code, message: why }] } });
}

export async function changePassword(
  deps: Pick<IdentityDeps, 'accounts' | 'hasher' | 'audit' | 'kv'>,
  input: { accountId: string; current: string; password: string; confirm: string },
  ctx: RequestContext,
): Promise<Account> {
  const account = await deps.accounts.findById(input.accountId);
  if (!account || account.status !== 'active' || !account.passwordHash) throw new AppError('ERR_UNAUTHENTICATED', 'the account cannot sign in with a password');
  const audit = (outcome: 'success') => deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: ACTION, object: account.id, outcome,
    clientIp: ctx.clientIp, requestId: ctx.requestId,
  });
  await checkCurrentPassword(deps, { ...account, passwordHash: account.passwordHash }, input.current, ACTION, ctx);
  if (input.password.length < MIN_NEW_PASSWORD) throw invalid('password', 'too_short', `must be at least ${MIN_NEW_PASSWORD} characters`);
  if (input.password !== input.confirm) throw invalid('confirm', 'mismatch', 'the two passwords differ');
  if (input.password === input.current) throw invalid('password', 'same_as_current', 'must differ from the current password');
  await deps.accounts.setPasswordHash(account.id, await deps.hasher.hash(input.password), false);
  await audit('success');
  return { ...account, passwordInitial: false };
}
