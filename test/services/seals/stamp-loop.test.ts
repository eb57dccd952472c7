// Stamping a 20 MB-class, 420-page PDF through the seal service with the worker pool the service
// uses: reading and writing the document run on the pool, so no turn of the service's event loop
// holds its thread for 100 ms of CPU (loop-watch.ts), while the signing stays on it; the stamped
// file verifies and its audit record names the right SM3s. Placement errors thrown on the pool
// keep their codes. The figures are printed, so a run shows how far from the target it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerPoolRunner } from '../../../src/adapters/workers/worker-pool-runner.ts';
import { sm3 } from '../../../src/crypto/sm3.ts';
import type { DocumentInspector, InspectionTasks } from '../../../src/services/seals/inspection-tasks.ts';
import { stampDocument } from '../../../src/services/seals/stamp-document.ts';
import type { StampRequest } from '../../../src/services/seals/stamp-document.ts';
import { verifySealedPdf } from '../../../src/services/seals/verify-sealed-pdf.ts';
import { largePdf, makePdf } from '../../pdf/fixtures.ts';
import { TURN_BOUND_MS, turnLine, watchTurns } from '../../support/loop-watch.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { ids, sealWorld } from './seal-fixture.ts';
import type { SealWorld } from './seal-fixture.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('stamping on the worker pool', () => {
  let w: SealWorld;
  let inspector: DocumentInspector;
  let big: Buffer;
  let small: Buffer;

  beforeAll(async () => {
    w = await sealWorld(sqlBackends[0]!);
    inspector = workerPoolRunner<InspectionTasks>({
      module: new URL('../../../src/services/seals/inspection-tasks.ts', import.meta.url), exportName: 'inspectionTasks',
      threads: 1, maxQueue: 4, taskTimeoutMs: 60_000, queueTimeoutMs: 60_000, maxHeapMb: 256,
    });
    [big, small] = await Promise.all([largePdf(20), makePdf(2)]);
  }, 120_000);
  afterAll(async () => {
    await inspector?.close();
    await w?.cleanup();
  });

  const stamp = (over: Partial<StampRequest> & { sealId: string }) => stampDocument(
    { ...w.deps, inspector },
    { pdf: small, at: { page: 1, x: 450, y: 150 }, reason: '合同签订', session: w.strong(), ...over },
    { accountId: ids.clerk },
  );

  for (const container of ['ses', 'cms'] as const) it(`a 20 MB, 420-page stamp leaves the service thread free and verifies (${container} container)`, async () => {
    expect(big.length).toBeGreaterThan(20 * 1024 * 1024);
    const seal = await w.grantedSeal(container === 'ses' ? 'contract' : 'finance');
    // The pool's thread has loaded the readers before anything is timed.
    await stamp({ sealId: seal.id, container });

    // The service takes the bytes it is given (they move to the pool's thread).
    const given = Buffer.from(big);
    const turns = watchTurns();
    const t0 = performance.now();
    const out = await stamp({ sealId: seal.id, pdf: given, at: { page: 420, x: 450, y: 150 }, container });
    const wall = performance.now() - t0;
    // The watch sees a turn only when its timer fires after it.
    await new Promise((r) => setTimeout(r, 50));
    const figures = turns.stop();
    console.log(`stamp of ${(big.length / 2 ** 20).toFixed(1)} MB (${container}) in ${(wall / 1000).toFixed(2)} s: ${turnLine(figures)}`);
    expect(figures.turnCpuMaxMs).toBeLessThan(TURN_BOUND_MS);

    expect(out.pdf.subarray(0, big.length).equals(big)).toBe(true);
    expect(out.use.documentSm3).toBe(hex(sm3(out.pdf)));
    const audit = (await w.audit.page(0, 100_000)).filter((r) => r.action === 'seal.use' && r.object === seal.id).at(-1)!;
    expect(JSON.parse(audit.details)).toMatchObject({ documentSm3: out.use.documentSm3, originalSm3: hex(sm3(big)), page: 420, fieldName: out.use.fieldName });
    const report = await verifySealedPdf({ ...w.verifyDeps, inspector }, out.pdf);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures.map((s) => [s.fieldName, s.pdf.indication, s.ses?.indication, s.registry.status])).toEqual([[out.use.fieldName, 'TOTAL_PASSED', 'TOTAL_PASSED', 'passed']]);
  }, 180_000);

  it('errors thrown on the pool keep their codes, and nothing is recorded', async () => {
    const seal = await w.grantedSeal();
    const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string; details?: unknown }) => [e.code, e.details]);
    expect(await code(stamp({ sealId: seal.id, at: { page: 3, x: 100, y: 100 } }))).toEqual(['ERR_PLACEMENT_INVALID', { reason: 'ERR_PDF_PAGE_RANGE' }]);
    expect(await code(stamp({ sealId: seal.id, at: { keyword: '盖章处' } }))).toEqual(['ERR_KEYWORD_NOT_FOUND', { reason: 'ERR_PDF_KEYWORD_NOT_FOUND' }]);
    expect(await code(stamp({ sealId: seal.id, pdf: Buffer.from('%PDF-1.7\nnot really') }))).toEqual(['ERR_DOCUMENT_INVALID', { reason: 'ERR_PDF_MALFORMED' }]);
    expect(await w.deps.grants.uses(seal.id)).toEqual([]);
  });
});
