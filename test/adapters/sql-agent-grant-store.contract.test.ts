// The agent grant store against every SQL backend.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlAccountStore } from '../../src/adapters/accounts/sql-account-store.ts';
import { SqlAgentGrantStore } from '../../src/adapters/sql/sql-agent-grant-store.ts';
import type { Account } from '../../src/domain/account.ts';
import type { AgentGrant } from '../../src/domain/agent-grant.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

const id = (p: string) => `${p}_${randomBytes(8).toString('hex')}`;

function grant(over: Partial<AgentGrant> = {}): AgentGrant {
  return {
    id: id('ag'), legalPersonId: 'o_1', agentId: 'c_2', clientIds: null, grantedBy: 'c_1',
    grantedAt: '2026-03-01T02:00:00.000Z', expiresAt: '2027-03-01T02:00:00.000Z', revokedAt: null, revokedBy: null, ...over,
  };
}

function account(over: Partial<Account>): Account {
  return {
    id: id('x'), kind: 'citizen', name: '某', phone: null, assurance: 'L2', status: 'active', passwordHash: null, totpSealed: null,
    citizen: null, legalPerson: null, staff: null, createdAt: '2026-03-01T02:00:00.000Z', ...over,
  };
}

describe.each(sqlContractBackends)('SQL agent grant store on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let store: SqlAgentGrantStore;
  beforeAll(async () => {
    db = await backend.open();
    store = new SqlAgentGrantStore(db.knex);
  });
  afterAll(async () => db.cleanup());

  it('stores grants with their scope as given, lists current ones per legal person and per agent', async () => {
    const lp = id('o');
    const all = grant({ legalPersonId: lp, agentId: 'c_a', grantedAt: '2026-03-01T02:00:00.000Z' });
    const some = grant({ legalPersonId: lp, agentId: 'c_b', clientIds: ['app-one', '办事-2'], grantedAt: '2026-03-02T02:00:00.000Z' });
    const other = grant({ legalPersonId: id('o'), agentId: 'c_a', grantedAt: '2026-03-03T02:00:00.000Z' });
    for (const g of [some, all, other]) await store.add(g);
    expect(await store.findById(some.id)).toEqual(some);
    expect(await store.findById('ag_none')).toBeNull();
    expect(await store.listForLegalPerson(lp)).toEqual([all, some]);
    expect(await store.listForAgent('c_a')).toEqual(expect.arrayContaining([all, other]));
    await expect(store.add(all)).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
  });

  it('revokes once: a revoked grant leaves the lists and a second revocation says false', async () => {
    const lp = id('o');
    const g = grant({ legalPersonId: lp, agentId: id('c') });
    await store.add(g);
    expect(await store.revoke(g.id, 'c_1', '2026-04-01T00:00:00.000Z')).toBe(true);
    expect(await store.revoke(g.id, 'c_9', '2026-04-02T00:00:00.000Z')).toBe(false);
    expect(await store.revoke('ag_none', 'c_1', '2026-04-01T00:00:00.000Z')).toBe(false);
    expect(await store.findById(g.id)).toEqual({ ...g, revokedAt: '2026-04-01T00:00:00.000Z', revokedBy: 'c_1' });
    expect(await store.listForLegalPerson(lp)).toEqual([]);
    expect(await store.listForAgent(g.agentId)).toEqual([]);
  });

  it('finds the legal persons a citizen represents', async () => {
    const accounts = new SqlAccountStore(db.knex);
    const rep = account({ kind: 'citizen' });
    const a = account({ kind: 'legal_person', legalPerson: { creditCode: randomBytes(9).toString('hex').toUpperCase(), representativeId: rep.id } });
    const b = account({ kind: 'legal_person', legalPerson: { creditCode: randomBytes(9).toString('hex').toUpperCase(), representativeId: rep.id } });
    const c = account({ kind: 'legal_person', legalPerson: { creditCode: randomBytes(9).toString('hex').toUpperCase(), representativeId: id('c') } });
    for (const x of [rep, a, b, c]) await accounts.create(x, []);
    expect(await store.representedBy(rep.id)).toEqual([a.id, b.id].sort());
    expect(await store.representedBy(id('c'))).toEqual([]);
  });

  it('keeps one current grant per legal person and agent, even when two grants race', async () => {
    const lp = id('o');
    const racers = [grant({ legalPersonId: lp, agentId: 'c_race' }), grant({ legalPersonId: lp, agentId: 'c_race' }), grant({ legalPersonId: lp, agentId: 'c_race' })];
    const outcomes = await Promise.allSettled(racers.map((g) => store.add(g)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code)).toEqual(['ERR_CONFLICT', 'ERR_CONFLICT']);
    const [held] = await store.listForLegalPerson(lp);
    // Another agent of the same enterprise, and the same agent of another, are not in the way.
    await store.add(grant({ legalPersonId: lp, agentId: 'c_other' }));
    await store.add(grant({ legalPersonId: id('o'), agentId: 'c_race' }));
    // Revoked, the pair is free again.
    expect(await store.revoke(held!.id, 'c_1', '2026-04-01T00:00:00.000Z')).toBe(true);
    const next = grant({ legalPersonId: lp, agentId: 'c_race', grantedAt: '2026-04-02T00:00:00.000Z', expiresAt: '2026-05-01T00:00:00.000Z' });
    await store.add(next);
    // Unexpired, it holds the pair; once expired, a new grant takes it over.
    await expect(store.add(grant({ legalPersonId: lp, agentId: 'c_race', grantedAt: '2026-04-30T00:00:00.000Z' }))).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    await store.add(grant({ legalPersonId: lp, agentId: 'c_race', grantedAt: '2026-05-01T00:00:00.000Z', expiresAt: '2026-06-01T00:00:00.000Z' }));
    expect((await store.listForLegalPerson(lp)).filter((g) => g.agentId === 'c_race').map((g) => g.expiresAt)).toEqual(['2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);
  });
});
