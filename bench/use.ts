// Licence use (用证) beside verification by handle, in the same run on the same service: a
// holder with five licences (four no-criminal-record certificates and a special operations
// certificate) and a service item listing both types; a system retrieves them under its legal
// basis, data only and with the sealed files, and a verifier system verifies one of them by
// handle (POST /api/verify with its client-credentials token). The HTTP clients run in a worker
// thread; the service's event-loop busy time per request is its cost on one core (its whole
// request path: HTTP, tokens, the SQLite database, the audit append, the signed receipt).
// Prints requests per CPU-second of the service for each, and the ratio of a data-only
// retrieval's cost to a verification's (target ≤ 2).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONCURRENCY = 8;

interface Job { url: string; token: string; body: unknown; expect: (b: unknown) => boolean }
interface Jobs { verify: Job; data: Job; files: Job }

async function runClients(jobs: Record<string, Omit<Job, 'expect'>>): Promise<void> {
  const checks: Record<string, (b: Record<string, unknown>) => boolean> = {
    verify: (b) => (b.verdict as { result: string }).result === 'VALID',
    data: (b) => (b.licences as unknown[]).length === 5,
    files: (b) => (b.licences as { file?: unknown }[]).every((l) => l.file !== undefined),
  };
  const once = async (name: string) => {
    const j = jobs[name]!;
    const res = await fetch(j.url, { method: 'POST', headers: { authorization: `Bearer ${j.token}`, 'content-type': 'application/json' }, body: JSON.stringify(j.body) });
    const body = (await res.json()) as Record<string, unknown>;
    if (!checks[name]!(body)) throw new Error(`${name}: unexpected answer ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  };
  parentPort!.on('message', (name: string) => {
    void (async () => {
      for (let i = 0; i < 30; i++) await once(name);
      parentPort!.postMessage('warm');
      let n = 0;
      const end = performance.now() + SECONDS * 1000;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          await once(name);
          n++;
        }
      }));
      parentPort!.postMessage(n);
    })().catch((e: unknown) => parentPort!.postMessage({ error: String(e) }));
  });
  parentPort!.postMessage('ready');
}

if (!isMainThread) {
  await runClients(workerData as Record<string, Omit<Job, 'expect'>>);
} else {
  const oidc = await import('openid-client');
  const { startOidcService } = await import('../test/support/oidc-service.ts');
  const { licenceUseWorld, issueToHolder, systemToken, PROOF, OPERATIONS } = await import('../test/support/licence-use-world.ts');
  const { apiToken } = await import('../test/http/licence-world.ts');
  const { residentId } = await import('../test/support/identity.ts');
  const { createAccount } = await import('../src/services/identity/create-account.ts');
  const { saveServiceItem } = await import('../src/services/licence-use/save-service-item.ts');
  const { grantLicenceUse } = await import('../src/services/licence-use/licence-use-permission.ts');
  const { registerApp } = await import('../src/services/apps/register-app.ts');
  const { createApp } = await import('../src/http/app.ts');
  const { licenceUseRoutes } = await import('../src/http/routes/licence-use.ts');
  const { verificationRoutes } = await import('../src/http/routes/verification.ts');
  const { readApiToken } = await import('../src/oidc/api-tokens.ts');
  const { pino } = await import('pino');

  const svc = await startOidcService();
  const c = svc.container;
  const system = { id: 'system:bench', kind: 'system' as const };
  const w = await licenceUseWorld(c, svc.url);
  const staff = await apiToken(svc.url, w.world.appId, 'L001', 'licences');
  const idNumber = residentId(77);
  await createAccount(c.identity, { kind: 'citizen', name: '赵六', idNumber, phone: null, assurance: 'L2', password: 'bench passphrase 77' }, system);
  await issueToHolder(svc.url, staff, { name: '赵六', idNumber }, 4, true, 'bench');
  const item = 'BENCH-0001';
  await saveServiceItem(c.licenceUse, {
    code: item, name: '特种作业人员入职备案', department: { code: '11330100MB0000000X', name: '杭州市应急管理局' }, legalBasis: '《安全生产法》第三十条',
    licences: [{ typeCode: PROOF, fields: ['name', 'statement', 'queriedOn'] }, { typeCode: OPERATIONS, fields: ['name', 'operationCategory', 'operationItem', 'firstIssuedOn'] }],
  }, system);
  await grantLicenceUse(c.licenceUse, { clientId: w.inspection.clientId, itemCode: item, legalBasis: '《安全生产法》第六十五条' }, system);
  const verifier = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
    name: '核验系统', kind: 'third_party', public: false, redirectUris: [], postLogoutRedirectUris: [], grantTypes: ['client_credentials'], scopes: ['verify'], fullIdNumber: false,
  }, system);
  const vcfg = await oidc.discovery(new URL(svc.issuer), verifier.clientId, verifier.clientSecret as string, oidc.ClientSecretBasic(verifier.clientSecret as string), { execute: [oidc.allowInsecureRequests] });
  const verifyToken = (await oidc.clientCredentialsGrant(vcfg, { scope: 'verify', resource: `${svc.url}/api` })).access_token;
  const useToken = await systemToken(svc.url, w.inspection);
  const handle = (await c.licences.store.listByHolder(await c.licences.holderIndex.keyFor('citizen', idNumber)))[0]!.handle;

  // The same routes as the service's, with the per-system limits lifted for the run.
  const readSystemToken = async (token: string) => readApiToken(await c.oidcProvider(), `${svc.url}/api`, token, { systems: true });
  const app = createApp({
    logger: pino({ level: 'silent' }), bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false,
    routers: [
      licenceUseRoutes({ ...c, kv: c.kv, perMinute: 1e9 }),
      verificationRoutes({ verification: c.verification, counters: c.kv, limits: { publicPerMinute: 1e9, verifierPerMinute: 1e9 }, readToken: readSystemToken }),
    ],
  });
  const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const retrieval = { serviceItem: item, holder: { idType: '111', idNumber }, caseNumber: '杭应急检〔2026〕1号' };
  const jobs: Record<keyof Jobs, Omit<Job, 'expect'>> = {
    verify: { url: `${url}/api/verify`, token: verifyToken, body: { handle } },
    data: { url: `${url}/api/licence-use/retrievals`, token: useToken, body: retrieval },
    files: { url: `${url}/api/licence-use/retrievals`, token: useToken, body: { ...retrieval, files: true } },
  };
  const clients = new Worker(new URL(import.meta.url), { workerData: jobs });
  clients.setMaxListeners(50);
  const next = <T>(): Promise<T> => new Promise((resolve, reject) => { clients.once('message', resolve); clients.once('error', reject); });
  await next<'ready'>();
  console.log(`use: SQLite, ${SECONDS} s rounds, ${CONCURRENCY} concurrent clients in a worker thread; a holder with five licences`);
  const cost: Record<string, number> = {};
  for (const name of ['verify', 'data', 'files', 'verify', 'data'] as const) {
    clients.postMessage(name);
    await next<'warm'>();
    const before = performance.eventLoopUtilization();
    const n = await next<number | { error: string }>();
    if (typeof n !== 'number') throw new Error(n.error);
    const busy = performance.eventLoopUtilization(before);
    const us = (1000 * busy.active) / n;
    cost[name] = Math.min(cost[name] ?? Infinity, us);
    console.log(`${name.padEnd(6)} ${(n / SECONDS).toFixed(0).padStart(5)}/s through HTTP; service ${us.toFixed(0)} µs of one core each = ${(1e6 / us).toFixed(0)} per CPU-second`);
  }
  console.log(`retrieval of five licences, data only: ${(1e6 / cost.data!).toFixed(0)} per CPU-second; with files: ${(1e6 / cost.files!).toFixed(0)}; verification by handle: ${(1e6 / cost.verify!).toFixed(0)}`);
  console.log(`ratio data-only retrieval / verification: ${(cost.data! / cost.verify!).toFixed(2)} (target ≤ 2)`);
  await clients.terminate();
  await new Promise((r) => server.close(r));
  await svc.stop();
}
