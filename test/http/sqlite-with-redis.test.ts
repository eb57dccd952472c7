// The service on a SQLite file with sessions in Redis (a developer's machine with a local Redis):
// its schema is brought up and its development keys made on the first start as in the embedded
// mode, so it boots, answers and can seal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../support/service.ts';
import type { TestService } from '../support/service.ts';
import { testRedisUrl, uniquePrefix } from '../support/services.ts';

describe.runIf(testRedisUrl)('SQLite with Redis', () => {
  let svc: TestService | undefined;
  beforeAll(async () => {
    svc = await startTestService({ REDIS_URL: testRedisUrl as string, REDIS_KEY_PREFIX: uniquePrefix() });
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('starts on a fresh data directory and is ready, its tables made', async () => {
    const res = await fetch(`${svc!.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { database: 'up', kv: 'up' } });
    const jwks = await fetch(`${svc!.url}/oidc/jwks`);
    expect(jwks.status).toBe(200);
  });

  it('makes the development platform keys on its first start, as the embedded mode does', async () => {
    const root = await fetch(`${svc!.url}/pki/root.crt`);
    expect(root.status).toBe(200);
    expect((await root.arrayBuffer()).byteLength).toBeGreaterThan(300);
  });
});
