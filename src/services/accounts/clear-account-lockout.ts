// Clear an account's lockout: the failure counters of its sign-in names and of its recovery phone
// (fixed windows in the key-value store, identity-deps.ts THROTTLE), so the person may try again
// at once rather than after the window. The per-address counters stay: they guard against
// guessing across accounts, not one person's mistakes.
// Steps: find the account → delete its counters → audit whether it was locked out before.
import { auditActor, existingAccount, isLockedOut, lockoutKeysOf, maskedAccount } from './account-admin-deps.ts';
import type { AccountActor, AccountAdminDeps, MaskedAccount } from './account-admin-deps.ts';

export async function clearAccountLockout(deps: AccountAdminDeps, id: string, actor: AccountActor): Promise<MaskedAccount> {
  const account = await existingAccount(deps.accounts, id, 'any');
  const before = await isLockedOut(deps.kv, account);
  for (const k of lockoutKeysOf(account)) await deps.kv.delete(k.key);
  await deps.audit.append({ ...auditActor(actor), action: 'account.admin.lockout.clear', object: id, outcome: 'success', details: { before: { lockedOut: before }, after: { lockedOut: false } } });
  return maskedAccount(deps.kv, account);
}
