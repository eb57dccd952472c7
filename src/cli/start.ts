import cluster from 'node:cluster';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { runUntilSignalled } from '../main.ts';
import { isSetUp, organisationState } from '../services/staff/set-up-organisation.ts';
import type { OrganisationState } from '../services/staff/set-up-organisation.ts';

/** Plain words for the operator when the database has no organisation or no administrator yet (null when it has both). */
export function setupHint(state: OrganisationState, config: Pick<Config, 'env' | 'embedded'>): string | null {
  if (isSetUp(state)) return null;
  const what = state.root === null ? 'no organisation and no administrator' : 'no administrator';
  const demo = config.env !== 'production' && config.embedded
    ? '\nTo try it out with demo departments, staff, seals and licences instead:\n\n  npm run yinxin -- setup --demo\n'
    : '';
  return `\nyinxin: setup is needed: this database has ${what} yet, so nobody can sign in to administer it.\n`
    + `Create the organisation and its first administrator with:\n\n  npm run yinxin -- setup\n${demo}\n`;
}

/**
 * One service process (WORKERS=1, and each worker of several), or with WORKERS > 1 the primary
 * that runs the workers (start-workers.ts) and exits when they have stopped.
 */
export async function startCommand(): Promise<void> {
  if (cluster.isPrimary) {
    const config = loadConfig();
    if (config.workers > 1) {
      const { runWorkers } = await import('./start-workers.ts');
      process.exit(await runWorkers(config));
    }
  }
  const service = await runUntilSignalled();
  // Said once: by the single process, or by worker 1 of several.
  if (!service.container.config.runsSingletons) return;
  const hint = setupHint(await organisationState(service.container.staff), service.container.config);
  if (hint) process.stderr.write(hint);
}
