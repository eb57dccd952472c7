// Grant or take back an app's permission to use licences for a service item (用证授权).
// Steps: the app is registered → the item exists → store the permission, with the legal basis
// under which the app may retrieve without the holder's consent (null: only with consent) → audit.
import { AppError } from '../../domain/errors.ts';
import type { LicenceUsePermission } from '../../domain/licence-use.ts';
import type { LicenceUseDeps, UseAdminActor } from './licence-use-deps.ts';

export async function grantLicenceUse(
  deps: LicenceUseDeps, input: { clientId: string; itemCode: string; legalBasis: string | null }, actor: UseAdminActor,
): Promise<LicenceUsePermission> {
  if (!(await deps.apps.find(input.clientId))) throw new AppError('ERR_NOT_FOUND', 'no such app');
  if (!(await deps.items.findItem(input.itemCode))) throw new AppError('ERR_LICENCE_USE_UNKNOWN_ITEM', 'no such service item');
  const permission: LicenceUsePermission = { ...input, grantedBy: actor.id, grantedAt: deps.clock.now().toISOString() };
  await deps.items.savePermission(permission);
  await deps.audit.append({
    actor: { id: actor.id, kind: actor.kind }, action: 'admin.licence_use.grant', object: input.clientId, outcome: 'success',
    clientIp: actor.clientIp ?? null, requestId: actor.requestId ?? null, details: { item: input.itemCode, legalBasis: input.legalBasis },
  });
  return permission;
}

export async function revokeLicenceUse(deps: LicenceUseDeps, input: { clientId: string; itemCode: string }, actor: UseAdminActor): Promise<void> {
  if (!(await deps.items.removePermission(input.clientId, input.itemCode))) throw new AppError('ERR_NOT_FOUND', 'no such permission');
  await deps.audit.append({
    actor: { id: actor.id, kind: actor.kind }, action: 'admin.licence_use.revoke', object: input.clientId, outcome: 'success',
    clientIp: actor.clientIp ?? null, requestId: actor.requestId ?? null, details: { item: input.itemCode },
  });
}
