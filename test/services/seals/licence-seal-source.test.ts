import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESeal } from '../../../src/crypto/ses/index.ts';
import { verify } from '../../../src/crypto/sm2.ts';
import { licenceSealSource } from '../../../src/services/seals/licence-seal-source.ts';
import { suspendSeal } from '../../../src/services/seals/suspend-seal.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { ids, sealWorld } from './seal-fixture.ts';
import type { SealWorld } from './seal-fixture.ts';

const AMR_CODE = '11330105002500287C';

describe('licence seals from the seal registry', () => {
  let w: SealWorld;
  beforeAll(async () => {
    w = await sealWorld(sqlBackends[0]!);
    await w.knex('departments').where({ id: 'd-amr' }).update({ credit_code: AMR_CODE });
  });
  afterAll(async () => w.cleanup());

  it('gives the issuing department\'s active licence seal, its signer and image, and nothing once suspended', async () => {
    const source = licenceSealSource({ seals: w.deps.seals, accounts: w.deps.accounts, vault: w.deps.vault, clock: w.clock });
    expect(await source.licenceSealFor(AMR_CODE)).toBeNull();
    await w.activeSeal('contract');
    expect(await source.licenceSealFor(AMR_CODE)).toBeNull();
    const seal = await w.activeSeal('licence');
    const found = await source.licenceSealFor(AMR_CODE);
    expect(Buffer.from(found!.seal).equals(Buffer.from(seal.sesSeal!))).toBe(true);
    expect(Buffer.from(found!.image).equals(Buffer.from(seal.image!))).toBe(true);
    const decoded = SESeal.decode(found!.seal);
    expect(decoded.sealInfo.esID).toBe(seal.code);
    const msg = new TextEncoder().encode('证照');
    expect(verify(found!.signer.publicKey, msg, await found!.signer.sign(msg))).toBe(true);
    expect(await source.licenceSealFor('91330100MA2B123456')).toBeNull();
    await suspendSeal(w.deps, { sealId: seal.id, reason: '核查' }, { accountId: ids.keeper });
    expect(await source.licenceSealFor(AMR_CODE)).toBeNull();
  });
});
