// The verification routes served on a free local port over a verification world, for tests that
// go through real HTTP (QR end to end, the page in Chromium).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { MemoryKvStore } from '../../src/adapters/kv/memory-kv-store.ts';
import { createApp } from '../../src/http/app.ts';
import { staticRoutes } from '../../src/http/routes/static.ts';
import { verificationRoutes } from '../../src/http/routes/verification.ts';
import { SqlLicenceStatusRows } from '../../src/adapters/sql/sql-licence-status-rows.ts';
import { trustListPublisher } from '../../src/services/verification/build-trust-list.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';

export interface VerificationServer {
  url: string;
  close(): Promise<void>;
}

export async function serveVerification(v: VerificationWorld): Promise<VerificationServer> {
  const trustList = trustListPublisher({
    vault: v.w.deps.vault, crls: v.w.verifyDeps.crls, anchors: v.w.verifyDeps.anchors, statuses: new SqlLicenceStatusRows(v.w.knex), clock: v.w.clock,
    signer: v.deps.receiptSigner, organisation: '某市人民政府', publicUrl: 'https://zz.example.gov.cn', lifetimeSeconds: 24 * 3600,
  }, 900);
  const app = createApp({
    logger: pino({ level: 'silent' }), bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false,
    routers: [staticRoutes(), verificationRoutes({
      verification: v.deps, counters: new MemoryKvStore(), trustList: trustList.current, limits: { publicPerMinute: 10_000, verifierPerMinute: 10_000 }, readToken: async () => null,
    })],
  });
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}
