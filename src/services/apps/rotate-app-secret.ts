// Give a confidential app a new client secret; the old one stops working at once.
// Steps: find the app → refuse public apps (they have no secret) → make a secret → store its
// digest → audit → return the secret, the one time it is shown.
import { hashClientSecret, newClientSecret } from '../../domain/client-secret.ts';
import { auditActor, existingApp, invalid } from './app-registration.ts';
import type { AppActor, AppDeps } from './app-registration.ts';

export async function rotateAppSecret(deps: AppDeps, clientId: string, actor: AppActor): Promise<{ clientId: string; clientSecret: string }> {
  const app = await existingApp(deps.apps, clientId);
  if (app.secretHash === null) throw invalid('clientId', 'a public app has no secret');
  const clientSecret = newClientSecret();
  await deps.apps.save({ ...app, secretHash: hashClientSecret(clientSecret), updatedAt: deps.clock.now().toISOString() });
  await deps.audit.append({ ...auditActor(actor), action: 'app.secret.rotate', object: clientId, outcome: 'success' });
  return { clientId, clientSecret };
}
