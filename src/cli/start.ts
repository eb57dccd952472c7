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

export async function startCommand(): Promise<void> {
  const service = await runUntilSignalled();
  const hint = setupHint(await organisationState(service.container.staff), service.container.config);
  if (hint) process.stderr.write(hint);
}
