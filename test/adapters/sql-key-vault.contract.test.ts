import { randomBytes, sign as nodeSign, verify as nodeVerify, createPrivateKey, createPublicKey } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseKekRing } from '../../src/adapters/keys/kek.ts';
import { SqlKeyVault } from '../../src/adapters/keys/sql-key-vault.ts';
import { verify } from '../../src/crypto/sm2.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { systemClock } from '../../src/ports/clock.ts';
import { sqlContractBackends } from '../support/sql-backends.ts';

const kekLine = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe.each(sqlContractBackends)('SQL key vault on $name', (backend) => {
  let knex: Knex;
  let cleanup: () => Promise<void>;
  const ring = parseKekRing(kekLine('k1'), 'test');
  let vault: SqlKeyVault;

  beforeAll(async () => { ({ knex, cleanup } = await backend.open()); });
  afterAll(async () => cleanup());
  beforeEach(async () => {
    await knex('vault_keys').del();
    vault = new SqlKeyVault(knex, () => ring, systemClock);
  });

  it('creates SM2 keys whose signer signs verifiably, and refuses a taken id', async () => {
    const info = await vault.create('seal-1', 'sm2');
    expect(info).toMatchObject({ keyId: 'seal-1', version: 1, algorithm: 'sm2', certificateChain: [] });
    expect(info.publicKey.length).toBe(65);
    const signer = await vault.signerFor('seal-1');
    const msg = new TextEncoder().encode('盖章 document');
    expect(verify(info.publicKey, msg, await signer.sign(msg))).toBe(true);
    expect(signer.keyId).toBe('seal-1#1');
    await expect(vault.create('seal-1', 'sm2')).rejects.toSatisfy((e) => isAppError(e, 'ERR_CONFLICT'));
  });

  it('keeps only wrapped private keys in the database', async () => {
    await vault.create('seal-2', 'sm2');
    const row = await knex('vault_keys').where({ key_id: 'seal-2' }).first();
    const pkcs8 = await (async () => {
      await vault.create('tok', 'ec-p256');
      return vault.exportPrivateKey('tok');
    })();
    const tokRow = await knex('vault_keys').where({ key_id: 'tok' }).first();
    expect(Buffer.from(tokRow.wrapped_private).includes(Buffer.from(pkcs8).subarray(-32))).toBe(false);
    expect(Buffer.from(row.wrapped_private).length).toBeGreaterThan(32 + 32);
  });

  it('rotates to new versions and keeps old ones usable', async () => {
    const v1 = await vault.create('rot', 'sm2');
    const v2 = await vault.rotate('rot');
    expect(v2.version).toBe(2);
    expect(Buffer.from(v2.publicKey).equals(Buffer.from(v1.publicKey))).toBe(false);
    expect((await vault.info('rot'))?.version).toBe(2);
    expect((await vault.versions('rot')).map((k) => k.version)).toEqual([1, 2]);
    const old = await vault.signerFor('rot', 1);
    const m = new Uint8Array([1, 2, 3]);
    expect(verify(v1.publicKey, m, await old.sign(m))).toBe(true);
  });

  it('stores certificate chains', async () => {
    await vault.create('c', 'sm2');
    await vault.setCertificateChain('c', 1, [new Uint8Array([0x30, 1, 2]), new Uint8Array([0x30, 3])]);
    expect((await vault.info('c'))?.certificateChain.map((x) => [...x])).toEqual([[0x30, 1, 2], [0x30, 3]]);
    await expect(vault.setCertificateChain('c', 9, [])).rejects.toSatisfy((e) => isAppError(e, 'ERR_NOT_FOUND'));
  });

  it('exports ES256 keys for token signing but never SM2 keys', async () => {
    const info = await vault.create('oidc', 'ec-p256');
    const priv = createPrivateKey({ key: Buffer.from(await vault.exportPrivateKey('oidc')), format: 'der', type: 'pkcs8' });
    const pub = createPublicKey({ key: Buffer.from(info.publicKey), format: 'der', type: 'spki' });
    const sig = nodeSign('sha256', Buffer.from('jwt'), priv);
    expect(nodeVerify('sha256', Buffer.from('jwt'), pub, sig)).toBe(true);
    await vault.create('s', 'sm2');
    await expect(vault.exportPrivateKey('s')).rejects.toSatisfy((e) => isAppError(e, 'ERR_FORBIDDEN'));
  });

  it('fails closed with a wrong key-encryption key, a tampered or a swapped row', async () => {
    await vault.create('a', 'sm2');
    await vault.create('b', 'sm2');
    const other = new SqlKeyVault(knex, () => parseKekRing(kekLine('k1'), 'test'), systemClock);
    await expect(other.signerFor('a')).rejects.toSatisfy((e) => isAppError(e, 'ERR_NOT_READY'));
    const rowB = await knex('vault_keys').where({ key_id: 'b' }).first();
    await knex('vault_keys').where({ key_id: 'a' }).update({ wrapped_private: rowB.wrapped_private });
    await expect(vault.signerFor('a')).rejects.toSatisfy((e) => isAppError(e, 'ERR_NOT_READY'));
    const flipped = Buffer.from(rowB.wrapped_private);
    flipped[flipped.length - 40] ^= 1;
    await knex('vault_keys').where({ key_id: 'b' }).update({ wrapped_private: flipped });
    await expect(vault.signerFor('b')).rejects.toSatisfy((e) => isAppError(e, 'ERR_NOT_READY'));
  });

  it('unwraps keys made under an older key-encryption key after rotation', async () => {
    const oldLine = kekLine('old');
    const before = new SqlKeyVault(knex, () => parseKekRing(oldLine, 'test'), systemClock);
    const info = await before.create('legacy', 'sm2');
    const after = new SqlKeyVault(knex, () => parseKekRing(`${kekLine('new')}\n${oldLine}`, 'test'), systemClock);
    const m = new Uint8Array([9]);
    expect(verify(info.publicKey, m, await (await after.signerFor('legacy')).sign(m))).toBe(true);
    const fresh = await after.create('fresh', 'sm2');
    const row = await knex('vault_keys').where({ key_id: 'fresh' }).first();
    expect(Buffer.from(row.wrapped_private).subarray(2, 5).toString()).toBe('new');
    expect(fresh.version).toBe(1);
  });
});

describe('key-encryption key ring', () => {
  it('parses id:base64 entries, first current, and rejects bad ones', () => {
    const a = kekLine('a');
    const ring = parseKekRing(`# comment, with comma\n${a}, ${kekLine('b')}`, 'KEK');
    expect(ring.current.id).toBe('a');
    expect(ring.get('b')?.length).toBe(32);
    expect(() => parseKekRing('a:c2hvcnQ=', 'KEK')).toThrow(/16 or 32 bytes/);
    expect(() => parseKekRing('# nothing', 'KEK')).toThrow(/no key-encryption key/);
  });
});
