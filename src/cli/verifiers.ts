// `yinxin verifiers grant CLIENT_ID --basis TEXT`: a registered verifier system (client
// credentials with the `verify` scope) sees every licence field in full under that legal basis.
// `yinxin verifiers withdraw CLIENT_ID`, `yinxin verifiers list`. Grants and withdrawals are audited.
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import { SqlVerifierBases } from '../adapters/sql/sql-verifier-bases.ts';
import { grantVerifierBasis, withdrawVerifierBasis } from '../services/verification/verifier-basis.ts';

const USAGE = 'usage: yinxin verifiers grant CLIENT_ID --basis TEXT\n       yinxin verifiers withdraw CLIENT_ID\n       yinxin verifiers list';

export async function verifiersCommand(config: Config, words: string[], basis: string | undefined): Promise<number> {
  const [verb, clientId] = words;
  const ok = (verb === 'grant' && clientId !== undefined && basis !== undefined) || (verb === 'withdraw' && clientId !== undefined) || (verb === 'list' && clientId === undefined);
  if (!ok || words.length > 2) {
    console.error(USAGE);
    return 64;
  }
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    const deps = { bases: new SqlVerifierBases(c.knex), apps: c.apps, audit: c.audit, clock: c.clock };
    const actor = { id: 'system:cli', kind: 'system' as const };
    if (verb === 'list') {
      for (const b of await deps.bases.all()) console.log(`${b.clientId}  ${b.basis}  (granted ${b.grantedAt} by ${b.grantedBy})`);
      return 0;
    }
    if (verb === 'grant') {
      await grantVerifierBasis(deps, clientId as string, basis as string, actor);
      console.log(`${clientId} sees licences in full under: ${basis?.trim()}`);
      return 0;
    }
    const removed = await withdrawVerifierBasis(deps, clientId as string, actor);
    console.log(removed ? `${clientId}: legal basis withdrawn` : `${clientId} had no legal basis`);
    return removed ? 0 : 1;
  } finally {
    await c.close();
  }
}
