// Replace an initial password (one an administrator or an import issued) at the first sign-in
// with it, before that sign-in counts.
// Steps: the account must still hold an initial password → the new one: at least 8 characters,
// typed twice alike, not the initial one → hash and store it as the holder's own → audit.
import { AppError } from '../../domain/errors.ts';
import type { Account } from '../../domain/account.ts';
import type { IdentityDeps, RequestContext } from './identity-deps.ts';

export const MIN_NEW_PASSWORD = 8;

function invalid(field: string, code: string, why: string): AppError {
  return new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], code, message: why }] } });
}

export async function replaceInitialPassword(
  deps: Pick<IdentityDeps, 'accounts' | 'hasher' | 'audit'>,
  input: { accountId: string; password: string; confirm: string },
  ctx: RequestContext,
): Promise<Account> {
  const account = await deps.accounts.findById(input.accountId);
  if (!account || account.status !== 'active' || !account.passwordHash) throw new AppError('ERR_UNAUTHENTICATED', 'the account cannot sign in');
  if (!account.passwordInitial) throw new AppError('ERR_CONFLICT', 'the password is not an initial one');
  if (input.password.length < MIN_NEW_PASSWORD) throw invalid('password', 'too_short', `must be at least ${MIN_NEW_PASSWORD} characters`);
  if (input.password !== input.confirm) throw invalid('confirm', 'mismatch', 'the two passwords differ');
  if (await deps.hasher.verify(account.passwordHash, input.password)) throw invalid('password', 'same_as_initial', 'must differ from the initial password');
  await deps.accounts.setPasswordHash(account.id, await deps.hasher.hash(input.password), false);
  await deps.audit.append({
    actor: { id: account.id, kind: account.kind }, action: 'account.password.replace_initial', object: account.id, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId,
  });
  return { ...account, passwordInitial: false };
}
