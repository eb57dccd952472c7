// Repeated verifications of one handle: after the first, the kept reads are replayed under one
// state statement, and every change that matters shows at the very next verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import type { LicenceRecord } from '../../src/domain/licence.ts';
import { PlatformKeys } from '../../src/domain/platform-keys.ts';
import { SqlLicenceCheckStates } from '../../src/adapters/sql/sql-licence-check-states.ts';
import { changeLicence } from '../../src/services/licences/change-licence.ts';
import { changeLicenceStatus } from '../../src/services/licences/change-licence-status.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import type { VerificationDeps } from '../../src/services/verification/verification-deps.ts';
import { verifyLicenceByHandle } from '../../src/services/verification/verify-licence-by-handle.ts';
import { verifyLicenceByIdentifier } from '../../src/services/verification/verify-licence-by-identifier.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { PUBLIC, STAFF, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';

describe.each(sqlBackends)('repeated verifications of one handle over $name', (backend) => {
  let v: VerificationWorld;
  let deps: VerificationDeps;
  let storeReads: string[];

  /** The world's deps with fresh snapshot checks, noting every read that reaches a store besides the state statement. */
  function counted(registry: VerificationDeps['seals']['seals'] = v.deps.seals.seals): VerificationDeps {
    const note = <T extends object>(name: string, target: T): T => new Proxy(target, {
      get(t, p, r) {
        const value = Reflect.get(t, p, r);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => { storeReads.push(`${name}.${String(p)}`); return (value as (...a: unknown[]) => unknown).apply(t, args); };
      },
    });
    return v.rewired({
      ...v.deps,
      licences: { ...v.deps.licences, store: note('licences', v.deps.licences.store) },
      seals: { ...v.deps.seals, seals: note('seals', registry), crls: note('crls', v.deps.seals.crls), vault: note('vault', v.deps.seals.vault) },
    });
  }

  const verify = async (l: LicenceRecord) => (await verifyLicenceByHandle(deps, { handle: l.handle }, PUBLIC)).verdict;

  beforeAll(async () => { v = await verificationWorld(backend); }, 60_000);
  afterAll(async () => v?.cleanup());

  it('reads through the stores until a full set is kept, then only the state statement', async () => {
    deps = counted();
    storeReads = [];
    const l = await v.issueProof();
    expect((await verify(l)).result).toBe('VALID');
    expect((await verify(l)).result).toBe('VALID');
    expect(storeReads).toEqual(expect.arrayContaining(['licences.events', 'licences.findSuccessor', 'seals.findByCode', 'seals.events', 'vault.info', 'crls.latest']));
    storeReads = [];
    const third = await verify(l);
    expect(third.result).toBe('VALID');
    expect(third.checks.map((c) => c.code)).toEqual(['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_VALID', 'DATES_WITHIN', 'SHARE_NOT_PRESENTED']);
    expect(storeReads).toEqual([]);
  });

  it('keeps nothing read under a failure: the verdict cannot confirm and the next one reads through again', async () => {
    const registry = v.deps.seals.seals;
    let down = false;
    deps = counted({
      findByCode: (code) => (down ? Promise.reject(new AppError('ERR_STORE_UNAVAILABLE', 'down')) : registry.findByCode(code)),
      events: (id) => registry.events(id),
    });
    const l = await v.issueProof();
    for (let i = 0; i < 3; i++) expect((await verify(l)).result).toBe('VALID');
    // The seal's registry entry changes (a new stamp), and the registry fails while it is read again.
    const code = v.licenceSeal.code!;
    const seal = await v.w.knex('seals').where('code', code).first('version');
    await v.w.knex('seals').where('code', code).update({ version: Number(seal.version) + 1 });
    down = true;
    expect((await verify(l)).result).toBe('CANNOT_CONFIRM');
    down = false;
    storeReads = [];
    expect((await verify(l)).result).toBe('VALID');
    expect(storeReads).toEqual(expect.arrayContaining(['licences.events', 'licences.findSuccessor', 'seals.findByCode', 'crls.latest']));
    // As after a first look: once more under a stamp that covers the seal, then only the state statement.
    expect((await verify(l)).result).toBe('VALID');
    storeReads = [];
    expect((await verify(l)).result).toBe('VALID');
    expect(storeReads).toEqual([]);
  });

  it('verifications by identifier go through the same kept reads and see a revocation at once', async () => {
    deps = counted();
    const l = await v.issueProof();
    const byIdentifier = async () => (await verifyLicenceByIdentifier(deps, { identifier: l.identifier }, PUBLIC)).verdict.result;
    for (let i = 0; i < 3; i++) expect(await byIdentifier()).toBe('VALID');
    storeReads = [];
    expect(await byIdentifier()).toBe('VALID');
    expect(storeReads).toEqual(['licences.findByIdentifier']);
    await changeLicenceStatus(v.licenceDeps, { licenceId: l.id, action: 'revoke', reason: '依法撤销' }, STAFF);
    expect(await byIdentifier()).toBe('REVOKED');
  });

  it('a status change, a new version and a changed byte each show at the next verification', async () => {
    deps = counted();
    const l = await v.issueProof();
    const warm = async () => { for (let i = 0; i < 3; i++) expect((await verify(l)).result).toBe('VALID'); };
    await warm();
    await changeLicenceStatus(v.licenceDeps, { licenceId: l.id, action: 'suspend', reason: '依法暂停' }, STAFF);
    expect((await verify(l)).result).toBe('SUSPENDED');
    await changeLicenceStatus(v.licenceDeps, { licenceId: l.id, action: 'resume', reason: '恢复' }, STAFF);
    await warm();

    // A byte of the stored content changed behind the register's back.
    const key = licenceBlobKeys(l.id).content;
    const original = (await v.w.knex('stored_blobs').where('blob_key', key).first('bytes')).bytes as Uint8Array;
    const changed = Buffer.from(original);
    changed[changed.length - 3] ^= 1;
    await v.w.knex('stored_blobs').where('blob_key', key).update({ bytes: changed });
    expect((await verify(l)).result).toBe('TAMPERED');
    await v.w.knex('stored_blobs').where('blob_key', key).update({ bytes: Buffer.from(original) });
    await warm();

    const renewed = await changeLicence(v.licenceDeps, { licenceId: l.id, kind: 'renew' }, STAFF);
    expect(await verify(l)).toMatchObject({ result: 'SUPERSEDED', successor: { identifier: renewed.licence.identifier } });
    await changeLicenceStatus(v.licenceDeps, { licenceId: renewed.licence.id, action: 'revoke', reason: '依法撤销' }, STAFF);
    expect((await verify(renewed.licence)).result).toBe('REVOKED');
  });

  it('the stamp changes with the stored signature, the seal registry entry, the latest CRL and the seal-maker CA certificates', async () => {
    const l = await v.issueProof();
    const states = new SqlLicenceCheckStates(v.w.knex, v.files);
    const code = v.licenceSeal.code!;
    const keys = licenceBlobKeys(l.id);
    const query = { handle: l.handle, contentKey: keys.content, signatureKey: keys.signature, sealCode: code, caKeyId: PlatformKeys.sealMakerCa };
    const stamp = async () => (await states.read(query))!.stamp;
    const stamps = [await stamp()];
    expect(await stamp()).toBe(stamps[0]);
    expect(Buffer.from((await states.read(query))!.content!).toString()).toContain(l.identifier);
    await v.w.knex('stored_blobs').where('blob_key', keys.signature).update({ sm3: '0'.repeat(64) });
    stamps.push(await stamp());
    const seal = await v.w.knex('seals').where('code', code).first('version');
    await v.w.knex('seals').where('code', code).update({ version: Number(seal.version) + 1 });
    stamps.push(await stamp());
    const crl = await v.w.knex('seal_crls').orderBy('number', 'desc').first();
    const at = v.w.clock.now().toISOString();
    await v.w.knex('seal_crls').insert({ number: Number(crl?.number ?? 0) + 1, this_update: at, next_update: at, der: Buffer.from([0x30, 0]) });
    stamps.push(await stamp());
    const ca = await v.w.knex('vault_keys').where('key_id', PlatformKeys.sealMakerCa).orderBy('version', 'desc').first('version');
    await v.w.knex('vault_keys').where({ key_id: PlatformKeys.sealMakerCa, version: ca.version }).update({ certificate_chain: '[]' });
    stamps.push(await stamp());
    expect(new Set(stamps).size).toBe(5);
    expect(await states.read({ ...query, handle: 'ZZZZZZZZZZZZZZZZ' })).toBeNull();
  });
});
