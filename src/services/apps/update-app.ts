// Change an app's registration: name, redirect and logout URIs, scopes, grant types, consent
// policy (kind), back-channel logout URI, full ID number permission. Its secret and status stay.
// Steps: find the app → merge the changes over its current registration → check the result →
// store → audit what changed, before and after → return the new summary.
import { auditActor, checkRegistration, clientMetadata, existingApp, registrationOf, summaryOf } from './app-registration.ts';
import type { AppActor, AppDeps, AppRegistration, AppSummary } from './app-registration.ts';

export type AppChanges = Partial<Omit<AppRegistration, 'clientId' | 'public' | 'backchannelLogoutUri'>> & { backchannelLogoutUri?: string | null };

export async function updateApp(deps: AppDeps, clientId: string, changes: AppChanges, actor: AppActor): Promise<AppSummary> {
  const app = await existingApp(deps.apps, clientId);
  const current = registrationOf(app);
  const { backchannelLogoutUri, ...rest } = changes;
  const next: AppRegistration = { ...current, ...rest };
  if (backchannelLogoutUri === null) delete next.backchannelLogoutUri;
  else if (backchannelLogoutUri !== undefined) next.backchannelLogoutUri = backchannelLogoutUri;
  checkRegistration(next, deps.uriRules);
  const saved = { ...app, metadata: clientMetadata(clientId, next), updatedAt: deps.clock.now().toISOString() };
  await deps.apps.save(saved);
  // Before and after of each field named in the change, for the record of who changed what.
  const keys = Object.keys(changes) as (keyof AppRegistration)[];
  const pick = (r: AppRegistration) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null]));
  await deps.audit.append({ ...auditActor(actor), action: 'app.update', object: clientId, outcome: 'success', details: { changes, before: pick(current), after: pick(next) } });
  return summaryOf(saved);
}
