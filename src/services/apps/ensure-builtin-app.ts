// Keep one of yinxin's own pages (the holder portal and the like) registered as the public
// first-party app it is, at every start: registered when missing, brought up to date when its
// registration differs from what this version of the service needs (a new public URL changes its
// redirect URIs), left alone otherwise. Status is never touched: an app an operator disabled stays
// disabled. Changes are audited as the system's.
// Steps: check the registration → the stored app, if any → the metadata this version needs →
// equal (keys in any order): nothing → else save it, keeping status and creation time → audit.
import { canonicalJson } from '../../domain/canonical-json.ts';
import { checkRegistration, clientMetadata } from './app-registration.ts';
import type { AppDeps, AppRegistration } from './app-registration.ts';

export async function ensureBuiltinApp(deps: AppDeps, reg: AppRegistration & { clientId: string; public: true }): Promise<'registered' | 'updated' | 'unchanged'> {
  checkRegistration(reg, deps.uriRules);
  const existing = await deps.apps.find(reg.clientId);
  const metadata = clientMetadata(reg.clientId, reg);
  if (existing !== null && canonicalJson(existing.metadata) === canonicalJson(metadata)) return 'unchanged';
  const now = deps.clock.now().toISOString();
  await deps.apps.save({
    clientId: reg.clientId, metadata, secretHash: null, status: existing?.status ?? 'active',
    createdAt: existing?.createdAt ?? now, updatedAt: now,
  });
  await deps.audit.append({
    actor: { id: 'system:start', kind: 'system' }, action: existing === null ? 'app.register' : 'app.update', object: reg.clientId, outcome: 'success',
    details: { name: reg.name, builtin: true, redirectUris: reg.redirectUris, scopes: reg.scopes },
  });
  return existing === null ? 'registered' : 'updated';
}
