// The seal stores on every SQL backend: seals with their events, optimistic concurrency, code
// uniqueness, filters, atomic sequences under concurrency, grants and uses, numbered CRLs.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlSealCrlStore } from '../../src/adapters/seals/sql-seal-crl-store.ts';
import { SqlSealGrantStore } from '../../src/adapters/seals/sql-seal-grant-store.ts';
import { SqlSealStore } from '../../src/adapters/seals/sql-seal-store.ts';
import type { Seal, SealEvent } from '../../src/domain/seal.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

const T = '2026-03-02T01:00:00.000Z';

function seal(id: string, over: Partial<Seal> = {}): Seal {
  return {
    id, code: null, kind: 'contract', name: '某市市场监督管理局合同专用章', owner: { kind: 'department', id: 'd-amr', name: '某市市场监督管理局' },
    personName: null, status: 'pending', validityYears: 5, validStart: null, validEnd: null, applicantId: 's_a', approverId: null,
    keyId: null, certificateSerial: null, certificate: null, sesSeal: null, image: null, imageSource: null, widthMm: 45, heightMm: 30,
    createdAt: T, updatedAt: T, version: 1, ...over,
  };
}

const event = (sealId: string, seq: number, to: Seal['status'], from: Seal['status'] | null = null): SealEvent => ({
  sealId, seq, at: T, from, to, actorId: 's_a', reason: '理由', revocationReason: null,
});

for (const backend of sqlContractBackends) {
  describe(`seal stores (${backend.name})`, () => {
    let knex: Knex;
    let cleanup: () => Promise<void>;
    let seals: SqlSealStore;
    let grants: SqlSealGrantStore;
    let crls: SqlSealCrlStore;
    beforeAll(async () => {
      ({ knex, cleanup } = await backend.open());
      seals = new SqlSealStore(knex);
      grants = new SqlSealGrantStore(knex);
      crls = new SqlSealCrlStore(knex);
    });
    afterAll(async () => { await cleanup(); });

    it('stores a seal with its first event and reads it back byte for byte', async () => {
      const big = new Uint8Array(200_000).map((_, i) => i % 251);
      await seals.create(seal('seal_1', { image: big }), event('seal_1', 1, 'pending'));
      const back = await seals.find('seal_1');
      expect(back).toEqual(seal('seal_1', { image: big }));
      expect(await seals.events('seal_1')).toEqual([event('seal_1', 1, 'pending')]);
      expect(await seals.find('nope')).toBeNull();
      await expect(seals.create(seal('seal_1'), event('seal_1', 1, 'pending'))).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    });

    it('updates with the expected version only, with its event, and keeps codes unique', async () => {
      const s = (await seals.find('seal_1'))!;
      const active = { ...s, status: 'active' as const, code: '3301002000015', certificate: Uint8Array.of(1, 2, 3), validEnd: '2031-03-02T01:00:00.000Z', version: 2 };
      await seals.update(active, 1, event('seal_1', 2, 'active', 'pending'));
      await expect(seals.update({ ...active, version: 5 }, 2, null)).rejects.toThrow(RangeError);
      await expect(seals.update({ ...active, status: 'suspended', version: 2 }, 1, event('seal_1', 3, 'suspended', 'active'))).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
      // Nothing of the refused update was written.
      expect(await seals.events('seal_1')).toHaveLength(2);
      await expect(seals.update(seal('ghost', { version: 2 }), 1, null)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
      expect(await seals.findByCode('3301002000015')).toMatchObject({ id: 'seal_1', status: 'active', certificate: Uint8Array.of(1, 2, 3) });
      await seals.create(seal('seal_2'), event('seal_2', 1, 'pending'));
      await expect(seals.update({ ...seal('seal_2'), code: '3301002000015', version: 2 }, 1, null)).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    });

    it('lists by owner, status and end of validity', async () => {
      await seals.create(seal('seal_3', { owner: { kind: 'legal_person', id: 'o_x', name: 'X' } }), event('seal_3', 1, 'pending'));
      expect((await seals.list({ ownerKind: 'legal_person', ownerId: 'o_x' })).map((s) => s.id)).toEqual(['seal_3']);
      expect((await seals.list({ statuses: ['active'] })).map((s) => s.id)).toEqual(['seal_1']);
      expect((await seals.list({ validEndBefore: '2031-03-02T01:00:00.000Z' })).map((s) => s.id)).toEqual(['seal_1']);
      expect(await seals.list({ validEndBefore: '2031-03-02T00:59:59.999Z' })).toEqual([]);
      expect(await seals.list({}, 2)).toHaveLength(2);
    });

    it('hands out each sequence number once under concurrency', async () => {
      const got = await Promise.all(Array.from({ length: 20 }, () => seals.nextSequence('seal-code:330100:2')));
      expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await seals.nextSequence('seal-code:330100:3')).toBe(1);
    });

    it('grants: add, find, end once, filter; uses in order', async () => {
      const g = { id: 'grant_1', sealId: 'seal_1', accountId: 's_c', grantedBy: 's_k', grantedAt: T, expiresAt: null, endedAt: null, endedBy: null };
      await grants.addGrant(g);
      await grants.addGrant({ ...g, id: 'grant_2', accountId: 's_d', expiresAt: '2026-04-01T00:00:00.000Z' });
      await expect(grants.addGrant(g)).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
      expect(await grants.findGrant('grant_1')).toEqual(g);
      expect(await grants.endGrant('grant_1', T, 's_k')).toBe(true);
      expect(await grants.endGrant('grant_1', T, 's_k')).toBe(false);
      expect((await grants.grants({ sealId: 'seal_1' })).map((x) => [x.id, x.endedAt])).toEqual([['grant_1', T], ['grant_2', null]]);
      expect((await grants.grants({ accountId: 's_d' })).map((x) => x.id)).toEqual(['grant_2']);
      const use = { id: 'use_1', sealId: 'seal_1', accountId: 's_c', at: T, documentSm3: 'a'.repeat(64), signedDigest: 'b'.repeat(64), reason: '合同', fieldName: 'Signature1' };
      await grants.recordUse(use);
      await grants.recordUse({ ...use, id: 'use_2', at: '2026-03-02T02:00:00.000Z' });
      expect((await grants.uses('seal_1')).map((u) => u.id)).toEqual(['use_1', 'use_2']);
      expect(await grants.uses('seal_1', 1)).toEqual([use]);
    });

    it('CRLs: numbered, a taken number is refused, the latest is the highest', async () => {
      expect(await crls.latest()).toBeNull();
      const crl = { number: 1, thisUpdate: T, nextUpdate: '2026-03-03T01:00:00.000Z', der: Uint8Array.of(0x30, 0x00) };
      expect(await crls.save(crl)).toBe(true);
      expect(await crls.save(crl)).toBe(false);
      expect(await crls.save({ ...crl, number: 2, der: Uint8Array.of(0x30, 0x01, 0x00) })).toBe(true);
      expect(await crls.latest()).toEqual({ ...crl, number: 2, der: Uint8Array.of(0x30, 0x01, 0x00) });
    });
  });
}
