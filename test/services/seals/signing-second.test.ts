// Signing times are whole seconds while the seal history is kept in milliseconds: a seal approved
// earlier in the same second as a stamp is active for that stamp; a suspension in the same second
// leaves the order unknown, so the registry cannot confirm it rather than guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampDocument } from '../../../src/services/seals/stamp-document.ts';
import { suspendSeal } from '../../../src/services/seals/suspend-seal.ts';
import { verifySealedPdf } from '../../../src/services/seals/verify-sealed-pdf.ts';
import { makePdf } from '../../pdf/fixtures.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { ids, sealWorld } from './seal-fixture.ts';
import type { SealWorld } from './seal-fixture.ts';

describe('seal status within the signing second', () => {
  let w: SealWorld;
  let pdf: Buffer;
  beforeAll(async () => {
    w = await sealWorld(sqlBackends[0]!);
    pdf = await makePdf(1);
  });
  afterAll(async () => w.cleanup());

  const stampNow = async (sealId: string) => (await stampDocument(w.deps, {
    sealId, pdf, at: { page: 1, x: 300, y: 300 }, reason: '合同签订', session: w.strong(),
  }, { accountId: ids.clerk })).pdf;

  it('a stamp in the second of approval verifies', async () => {
    w.clock.set(new Date('2026-03-03T02:00:00.200Z'));
    const seal = await w.grantedSeal();
    w.clock.advance(500);
    const r = await verifySealedPdf(w.verifyDeps, await stampNow(seal.id));
    expect(r.indication).toBe('TOTAL_PASSED');
    expect(r.signatures[0]!.registry).toMatchObject({ status: 'passed', statusAtSigning: 'active' });
  });

  it('a suspension in the signing second cannot be ordered: indeterminate, never passed', async () => {
    w.clock.set(new Date('2026-03-03T03:00:00.100Z'));
    const seal = await w.grantedSeal();
    w.clock.set(new Date('2026-03-03T03:05:00.300Z'));
    const sealed = await stampNow(seal.id);
    w.clock.advance(300);
    await suspendSeal(w.deps, { sealId: seal.id, reason: '遗失核查' }, { accountId: ids.keeper });
    const r = await verifySealedPdf(w.verifyDeps, sealed);
    // The CRL dates the suspension to the same second too, which the SES check counts against it.
    expect(r.signatures[0]!.indication).not.toBe('TOTAL_PASSED');
    expect(r.signatures[0]!.registry).toMatchObject({ status: 'indeterminate', statusAtSigning: 'active' });
  });
});
