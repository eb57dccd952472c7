// Disable an app (nobody can sign in to it or get tokens for it) or enable it again.
// Steps: find the app → set the status → audit → return the summary. The provider no longer finds
// a disabled app, so it can neither authenticate at the token endpoint nor start a sign-in.
import { auditActor, existingApp, summaryOf } from './app-registration.ts';
import type { AppActor, AppDeps, AppSummary } from './app-registration.ts';

export async function setAppStatus(deps: AppDeps, clientId: string, status: 'active' | 'disabled', actor: AppActor): Promise<AppSummary> {
  const app = await existingApp(deps.apps, clientId);
  const saved = { ...app, status, updatedAt: deps.clock.now().toISOString() };
  await deps.apps.save(saved);
  await deps.audit.append({ ...auditActor(actor), action: status === 'disabled' ? 'app.disable' : 'app.enable', object: clientId, outcome: 'success', details: { before: app.status, after: status } });
  return summaryOf(saved);
}
