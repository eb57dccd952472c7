// Apps are kept in each process's memory, yet a rotated secret or a disabled app takes effect at
// once in every process: two services share one database and one store (the embedded SQLite
// store here; Redis too when TEST_REDIS_URL is set). Changes made through one are seen by the
// other's very next token request.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { rotateAppSecret } from '../../src/services/apps/rotate-app-secret.ts';
import { setAppStatus } from '../../src/services/apps/set-app-status.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { testRedisClusterUrl, testRedisUrl, uniquePrefix } from '../support/services.ts';

const system = { id: 'system:test', kind: 'system' as const };

describe.each([
  { store: 'embedded', redis: undefined as string | undefined },
  ...(testRedisUrl ? [{ store: 'Redis', redis: testRedisUrl }] : []),
  ...(testRedisClusterUrl ? [{ store: 'Redis Cluster', redis: testRedisClusterUrl }] : []),
])('app changes across two processes ($store store)', ({ redis }) => {
  let a: OidcTestService;
  let b: OidcTestService;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yinxin-app-cache-'));
    const env: Record<string, string> = {
      DATABASE_URL: `sqlite:${join(dir, 'shared.db')}`, KEK: `k1:${randomBytes(32).toString('base64')}`,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      ...(redis ? { REDIS_URL: redis, REDIS_KEY_PREFIX: uniquePrefix(), MIGRATE_ON_START: 'true' } : {}),
    };
    a = await startOidcService(env);
    b = await startOidcService(env);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Status and OAuth error of a client-credentials request to `svc`. */
  async function grant(svc: OidcTestService, clientId: string, secret: string): Promise<{ status: number; error?: string }> {
    const res = await fetch(`${svc.url}/oidc/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'licences', resource: `${svc.url}/api` }).toString(),
    });
    const body = await res.json() as { error?: string };
    return { status: res.status, error: body.error };
  }

  it('refuses a rotated secret and a disabled app at once in the other process', async () => {
    const deps = { apps: a.container.apps, audit: a.container.audit, clock: a.container.clock };
    const app = await registerApp(deps, {
      name: '证照同步', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'], scopes: ['licences'], fullIdNumber: false,
    }, system);
    const old = app.clientSecret as string;
    // B loads the app into its memory.
    expect((await grant(b, app.clientId, old)).status).toBe(200);
    expect((await grant(b, app.clientId, old)).status).toBe(200);

    const { clientSecret } = await rotateAppSecret(deps, app.clientId, system);
    expect(await grant(b, app.clientId, old)).toMatchObject({ status: 401, error: 'invalid_client' });
    expect((await grant(b, app.clientId, clientSecret)).status).toBe(200);

    await setAppStatus(deps, app.clientId, 'disabled', system);
    expect(await grant(b, app.clientId, clientSecret)).toMatchObject({ status: 401, error: 'invalid_client' });
    await setAppStatus(deps, app.clientId, 'active', system);
    expect((await grant(b, app.clientId, clientSecret)).status).toBe(200);
  });

  it('finds an app registered through the other process after a miss', async () => {
    expect(await grant(b, 'app_not_yet', 'x')).toMatchObject({ status: 401, error: 'invalid_client' });
    const deps = { apps: a.container.apps, audit: a.container.audit, clock: a.container.clock };
    const app = await registerApp(deps, {
      name: '后来者', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'], scopes: ['licences'], fullIdNumber: false,
    }, system);
    expect(await grant(b, app.clientId, 'wrong')).toMatchObject({ status: 401 });
    expect((await grant(b, app.clientId, app.clientSecret as string)).status).toBe(200);
  });
});
