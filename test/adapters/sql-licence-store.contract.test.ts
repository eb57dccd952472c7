// The licence store and the blob store against every SQL backend.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlBlobStore } from '../../src/adapters/sql/sql-blob-store.ts';
import { SqlLicenceStore } from '../../src/adapters/sql/sql-licence-store.ts';
import type { LicenceEvent, LicenceRecord } from '../../src/domain/licence.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

let n = 0;
function record(over: Partial<LicenceRecord> = {}): LicenceRecord {
  n++;
  return {
    id: `lic_${n}_${randomBytes(4).toString('hex')}`, identifier: `1.2.156.3005.2.11100000000013338W011.11330105002500287C.S${n}X${randomBytes(3).toString('hex').toUpperCase()}.001.0`,
    handle: `H${randomBytes(7).toString('hex').toUpperCase()}`, typeCode: '11100000000013338W011', templateVersion: '1.0', issuerCode: '11330105002500287C',
    issuerName: '杭州市西湖区市场监督管理局', serial: `S${n}${randomBytes(3).toString('hex').toUpperCase()}`, version: 1, previousId: null, holderKind: 'legal_person',
    holderKey: 'o:abc', holderNameMasked: '杭州某某科技有限公司', status: 'valid', issuedAt: '2026-03-01T02:00:00.000Z', validFrom: '2026-03-01',
    validUntil: null, dataSm3: '0'.repeat(64), idempotencyKey: null, requestSm3: null, issuedBy: 's_1', ...over,
  };
}
const ev = (licenceId: string, seq: number, over: Partial<LicenceEvent> = {}): LicenceEvent => ({
  licenceId, seq, kind: 'issue', fromStatus: null, toStatus: 'valid', reason: null, effectiveAt: '2026-03-01T02:00:00.000Z',
  recordedAt: '2026-03-01T02:00:00.000Z', actorId: 's_1', relatedId: null, ...over,
});

