// Every registered app as administrators see it (no secrets), by client id.
import type { AppStore } from '../../ports/app-store.ts';
import { summaryOf } from './app-registration.ts';
import type { AppSummary } from './app-registration.ts';

export async function listApps(deps: { apps: AppStore }): Promise<AppSummary[]> {
  return (await deps.apps.list()).map(summaryOf);
}
