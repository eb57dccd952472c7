// Which account a phone number stands for, when a person proves the phone and nothing else
// (forgot password), and whether a number is taken (changing one's phone).
import type { Account } from '../../domain/account.ts';
import type { AccountStore } from '../../ports/account-store.ts';

/**
 * The active account a code texted to `phone` may act for: the citizen who signs in with the
 * number; else the one staff or legal-person account with it on record. Null when none, or when
 * several such accounts share the number (a text cannot tell which of them is meant).
 */
export async function accountOfPhone(accounts: AccountStore, phone: string): Promise<Account | null> {
  // Both lookups every time, so a known number takes as long to answer as an unknown one.
  const [citizen, onRecord] = await Promise.all([accounts.findByLogin(`phone:${phone}`), accounts.findByPhone(phone)]);
  if (citizen) return citizen.status === 'active' ? citizen : null;
  const others = onRecord.filter((a) => a.kind !== 'citizen');
  const only = others.length === 1 ? others[0] : undefined;
  return only && only.status === 'active' ? only : null;
}

/** True when an account other than `accountId` has `phone` on record or signs in with it. */
export async function phoneTakenByOther(accounts: AccountStore, phone: string, accountId: string): Promise<boolean> {
  const [login, onRecord] = await Promise.all([accounts.findByLogin(`phone:${phone}`), accounts.findByPhone(phone)]);
  return (login !== null && login.id !== accountId) || onRecord.some((a) => a.id !== accountId);
}
