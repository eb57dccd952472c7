// Lifecycle over every SQL backend: each transition and each refused one, backdated effective
// times, the expiry sweep, change and renewal as linked versions, and "was it valid at T".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LicenceContent } from '../../../src/domain/licence.ts';
import { changeLicence } from '../../../src/services/licences/change-licence.ts';
import { changeLicenceStatus } from '../../../src/services/licences/change-licence-status.ts';
import { expireLapsedLicences } from '../../../src/services/licences/expire-licences.ts';
import { issueLicence } from '../../../src/services/licences/issue-licence.ts';
import { licenceStatusAt } from '../../../src/services/licences/licence-status-at.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { BUSINESS, businessData, counts, ISSUER, makeLicenceKit, PROOF, START } from './licence-kit.ts';
import type { LicenceKit } from './licence-kit.ts';

const STAFF = { id: 's_officer', kind: 'staff' } as const;
const proofData = { name: '李四', gender: '女', idNumber: '11010519491231002X', purpose: '入职', statement: '经查询，未发现李四有犯罪记录。', queriedOn: '2026-02-28' };

describe.each(sqlBackends)('licence lifecycle on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let kit: LicenceKit;
  beforeAll(async () => {
    db = await backend.open();
    kit = await makeLicenceKit(db.knex);
  });
  afterAll(async () => db.cleanup());

  const issue = async (name: string) => {
    kit.clock.set(START);
    return (await issueLicence(kit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: businessData({ name }) }, STAFF)).licence;
  };
  const act = (licenceId: string, action: Parameters<typeof changeLicenceStatus>[1]['action'], effectiveAt?: Date) =>
    changeLicenceStatus(kit.deps, { licenceId, action, reason: `依法${action}`, ...(effectiveAt === undefined ? {} : { effectiveAt }) }, STAFF);

  it('suspends and resumes (暂扣/发还), keeping the history and answering valid-at-T', async () => {
    const l = await issue('杭州暂扣科技有限公司');
    kit.clock.set('2026-04-01T00:00:00Z');
    expect(await act(l.id, 'suspend')).toMatchObject({ from: 'valid', to: 'suspended' });
    await expect(act(l.id, 'suspend')).rejects.toMatchObject({ code: 'ERR_LICENCE_TRANSITION', details: { issues: [{ path: ['action'], code: 'transition_not_allowed' }] } });
    kit.clock.set('2026-05-01T00:00:00Z');
    expect(await act(l.id, 'resume')).toMatchObject({ from: 'suspended', to: 'valid' });
    const history = await kit.store.events(l.id);
    expect(history.map((e) => `${e.kind}:${e.fromStatus ?? '-'}>${e.toStatus}`)).toEqual(['issue:->valid', 'suspend:valid>suspended', 'resume:suspended>valid']);
    expect(history[1]).toMatchObject({ reason: '依法suspend', actorId: 's_officer', effectiveAt: '2026-04-01T00:00:00.000Z' });
    const at = async (t: string) => (await licenceStatusAt(kit.deps, { identifier: l.identifier }, new Date(t)));
    expect(await at('2026-03-15T00:00:00Z')).toMatchObject({ status: 'valid', code: '01', valid: true, statusName: '有效' });
    expect(await at('2026-04-15T00:00:00Z')).toMatchObject({ status: 'suspended', code: '02', valid: false, statusName: '暂扣' });
    expect(await at('2026-05-15T00:00:00Z')).toMatchObject({ status: 'valid', valid: true });
    expect(await at('2026-02-01T00:00:00Z')).toMatchObject({ status: 'not-yet-issued', valid: false });
    const audit = (await kit.audit.page(0, 1000)).filter((a) => a.object === l.identifier).map((a) => a.action);
    expect(audit).toEqual(['licence.issue', 'licence.suspend', 'licence.resume']);
  });

  it.each([
    ['withdraw', 'withdrawn', '03'], ['cancel', 'cancelled', '04'], ['revoke', 'revoked', '07'], ['transfer', 'transferred', '06'],
  ] as const)('%s ends the licence as %s (%s); nothing follows', async (action, status, code) => {
    const l = await issue(`杭州${action}科技有限公司`);
    kit.clock.set('2026-06-01T00:00:00Z');
    await act(l.id, action);
    expect((await kit.store.findById(l.id))?.status).toBe(status);
    expect(await licenceStatusAt(kit.deps, { handle: l.handle })).toMatchObject({ status, code, valid: false });
    for (const next of ['suspend', 'resume', 'withdraw', 'cancel', 'revoke', 'transfer'] as const) {
      await expect(act(l.id, next)).rejects.toMatchObject({ code: 'ERR_LICENCE_TRANSITION' });
    }
    await expect(changeLicence(kit.deps, { licenceId: l.id, kind: 'renew' }, STAFF)).rejects.toMatchObject({ code: 'ERR_LICENCE_TRANSITION' });
  });

  it('revokes a suspended licence, and checks reasons and effective times', async () => {
    const l = await issue('杭州吊销科技有限公司');
    kit.clock.set('2026-04-01T00:00:00Z');
    await act(l.id, 'suspend');
    kit.clock.set('2026-06-10T00:00:00Z');
    await expect(changeLicenceStatus(kit.deps, { licenceId: l.id, action: 'revoke', reason: ' ' }, STAFF)).rejects.toMatchObject({ details: { issues: [{ path: ['reason'], code: 'required' }] } });
    await expect(act(l.id, 'revoke', new Date('2026-07-01T00:00:00Z'))).rejects.toMatchObject({ details: { issues: [{ path: ['effectiveAt'], code: 'in_future' }] } });
    await expect(act(l.id, 'revoke', new Date('2026-03-15T00:00:00Z'))).rejects.toMatchObject({ details: { issues: [{ path: ['effectiveAt'], code: 'before_last_change' }] } });
    await expect(changeLicenceStatus(kit.deps, { licenceId: l.id, action: 'burn' as never, reason: 'x' }, STAFF)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(act('lic_missing', 'revoke')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    // The decision took effect on 1 June, recorded on 10 June: the answer for 5 June is "revoked".
    await act(l.id, 'revoke', new Date('2026-06-01T00:00:00Z'));
    expect(await licenceStatusAt(kit.deps, { identifier: l.identifier }, new Date('2026-06-05T00:00:00Z'))).toMatchObject({ status: 'revoked', valid: false });
    expect(await licenceStatusAt(kit.deps, { identifier: l.identifier }, new Date('2026-05-05T00:00:00Z'))).toMatchObject({ status: 'suspended', valid: false });
  });

  it('expires lapsed licences (the answer never waited for the sweep)', async () => {
    kit.clock.set(START);
    const proof = (await issueLicence(kit.deps, { typeCode: PROOF, issuer: ISSUER, data: proofData }, STAFF)).licence;
    expect(proof.validUntil).toBe('2026-05-29');
    kit.clock.set('2026-05-29T15:00:00Z');
    expect(await expireLapsedLicences(kit.deps)).toEqual({ expired: 0 });
    kit.clock.set('2026-05-30T01:00:00Z');
    expect(await licenceStatusAt(kit.deps, { identifier: proof.identifier })).toMatchObject({ status: 'expired', code: '05', valid: false });
    await expect(act(proof.id, 'suspend')).rejects.toMatchObject({ code: 'ERR_LICENCE_TRANSITION' });
    const { expired } = await expireLapsedLicences(kit.deps);
    expect(expired).toBeGreaterThanOrEqual(1);
    expect((await kit.store.findById(proof.id))?.status).toBe('expired');
    expect((await kit.store.events(proof.id)).at(-1)).toMatchObject({ kind: 'expire', effectiveAt: '2026-05-29T16:00:00.000Z', recordedAt: '2026-05-30T01:00:00.000Z' });
    expect(await expireLapsedLicences(kit.deps)).toEqual({ expired: 0 });
    expect(await licenceStatusAt(kit.deps, { identifier: proof.identifier }, new Date('2026-05-29T15:59:00Z'))).toMatchObject({ status: 'valid', valid: true });
  });

  it('gives the thread back while it expires many licences at once (a timer ticks during the sweep)', async () => {
    kit.clock.set(START);
    for (let i = 0; i < 20; i++) await issueLicence(kit.deps, { typeCode: PROOF, issuer: ISSUER, data: proofData }, STAFF);
    kit.clock.set('2026-05-30T01:00:00Z');
    // Each expiry's audit record holds the thread 2 ms, so the sweep of 20 runs well past the
    // 10 ms a turn may last whatever the machine's speed: only giving the thread back lets the
    // timer tick.
    const audit = Object.create(kit.deps.audit) as typeof kit.deps.audit;
    audit.append = (e) => {
      for (const until = performance.now() + 2; performance.now() < until;);
      return kit.deps.audit.append(e);
    };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const { expired } = await expireLapsedLicences({ ...kit.deps, audit });
    clearInterval(timer);
    expect(expired).toBeGreaterThanOrEqual(20);
    expect(ticks).toBeGreaterThan(0);
  });

  it('changes a licence (变更): a new version under the same serial, the old one superseded', async () => {
    const v1 = await issue('杭州变更前科技有限公司');
    kit.clock.set('2026-07-01T00:00:00Z');
    const v2 = await changeLicence(kit.deps, { licenceId: v1.id, kind: 'change', data: businessData({ name: '杭州变更后科技有限公司' }), reason: '名称变更' }, STAFF);
    expect(v2.licence).toMatchObject({ serial: v1.serial, version: 2, previousId: v1.id, status: 'valid', validFrom: '2026-07-01' });
    expect(v2.licence.identifier).toBe(v1.identifier.replace(/\.001\..$/, v2.licence.identifier.slice(-6)));
    expect(v2.licence.identifier).toMatch(/\.002\.[0-9A-Z]$/);
    expect(v2.licence.handle).not.toBe(v1.handle);
    expect((await kit.store.findById(v1.id))?.status).toBe('superseded');
    const old = await licenceStatusAt(kit.deps, { identifier: v1.identifier });
    expect(old).toMatchObject({ status: 'superseded', code: '99', valid: false, statusName: '已变更', successor: v2.licence.identifier });
    expect(await licenceStatusAt(kit.deps, { identifier: v1.identifier }, new Date('2026-06-30T00:00:00Z'))).toMatchObject({ status: 'valid', valid: true });
    const content = JSON.parse(new TextDecoder().decode((await kit.store.transaction((tx) => tx.blobs.get(v2.blobKeys.content)))!.bytes)) as LicenceContent;
    expect(content).toMatchObject({ version: 2, previousIdentifier: v1.identifier, data: { name: '杭州变更后科技有限公司' } });
    // Another change of the superseded version is refused; the holder cannot change in a new version.
    await expect(changeLicence(kit.deps, { licenceId: v1.id, kind: 'change', data: businessData() }, STAFF)).rejects.toMatchObject({ code: 'ERR_LICENCE_TRANSITION' });
    await expect(changeLicence(kit.deps, { licenceId: v2.licence.id, kind: 'change', data: businessData({ creditCode: '113301000025002874' }) }, STAFF))
      .rejects.toMatchObject({ details: { issues: [{ code: 'holder_changed' }] } });
    const audit = (await kit.audit.page(0, 1000)).filter((a) => a.action === 'licence.change' && a.object === v2.licence.identifier);
    expect(audit).toHaveLength(1);
  });

  it('renews a licence (延续) with the previous data, idempotently', async () => {
    kit.clock.set(START);
    const v1 = (await issueLicence(kit.deps, { typeCode: PROOF, issuer: ISSUER, data: proofData }, STAFF)).licence;
    kit.clock.set('2026-05-20T00:00:00Z');
    const input = { licenceId: v1.id, kind: 'renew' as const, idempotencyKey: 'renew-key-00001' };
    const [a, b] = await Promise.all([changeLicence(kit.deps, input, STAFF), changeLicence(kit.deps, input, STAFF)]);
    expect(a.licence.identifier).toBe(b.licence.identifier);
    expect(await db.knex('licences').where('previous_id', v1.id).count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(a.licence).toMatchObject({ version: 2, validFrom: '2026-05-20', validUntil: '2026-08-17' });
    expect((await changeLicence(kit.deps, input, STAFF)).replayed).toBe(true);
  });

  it('undoes a change whose audit entry cannot be written', async () => {
    const v1 = await issue('杭州审计失败科技有限公司');
    const before = await counts(db.knex, 'licence.change');
    kit.clock.set('2026-07-01T00:00:00Z');
    const brokenAudit = { append: async () => { throw new Error('audit store down'); } } as unknown as typeof kit.deps.audit;
    await expect(changeLicence({ ...kit.deps, audit: brokenAudit }, { licenceId: v1.id, kind: 'change', data: businessData({ name: '杭州新名科技有限公司' }) }, STAFF)).rejects.toThrow('audit store down');
    expect(await counts(db.knex, 'licence.change')).toEqual(before);
    expect((await kit.store.findById(v1.id))?.status).toBe('valid');
    expect((await kit.store.events(v1.id)).map((e) => e.kind)).toEqual(['issue']);
  });

  it('lets only one of two concurrent decisions through', async () => {
    const l = await issue('杭州并发决定科技有限公司');
    kit.clock.set('2026-06-01T00:00:00Z');
    const results = await Promise.allSettled([act(l.id, 'revoke'), act(l.id, 'cancel')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as { code: string }).code)).toEqual([expect.stringMatching(/^ERR_(CONFLICT|LICENCE_TRANSITION)$/)]);
    expect((await kit.store.events(l.id))).toHaveLength(2);
  });

  it('finds a holder\'s licences by blind index', async () => {
    const key = await kit.deps.holderIndex.keyFor('legal_person', '91330100MA2A00001M');
    const mine = await kit.store.listByHolder(key);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((l) => l.holderKind === 'legal_person')).toBe(true);
    expect(await kit.store.listByHolder(await kit.deps.holderIndex.keyFor('legal_person', '113301000025002874'))).toEqual([]);
  });
});