describe.each(sqlContractBackends)('SQL licence and blob stores on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let store: SqlLicenceStore;
  beforeAll(async () => {
    db = await backend.open();
    store = new SqlLicenceStore(db.knex);
  });
  afterAll(async () => db.cleanup());

  it('stores blobs byte for byte, large ones too; same bytes again is fine, other bytes conflict', async () => {
    const blobs = new SqlBlobStore(db.knex);
    const big = randomBytes(3 * 1024 * 1024);
    await blobs.put('t/big.pdf', 'application/pdf', big);
    expect(Buffer.from((await blobs.get('t/big.pdf'))!.bytes).equals(big)).toBe(true);
    await blobs.put('t/big.pdf', 'application/pdf', big);
    await expect(blobs.put('t/big.pdf', 'application/pdf', randomBytes(10))).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    expect(await blobs.get('t/none')).toBeNull();
    await blobs.delete('t/big.pdf');
    await blobs.delete('t/big.pdf');
    expect(await blobs.get('t/big.pdf')).toBeNull();
  });

  it('commits a licence, its history and blobs together, or nothing', async () => {
    const a = record();
    await store.transaction(async (tx) => {
      expect(await tx.insert(a)).toBe(true);
      await tx.addEvent(ev(a.id, 1));
      await tx.blobs.put(`licences/${a.id}/x`, 'text/plain', new TextEncoder().encode('证照'));
    });
    expect(await store.findById(a.id)).toEqual(a);
    expect(await store.findByIdentifier(a.identifier)).toEqual(a);
    expect(await store.findByHandle(a.handle)).toEqual(a);
    expect(await store.events(a.id)).toEqual([ev(a.id, 1)]);

    const b = record();
    await expect(store.transaction(async (tx) => {
      await tx.insert(b);
      await tx.addEvent(ev(b.id, 1));
      await tx.blobs.put(`licences/${b.id}/x`, 'text/plain', Uint8Array.of(1));
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await store.findById(b.id)).toBeNull();
    expect(await store.events(b.id)).toEqual([]);
    expect(await new SqlBlobStore(db.knex).get(`licences/${b.id}/x`)).toBeNull();
  });

  it('lists one issuer\'s licences newest first, a page at a time, by identifier, holder, type and status', async () => {
    const issuerCode = '91330000MA27U0000X';
    const mine = [
      record({ issuerCode, issuedAt: '2026-04-01T00:00:00.000Z', holderKey: 'o:one' }),
      record({ issuerCode, issuedAt: '2026-04-03T00:00:00.000Z', holderKey: 'o:two', status: 'suspended' }),
      record({ issuerCode, issuedAt: '2026-04-02T00:00:00.000Z', holderKey: 'o:one', typeCode: '11330100MB10000036001' }),
    ];
    for (const l of [...mine, record({ issuedAt: '2026-04-04T00:00:00.000Z' })]) await store.transaction((tx) => tx.insert(l));
    const ids = (r: { licences: LicenceRecord[] }) => r.licences.map((l) => l.id);
    expect(await store.listByIssuer(issuerCode, { limit: 2, offset: 0 }).then((r) => [ids(r), r.total])).toEqual([[mine[1]!.id, mine[2]!.id], 3]);
    expect(ids(await store.listByIssuer(issuerCode, { limit: 2, offset: 2 }))).toEqual([mine[0]!.id]);
    expect(ids(await store.listByIssuer(issuerCode, { holderKeys: ['o:one', 'c:one'], limit: 10, offset: 0 }))).toEqual([mine[2]!.id, mine[0]!.id]);
    expect(ids(await store.listByIssuer(issuerCode, { status: 'suspended', limit: 10, offset: 0 }))).toEqual([mine[1]!.id]);
    expect(ids(await store.listByIssuer(issuerCode, { typeCode: '11330100MB10000036001', limit: 10, offset: 0 }))).toEqual([mine[2]!.id]);
    expect(ids(await store.listByIssuer(issuerCode, { identifier: mine[0]!.identifier, limit: 10, offset: 0 }))).toEqual([mine[0]!.id]);
    expect(await store.listByIssuer(issuerCode, { identifier: 'nothing', limit: 10, offset: 0 })).toEqual({ licences: [], total: 0 });
  });

  it('tells an idempotency-key clash from other clashes', async () => {
    const a = record({ idempotencyKey: 'k-000001', requestSm3: '1'.repeat(64) });
    await store.transaction((tx) => tx.insert(a));
    expect(await store.transaction((tx) => tx.insert(record({ idempotencyKey: 'k-000001' })))).toBe(false);
    // The same key under another issuer is another request.
    expect(await store.transaction((tx) => tx.insert(record({ idempotencyKey: 'k-000001', issuerCode: '11430000006122244L' })))).toBe(true);
    await expect(store.transaction((tx) => tx.insert(record({ identifier: a.identifier })))).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    await expect(store.transaction((tx) => tx.insert(record({ handle: a.handle })))).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    expect(await store.findByIdempotencyKey(a.issuerCode, 'k-000001')).toEqual(a);
  });

  it('changes a status only from the expected one; history seqs are unique', async () => {
    const a = record();
    await store.transaction(async (tx) => {
      await tx.insert(a);
      await tx.addEvent(ev(a.id, 1));
    });
    expect(await store.transaction((tx) => tx.setStatus(a.id, 'suspended', 'valid'))).toBe(false);
    expect(await store.transaction((tx) => tx.setStatus(a.id, 'valid', 'suspended'))).toBe(true);
    await expect(store.transaction((tx) => tx.addEvent(ev(a.id, 1, { kind: 'suspend' })))).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    expect((await store.findById(a.id))?.status).toBe('suspended');
  });

  it('lists lapsing licences and a holder\'s licences', async () => {
    const lapsed = record({ validUntil: '2026-01-31', holderKey: 'p:lapse' });
    const suspended = record({ validUntil: '2026-02-01', status: 'suspended', holderKey: 'p:lapse', issuedAt: '2026-03-02T00:00:00.000Z' });
    const later = record({ validUntil: '2026-12-31', holderKey: 'p:lapse' });
    const revoked = record({ validUntil: '2026-01-01', status: 'revoked' });
    for (const r of [lapsed, suspended, later, revoked]) await store.transaction((tx) => tx.insert(r));
    const due = (await store.listLapsing('2026-02-01', 100)).map((r) => r.id);
    expect(due).toContain(lapsed.id);
    expect(due).toContain(suspended.id);
    expect(due).not.toContain(later.id);
    expect(due).not.toContain(revoked.id);
    const mine = (await store.listByHolder('p:lapse')).map((r) => r.id);
    expect(mine[0]).toBe(suspended.id);
    expect(mine.slice(1).sort()).toEqual([lapsed.id, later.id].sort());
  });

  it('discards a new version and gives the previous one its status back', async () => {
    const v1 = record();
    const v2 = record({ previousId: v1.id, serial: v1.serial, version: 2 });
    await store.transaction(async (tx) => {
      await tx.insert(v1);
      await tx.addEvent(ev(v1.id, 1));
    });
    await store.transaction(async (tx) => {
      await tx.insert(v2);
      await tx.addEvent(ev(v2.id, 1));
      await tx.blobs.put(`licences/${v2.id}/licence.pdf`, 'application/pdf', Uint8Array.of(1, 2, 3));
      await tx.setStatus(v1.id, 'valid', 'superseded');
      await tx.addEvent(ev(v1.id, 2, { kind: 'supersede', fromStatus: 'valid', toStatus: 'superseded', relatedId: v2.id }));
    });
    expect((await store.findSuccessor(v1.id))?.id).toBe(v2.id);
    await store.discard(v2.id, [`licences/${v2.id}/licence.pdf`]);
    expect(await store.findById(v2.id)).toBeNull();
    expect((await store.findById(v1.id))?.status).toBe('valid');
    expect((await store.events(v1.id)).map((e) => e.kind)).toEqual(['issue']);
    expect(await new SqlBlobStore(db.knex).get(`licences/${v2.id}/licence.pdf`)).toBeNull();
    expect(await store.findSuccessor(v1.id)).toBeNull();
  });
});
