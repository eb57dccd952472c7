// The claims about an account that an app may receive.
// Steps: load the account → name, phone, kind → the ID number masked, or unsealed when the app is
// permitted the full number → for a legal person its code and name → for staff the department
// path and roles. oidc-provider then keeps only the claims the granted scopes and claims allow.
import { departmentPath } from '../../domain/department.ts';
import { unseal } from './identity-deps.ts';
import type { IdentityDeps } from './identity-deps.ts';

export type AccountClaims = Record<string, unknown> & { sub: string };

export async function readAccountClaims(
  deps: Pick<IdentityDeps, 'accounts' | 'dataKeys'>,
  accountId: string,
  opts: { fullIdNumber: boolean },
): Promise<AccountClaims | null> {
  const account = await deps.accounts.findById(accountId);
  if (!account || account.status !== 'active') return null;
  const claims: AccountClaims = { sub: account.id, name: account.name, account_kind: account.kind, assurance_level: account.assurance };
  if (account.phone) {
    claims.phone_number = account.phone;
    claims.phone_number_verified = true;
  }
  // A number only claimed at self-registration is not released: apps rely on id_card being checked.
  if (account.citizen?.idNumberIndex) {
    claims.id_card = opts.fullIdNumber ? await unseal(deps.dataKeys, 'id-number', account.citizen.idNumberSealed) : account.citizen.idNumberMasked;
  }
  if (account.legalPerson) {
    claims.org_credit_code = account.legalPerson.creditCode;
    claims.org_name = account.name;
  }
  if (account.staff) {
    const departments = await deps.accounts.departments();
    claims.department = departmentPath(account.staff.departmentId, new Map(departments.map((d) => [d.id, d])));
    claims.roles = account.staff.roles;
    claims.staff_number = account.staff.staffNumber;
  }
  return claims;
}
