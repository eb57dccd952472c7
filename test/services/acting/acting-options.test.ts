// Who may act for which enterprise in which app, on every SQL backend: the legal representative,
// agents within scope and period, and nobody once the representative who granted has changed or
// the enterprise is disabled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAgentGrantStore } from '../../../src/adapters/sql/sql-agent-grant-store.ts';
import type { Account } from '../../../src/domain/account.ts';
import type { ActingDeps } from '../../../src/services/acting/acting-deps.ts';
import { actingFor, actingOptions } from '../../../src/services/acting/acting-options.ts';
import { grantAgent } from '../../../src/services/acting/grant-agent.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { identityFixture, residentId } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { creditCode } from '../../support/acting.ts';

const system = { id: 'system:test', kind: 'system' as const };
const req = { clientIp: null, requestId: null };

describe.each(sqlBackends)('acting options on $name', (backend) => {
  let f: IdentityFixture;
  let deps: ActingDeps;
  let now = new Date('2026-06-01T00:00:00Z');
  const person = (name: string, seq: number) => createAccount(f.deps, { kind: 'citizen', name, idNumber: residentId(seq), phone: null }, system);
  const caller = (a: Account) => ({ clientId: 'x', accountId: a.id, scopes: ['enterprise'], sessionAmr: ['pwd'] });

  beforeAll(async () => {
    f = await identityFixture(backend);
    deps = {
      agents: new SqlAgentGrantStore(f.knex), accounts: f.deps.accounts, dataKeys: f.deps.dataKeys, audit: f.deps.audit,
      clock: { now: () => now },
      apps: { find: async (id) => (id.startsWith('app-') ? { clientId: id, metadata: {}, secretHash: null, status: 'active', createdAt: '', updatedAt: '' } : null) },
    };
  });
  afterAll(async () => f.cleanup());

  it('lists the representative and in-scope, unexpired agents, each enterprise once', async () => {
    const rep = await person('张法人', 501);
    const agent = await person('李经办', 502);
    const a = await createAccount(f.deps, { kind: 'legal_person', name: '甲公司', creditCode: creditCode(11), representativeId: rep.id }, system);
    const b = await createAccount(f.deps, { kind: 'legal_person', name: '乙公司', creditCode: creditCode(12), representativeId: rep.id }, system);
    await grantAgent(deps, caller(rep), a.id, { agent: { accountId: agent.id }, scope: ['app-tax'], expiresAt: '2026-07-01T00:00:00Z' }, req);
    await grantAgent(deps, caller(rep), b.id, { agent: { accountId: agent.id }, scope: 'all', expiresAt: '2026-06-15T00:00:00Z' }, req);

    expect((await actingOptions(deps, rep.id, 'app-any')).map((o) => [o.name, o.role])).toEqual([
      [a.id < b.id ? '甲公司' : '乙公司', 'legal_representative'], [a.id < b.id ? '乙公司' : '甲公司', 'legal_representative'],
    ]);
    expect((await actingOptions(deps, agent.id, 'app-tax')).map((o) => [o.name, o.role]).sort()).toEqual([['乙公司', 'agent'], ['甲公司', 'agent']]);
    expect((await actingOptions(deps, agent.id, 'app-other')).map((o) => o.name)).toEqual(['乙公司']);
    expect(await actingFor(deps, agent.id, a.id, 'app-other')).toBeNull();
    // Past the expiry of the all-business grant: only the one for the tax app is left.
    now = new Date('2026-06-20T00:00:00Z');
    expect((await actingOptions(deps, agent.id, 'app-tax')).map((o) => o.name)).toEqual(['甲公司']);
    expect(await actingOptions(deps, agent.id, 'app-other')).toEqual([]);
    now = new Date('2026-06-01T00:00:00Z');
    // Only citizens act for enterprises: a legal person's own account acts for nobody.
    expect(await actingOptions(deps, a.id, 'app-tax')).toEqual([]);
  });

  it('drops grants whose granter is no longer the representative, and disabled enterprises', async () => {
    const oldRep = await person('旧法人', 511);
    const agent = await person('经办人', 512);
    const lp = await createAccount(f.deps, { kind: 'legal_person', name: '丙公司', creditCode: creditCode(13), representativeId: oldRep.id }, system);
    await grantAgent(deps, caller(oldRep), lp.id, { agent: { accountId: agent.id }, scope: 'all', expiresAt: '2026-07-01T00:00:00Z' }, req);
    expect(await actingFor(deps, agent.id, lp.id, 'app-x')).toMatchObject({ role: 'agent' });
    const newRep = await person('新法人', 513);
    await f.knex('accounts').where({ id: lp.id }).update({ representative_id: newRep.id });
    expect(await actingFor(deps, agent.id, lp.id, 'app-x')).toBeNull();
    expect(await actingFor(deps, oldRep.id, lp.id, 'app-x')).toBeNull();
    expect(await actingFor(deps, newRep.id, lp.id, 'app-x')).toMatchObject({ role: 'legal_representative' });
    await f.knex('accounts').where({ id: lp.id }).update({ status: 'disabled' });
    expect(await actingOptions(deps, newRep.id, 'app-x')).toEqual([]);
  });
});
