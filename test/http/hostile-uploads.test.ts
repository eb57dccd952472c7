// Crafted uploads to the public verification API, read on the worker pool as the service reads
// them: every crafted kind is answered 422 with a stable code within seconds, while /healthz,
// asked every 10 ms meanwhile, keeps answering at once; a genuine licence PDF, and an OFD, get
// the same verdict through the pool as on the calling thread. (The seal API and the stamping
// preview are covered in seals.test.ts and seal-desk.test.ts, over the whole service.)
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKvStore } from '../../src/adapters/kv/memory-kv-store.ts';
import { workerPoolRunner } from '../../src/adapters/workers/worker-pool-runner.ts';
import { createApp } from '../../src/http/app.ts';
import { verificationRoutes } from '../../src/http/routes/verification.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import type { DocumentInspector, InspectionTasks } from '../../src/services/seals/inspection-tasks.ts';
import { verifyUpload } from '../../src/services/verification/verify-upload.ts';
import { hostilePdf } from '../support/hostile-pdf.ts';
import { VERIFY_KINDS, fixtureUrl } from '../support/make-hostile-fixtures.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { PUBLIC, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';

/** Time to answer one upload, and the worst /healthz latency while it ran (the machine is shared: generous). */
const ANSWER_MS = 10_000;
const HEALTH_MS = 500;

describe('crafted uploads to /api/verify', () => {
  let v: VerificationWorld;
  let inspector: DocumentInspector;
  let url: string;
  let server: Server;

  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    inspector = workerPoolRunner<InspectionTasks>({
      module: new URL('../../src/services/seals/inspection-tasks.ts', import.meta.url), exportName: 'inspectionTasks',
      threads: 1, maxQueue: 4, taskTimeoutMs: 8_000, queueTimeoutMs: 10_000, maxHeapMb: 256,
    });
    const deps = { ...v.deps, seals: { ...v.deps.seals, inspector } };
    const app = createApp({
      logger: pino({ level: 'silent' }), bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false,
      routers: [verificationRoutes({ verification: deps, counters: new MemoryKvStore(), limits: { publicPerMinute: 10_000, verifierPerMinute: 10_000 }, readToken: async () => null })],
    });
    server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The pool's thread is up before anything is timed.
    await fetch(`${url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: readFileSync(fixtureUrl('xref-loop')) });
  }, 60_000);
  afterAll(async () => {
    await new Promise((r) => server?.close(() => r(undefined)));
    await inspector?.close();
    await v?.cleanup();
  });

  /** Posts `body` while asking /healthz every 10 ms; the answer, its time and the worst health latency. */
  async function postWatched(body: Uint8Array | FormData, type?: string) {
    let worst = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        await (await fetch(`${url}/healthz`)).arrayBuffer();
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const t = performance.now();
    const res = await fetch(`${url}/api/verify`, { method: 'POST', headers: type ? { 'content-type': type, accept: 'application/json' } : { accept: 'application/json' }, body });
    const json = (await res.json()) as { error?: { code: string } };
    const ms = performance.now() - t;
    polling = false;
    await poller;
    return { status: res.status, code: json.error?.code, ms, worstHealthMs: worst };
  }

  const crafted: [string, () => Buffer, string][] = [
    ...VERIFY_KINDS.map((k): [string, () => Buffer, string] => [
      k, () => readFileSync(fixtureUrl(k)), k === 'xref-loop' ? 'ERR_DOCUMENT_INVALID' : 'ERR_DOCUMENT_TOO_COMPLEX',
    ]),
    ['nesting (1.2 MB)', () => hostilePdf('nesting', 1_200_000), 'ERR_DOCUMENT_TOO_COMPLEX'],
    // The file of the finding: 11.5 s of a frozen service and 1.5 GB before.
    ['object streams (1.5 MB)', () => hostilePdf('object-streams', 1_500_000), 'ERR_DOCUMENT_TOO_COMPLEX'],
  ];
  for (const [name, make, code] of crafted) {
    it(`${name}: 422 ${code} in bounded time, /healthz answering meanwhile`, async () => {
      const r = await postWatched(make(), 'application/pdf');
      expect(r).toMatchObject({ status: 422, code });
      expect(r.ms).toBeLessThan(ANSWER_MS);
      expect(r.worstHealthMs).toBeLessThan(HEALTH_MS);
    });
  }

  it('the same through the page\'s multipart form', async () => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(fixtureUrl('object-streams'))], { type: 'application/pdf' }), 'bomb.pdf');
    const r = await postWatched(form);
    expect(r).toMatchObject({ status: 422, code: 'ERR_DOCUMENT_TOO_COMPLEX' });
    expect(r.worstHealthMs).toBeLessThan(HEALTH_MS);
  });

  it('a genuine licence PDF gets the same verdict through the pool as on the calling thread', async () => {
    const l = await v.issueProof();
    const pdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(l.id).pdf)))!.bytes;
    const here = (await verifyUpload(v.deps, pdf, PUBLIC)).verdict;
    const res = await fetch(`${url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: pdf });
    const pooled = ((await res.json()) as { verdict: typeof here }).verdict;
    expect(res.status).toBe(200);
    expect(pooled.result).toBe('VALID');
    expect(pooled.checks).toEqual(here.checks);
    expect(pooled.subject).toEqual(here.subject);
  });

  it('an OFD with foreign seals too (the e-invoice of another product)', async () => {
    const ofd = new Uint8Array(readFileSync('/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd'));
    const here = (await verifyUpload(v.deps, ofd, PUBLIC)).verdict;
    const res = await fetch(`${url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/ofd', accept: 'application/json' }, body: ofd });
    const pooled = ((await res.json()) as { verdict: typeof here }).verdict;
    expect(pooled.result).toBe(here.result);
    expect(pooled.checks).toEqual(here.checks);
    expect(pooled.subject).toEqual(here.subject);
  });
});
