// A seal's use and its audit record live in two stores. The audit record comes first: when the
// audit chain cannot take it, no use is recorded and no signed result leaves; when the use cannot
// be recorded after it, a later audit record voids that use id and no signed result leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.ts';
import type { AuditRecord, AuditStore } from '../../../src/ports/audit-store.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import type { SealDeps } from '../../../src/services/seals/seal-deps.ts';
import { signDetached } from '../../../src/services/seals/sign-detached.ts';
import { stampDocument } from '../../../src/services/seals/stamp-document.ts';
import { makePdf } from '../../pdf/fixtures.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { ids, sealWorld } from './seal-fixture.ts';
import type { SealWorld } from './seal-fixture.ts';

const down = () => new AppError('ERR_STORE_UNAVAILABLE', 'the store is down');

/** The real audit store, except that inserting a record for `failWhen` throws. */
function failingAuditStore(real: AuditStore, failWhen: (r: AuditRecord) => boolean): AuditStore {
  return {
    last: () => real.last(),
    insertIfAbsent: async (r) => { if (failWhen(r)) throw down(); return real.insertIfAbsent(r); },
    page: (a, l) => real.page(a, l),
    addCheckpoint: (cp) => real.addCheckpoint(cp),
    checkpoints: () => real.checkpoints(),
    lastCheckpoint: () => real.lastCheckpoint(),
    checkpointsFrom: (i, l) => real.checkpointsFrom(i, l),
  };
}

describe.each(sqlBackends)('seal use and audit over $name', (backend) => {
  let w: SealWorld;
  let pdf: Buffer;
  beforeAll(async () => {
    w = await sealWorld(backend);
    pdf = await makePdf(1);
  });
  afterAll(async () => w?.cleanup());

  const sealUses = async (sealId: string) => (await w.audit.page(0, 100_000)).filter((r) => r.action === 'seal.use' && r.object === sealId)
    .map((r) => ({ outcome: r.outcome, details: JSON.parse(r.details) as Record<string, unknown> }));
  const stampWith = (deps: SealDeps, sealId: string) =>
    stampDocument(deps, { sealId, pdf, at: { page: 1, x: 300, y: 300 }, reason: '合同签订', session: w.strong() }, { accountId: ids.clerk });

  it('when the use store fails after the audit record, the chain voids that use and nothing is returned or recorded', async () => {
    const seal = await w.grantedSeal();
    // The real grant store, except that recording a use fails.
    const real = w.deps.grants;
    const grants = new Proxy(real, {
      get: (t, p) => (p === 'recordUse' ? async () => { throw down(); } : (Reflect.get(t, p) as (...a: unknown[]) => unknown).bind(t)),
    });
    await expect(stampWith({ ...w.deps, grants }, seal.id)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect(await w.deps.grants.uses(seal.id)).toEqual([]);
    const records = await sealUses(seal.id);
    expect(records.map((r) => r.outcome)).toEqual(['success', 'failure']);
    const useId = records[0]!.details.useId;
    expect(useId).toMatch(/^use_/);
    expect(records[1]!.details).toEqual({ voids: useId, error: 'ERR_STORE_UNAVAILABLE', reason: 'use_not_recorded' });

    // The same for a detached signature.
    const detached = signDetached({ ...w.deps, grants }, { sealId: seal.id, data: Buffer.from('hello'), reason: '对接', session: w.strong() }, { accountId: ids.clerk });
    await expect(detached).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    const after = await sealUses(seal.id);
    expect(after.slice(2).map((r) => [r.outcome, r.details.voids === r.details.useId])).toEqual([['success', false], ['failure', false]]);
    expect(after[3]!.details.voids).toBe(after[2]!.details.useId);
    expect(await w.deps.grants.uses(seal.id)).toEqual([]);

    // With the stores well again, the use is recorded and audited once.
    const ok = await stampWith(w.deps, seal.id);
    expect((await w.deps.grants.uses(seal.id)).map((u) => u.id)).toEqual([ok.use.id]);
    expect((await sealUses(seal.id)).filter((r) => r.details.useId === ok.use.id).map((r) => r.outcome)).toEqual(['success']);
  });

  it('when the audit chain refuses the use record, no use is recorded', async () => {
    const seal = await w.grantedSeal();
    const audit = new AuditLog(failingAuditStore(w.audit, (r) => r.action === 'seal.use'), w.clock);
    await expect(stampWith({ ...w.deps, audit }, seal.id)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect(await w.deps.grants.uses(seal.id)).toEqual([]);
    expect(await sealUses(seal.id)).toEqual([]);
  });
});
