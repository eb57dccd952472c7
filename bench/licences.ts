// Licence issuance throughput on one core: sealed licences issued per second end to end, each as
// a PDF and an OFD (validate → identifier → SES signature → lay out → PDF render + stamp, OFD
// render + seal → store in one transaction → audit),
// on embedded SQLite, and on MariaDB when BENCH_MYSQL_URL is set. Beside it, measured in the same
// run, the reference: the bare cost of the same licence without the service around it (SES
// signature + PDF render + stamp, no store, no audit), and the ratio. Then the share of time in
// each step, from the steps timed one by one, and the two formats apart: the same face drawn and
// sealed as PDF only and as OFD only (each making the face's font subsets, which an issuance
// makes once for both), per CPU-second. Target: 50 issuances per second on one core, with the
// service's default settings (licence files sealed at rest): judged on issuances per CPU-second of
// this process (one after another, so on MariaDB the wall-clock rate also waits on the database
// server's round trips, which are not this core's work); both are printed. The rate with
// SEAL_LICENCE_FILES=false follows.
// Then batch import: 1,000 JSON lines through the import use case (each line checked and issued
// by the same issuance use case), lines per second and the share of time in each phase, and a
// rerun of the same lines (every line already issued: nothing is issued twice), and the event loop
// during the first run: its largest delay and the CPU time of its longest turn (target: no turn
// holds the thread for 100 ms, so that requests are answered while an import runs).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

if (process.env.BENCH_MYSQL_URL) process.env.TEST_MYSQL_URL = process.env.BENCH_MYSQL_URL;
const { sqlBackends } = await import('../test/support/sql-backends.ts');
const { BUSINESS, businessData, ISSUER, makeLicenceKit } = await import('../test/services/licences/licence-kit.ts');
const { issueLicence } = await import('../src/services/licences/issue-licence.ts');
const { planIssuance, signContent, renderAndSeal, storeIssuance } = await import('../src/services/licences/issuance-steps.ts');
const { importLicences } = await import('../src/services/licences/import-licences.ts');
const { importRecords } = await import('../src/services/licences/import-formats.ts');
const { turnLine, watchTurns, TURN_BOUND_MS } = await import('../test/support/loop-watch.ts');
const { layoutLicence } = await import('../src/services/licences/licence-face.ts');
const { renderLicencePdf } = await import('../src/services/licences/render-licence.ts');
const { renderLicenceOfd } = await import('../src/services/licences/render-licence-ofd.ts');
const { faceFonts } = await import('../src/services/licences/face-fonts.ts');
const { stampPdf } = await import('../src/pdf/stamp.ts');
const { SESeal } = await import('../src/crypto/ses/SESeal.ts');

const SECONDS = Number(process.argv[2] ?? 3);
const TARGET = 50;
const IMPORT_LINES = Number(process.env.BENCH_IMPORT_LINES ?? 1000);
const STAFF = { id: 's_bench', kind: 'staff' } as const;
const data = () => businessData({ name: `杭州${randomBytes(3).toString('hex')}科技有限公司` });

/** Calls of `f` per second of wall time, one after another; `perCpuSecond`: per CPU-second of this process. */
async function rates(f: () => Promise<unknown>): Promise<{ perSecond: number; perCpuSecond: number }> {
  for (const until = performance.now() + 300; performance.now() < until;) await f();
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - start < SECONDS * 1000) {
    await f();
    n++;
  }
  const used = process.cpuUsage(cpu);
  return { perSecond: n / ((performance.now() - start) / 1000), perCpuSecond: n / ((used.user + used.system) / 1e6) };
}

async function rate(f: () => Promise<unknown>): Promise<number> {
  return (await rates(f)).perSecond;
}

