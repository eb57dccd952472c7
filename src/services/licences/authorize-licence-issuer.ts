// Decide whether the caller of the licence staff API may issue and manage licences, and for
// which issuing department.
// Steps: a valid yinxin access token for the API → carrying the `licences` scope → issued to a
// person (not to a system by client credentials) → an active staff member with the
// `licence_issuer` role → whose department, or the nearest department above it, has a unified
// social credit code: that department is the issuer. Refusals are audited.
import { AppError } from '../../domain/errors.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ApiCaller } from '../apps/authorize-app-admin.ts';

export const LICENCE_STAFF_SCOPE = 'licences';

/** A staff member acting for an issuing department. */
export interface LicenceIssuerActor {
  readonly id: string;
  readonly kind: 'staff';
  readonly issuer: { readonly code: string; readonly name: string };
}

export async function authorizeLicenceIssuer(
  deps: { accounts: AccountStore; audit: AuditLog },
  caller: ApiCaller | null,
  ctx: { clientIp: string | null; requestId: string | null },
): Promise<LicenceIssuerActor> {
  if (!caller) throw new AppError('ERR_UNAUTHENTICATED', 'a valid access token is required');
  const account = caller.accountId ? await deps.accounts.findById(caller.accountId) : null;
  let issuer: { code: string; name: string } | null = null;
  if (account?.staff) {
    const byId = new Map((await deps.accounts.departments()).map((d) => [d.id, d]));
    const seen = new Set<string>();
    for (let d = byId.get(account.staff.departmentId); d && !seen.has(d.id); d = d.parentId ? byId.get(d.parentId) : undefined) {
      seen.add(d.id);
      if (d.creditCode) {
        issuer = { code: d.creditCode, name: d.name };
        break;
      }
    }
  }
  const reason = !caller.scopes.includes(LICENCE_STAFF_SCOPE) ? 'no_licences_scope'
    : !account ? 'not_a_person'
    : account.status !== 'active' || !account.staff?.roles.includes('licence_issuer') ? 'not_a_licence_issuer'
    : !issuer ? 'department_not_an_issuer'
    : null;
  if (reason) {
    await deps.audit.append({
      actor: account ? { id: account.id, kind: account.kind } : { id: caller.clientId, kind: 'client' },
      action: 'licence.access', object: 'licences', outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId,
      details: { reason, clientId: caller.clientId },
    });
    throw new AppError('ERR_FORBIDDEN', `licence issuing refused: ${reason}`);
  }
  return { id: (account as { id: string }).id, kind: 'staff', issuer: issuer as { code: string; name: string } };
}