for (const backend of sqlBackends) {
  const db = await backend.open();
  const kit = await makeLicenceKit(db.knex, { sealFiles: true });
  // The service clock is fixed for the tests; a moving clock keeps issuance times realistic.
  kit.clock.now = () => new Date();
  const deps = kit.deps;

  const reference = await rate(async () => {
    const plan = await planIssuance(deps, { typeCode: BUSINESS, issuer: ISSUER, data: data() }, { idempotencyKey: null, requestSm3: null, actor: STAFF });
    await signContent(plan);
    await renderAndSeal(deps, plan);
  });
  const issuedRates = await rates(() => issueLicence(deps, { typeCode: BUSINESS, issuer: ISSUER, data: data(), idempotencyKey: randomBytes(12).toString('hex') }, STAFF));
  const issued = issuedRates.perSecond;

  const steps = { plan: 0, sign: 0, renderAndSeal: 0, store: 0, audit: 0 };
  const runs = 40;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const lap = (k: keyof typeof steps) => { const now = performance.now(); steps[k] += now - t; t = now; };
    const plan = await planIssuance(deps, { typeCode: BUSINESS, issuer: ISSUER, data: data() }, { idempotencyKey: null, requestSm3: null, actor: STAFF });
    lap('plan');
    const signature = await signContent(plan);
    lap('sign');
    const files = await renderAndSeal(deps, plan);
    lap('renderAndSeal');
    await storeIssuance(deps, plan, { ...files, signature }, STAFF);
    lap('store');
    await deps.audit.append({ actor: STAFF, action: 'licence.issue', object: plan.record.identifier, outcome: 'success', details: {} });
    lap('audit');
  }
  // The formats apart: lay out the face, then only the PDF (render + stamp) or only the OFD (render + seal).
  const formatPlan = await planIssuance(deps, { typeCode: BUSINESS, issuer: ISSUER, data: data() }, { idempotencyKey: null, requestSm3: null, actor: STAFF });
  const face = () => layoutLicence({
    template: formatPlan.template, data: formatPlan.data, fonts: deps.fonts,
    values: { identifier: formatPlan.record.identifier, issuerName: formatPlan.record.issuerName, issueDate: formatPlan.record.validFrom, validFrom: formatPlan.record.validFrom, validUntil: formatPlan.record.validUntil, verificationUrl: formatPlan.url },
  });
  const pdfOnly = await rates(async () => {
    const f = face();
    const r = await renderLicencePdf({ face: f, fonts: await faceFonts(f, deps.fonts), createdAt: formatPlan.issuedAt });
    await stampPdf(r.pdf, { page: 1, rect: r.sealRect, image: formatPlan.seal.image, signingTime: formatPlan.issuedAt, signer: formatPlan.seal.signer, name: ISSUER.name, reason: formatPlan.record.identifier, fieldName: 'LicenceSeal' });
  });
  const sealData = { seal: SESeal.decode(formatPlan.seal.seal), signer: formatPlan.seal.signer };
  const ofdOnly = await rates(async () => {
    const f = face();
    await renderLicenceOfd({
      face: f, fonts: await faceFonts(f, deps.fonts), content: formatPlan.content, issueDate: formatPlan.record.validFrom, createdAt: formatPlan.issuedAt, docId: '0'.repeat(32), seal: sealData,
    });
  });

  const total = Object.values(steps).reduce((a, b) => a + b, 0);
  const perCore = issuedRates.perCpuSecond;
  console.log(`licences on ${backend.name}: ${issued.toFixed(1)} issued/s end to end, ${perCore.toFixed(1)} per CPU-second of this process (target ${TARGET} per core: ${perCore >= TARGET ? 'met' : 'not met'})`);
  console.log(`  reference, same run: ${reference.toFixed(1)}/s for the bare signature + render + stamp of both formats; ratio issued/reference ${(issued / reference).toFixed(2)}`);
  console.log(`  formats apart (lay out + draw + seal, per CPU-second): OFD ${ofdOnly.perCpuSecond.toFixed(1)}, PDF ${pdfOnly.perCpuSecond.toFixed(1)}; issuances with both formats: ${perCore.toFixed(1)} per CPU-second`);
  const plainKit = await makeLicenceKit(db.knex, { sealFiles: false });
  plainKit.clock.now = () => new Date();
  const plain = await rates(() => issueLicence(plainKit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: data(), idempotencyKey: randomBytes(12).toString('hex') }, STAFF));
  console.log(`  with licence files not sealed at rest (SEAL_LICENCE_FILES=false): ${plain.perSecond.toFixed(1)} issued/s, ${plain.perCpuSecond.toFixed(1)} per CPU-second`);
  console.log(`  share of time per step (${runs} runs, ${(total / runs).toFixed(1)} ms each): ${Object.entries(steps).map(([k, v]) => `${k} ${((v / total) * 100).toFixed(0)}%`).join(', ')}`);

  // Batch import: the lines of a file, split, then checked and issued one by one.
  const file = Array.from({ length: IMPORT_LINES }, (_, i) => JSON.stringify({ key: `bench-${randomBytes(6).toString('hex')}-${i}`, typeCode: BUSINESS, data: data() })).join('\n');
  const phases = { split: 0, lines: 0 };
  const importOnce = async () => {
    let t = performance.now();
    const records = await importRecords(file, 'jsonl', Number.POSITIVE_INFINITY);
    phases.split += performance.now() - t;
    t = performance.now();
    const out = await importLicences(deps, { records, issuer: ISSUER }, STAFF, () => {
      const now = performance.now();
      phases.lines += now - t;
      t = now;
    });
    return out;
  };
  let start = performance.now();
  const importCpu = process.cpuUsage();
  const turns = watchTurns();
  const first = await importOnce();
  const loop = turns.stop();
  const importSeconds = (performance.now() - start) / 1000;
  const importCpuUsed = process.cpuUsage(importCpu);
  const importPerCore = first.issued / ((importCpuUsed.user + importCpuUsed.system) / 1e6);
  const shares = { split: phases.split / (phases.split + phases.lines), lines: phases.lines / (phases.split + phases.lines) };
  start = performance.now();
  const rerun = await importOnce();
  const rerunSeconds = (performance.now() - start) / 1000;
  console.log(`  import of ${IMPORT_LINES} lines: ${first.issued} issued in ${importSeconds.toFixed(1)} s, ${(first.issued / importSeconds).toFixed(1)} licences/s, ${importPerCore.toFixed(1)} per CPU-second (target ${TARGET} per core: ${importPerCore >= TARGET ? 'met' : 'not met'}; ${first.failed} failed)`);
  console.log(`    share of time: split ${(shares.split * 100).toFixed(1)}%, per line (check + issue, whose steps share as above) ${(shares.lines * 100).toFixed(1)}%`);
  console.log(`    event loop during the import: ${turnLine(loop)} (target: no turn over ${TURN_BOUND_MS} ms: ${loop.turnCpuMaxMs < TURN_BOUND_MS ? 'met' : 'not met'})`);
  console.log(`    rerun of the same file: ${rerun.issued} issued, ${rerun.replayed} already issued, ${(rerun.total / rerunSeconds).toFixed(0)} lines/s`);
  await db.cleanup();
}
