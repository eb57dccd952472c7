// Two service processes sharing one MariaDB and one Redis serve one user seamlessly: sign in
// through one, exchange the code, refresh, introspect and read userinfo through the other, and
// find the sign-in session there too. Needs TEST_MYSQL_URL and TEST_REDIS_URL (required in CI); runs
// on a Redis Cluster too when TEST_REDIS_CLUSTER_NODES is set, through Redis Sentinel when
// TEST_REDIS_SENTINEL is set, and with each process on its own node of a Galera cluster when
// TEST_GALERA_URLS is set.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createContainer } from '../../src/container.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { residentId } from '../support/identity.ts';
import { freePort } from '../support/oidc-service.ts';
import { startServiceProcess } from '../support/service-process.ts';
import type { ServiceProcess } from '../support/service-process.ts';
import { freshGaleraDatabase, freshMysqlDatabase, testGaleraUrls, testMysqlUrl, testRedisClusterUrl, testRedisSentinelUrl, testRedisUrl, uniquePrefix } from '../support/services.ts';

const REDIRECT = 'https://app.example.gov.cn/cb';
const PASSWORD = 'two process passphrase';

/** MariaDB with Redis, with a Redis Cluster and Sentinel where TEST_REDIS_CLUSTER_NODES and TEST_REDIS_SENTINEL name them; Galera where TEST_GALERA_URLS names it. */
const stores = [
  { db: 'MariaDB', store: 'Redis', redisUrl: testRedisUrl as string, galera: false },
  ...(testRedisClusterUrl ? [{ db: 'MariaDB', store: 'a Redis Cluster', redisUrl: testRedisClusterUrl, galera: false }] : []),
  ...(testRedisSentinelUrl ? [{ db: 'MariaDB', store: 'Redis Sentinel', redisUrl: testRedisSentinelUrl, galera: false }] : []),
  ...(testGaleraUrls.length > 1 ? [{ db: 'two nodes of a Galera cluster', store: 'Redis', redisUrl: testRedisUrl as string, galera: true }] : []),
];

describe.skipIf(!testMysqlUrl || !testRedisUrl).each(stores)('two service processes on $db and $store', ({ redisUrl, galera }) => {
  let a: ServiceProcess;
  let b: ServiceProcess;
  let dir: string;
  let dropDb: () => Promise<void>;
  let clientId: string;
  let clientSecret: string;
  const idNumber = residentId(61);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yinxin-2p-'));
    // On Galera, process A (and the operator's set-up) writes through node 1, process B through node 2.
    const db = galera ? await freshGaleraDatabase(testGaleraUrls) : await freshMysqlDatabase(testMysqlUrl as string);
    const [urlA, urlB] = 'urls' in db ? [db.urls[0] as string, db.urls[1] as string] : [db.url, db.url];
    dropDb = db.drop;
    const [portA, portB] = [await freePort(), await freePort()];
    const env: Record<string, string> = {
      DATABASE_URL: urlA, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: uniquePrefix(),
      PUBLIC_URL: `http://127.0.0.1:${portA}`, SESSION_SECRET: randomBytes(32).toString('base64url'),
      KEK: `k1:${randomBytes(32).toString('base64')}`, DATA_DIR: join(dir, 'data'), KEYS_DIR: join(dir, 'keys'),
      MIGRATE_ON_START: 'true', LOG_LEVEL: 'warn', AUDIT_CHECKPOINT_INTERVAL_S: '0',
    };
    // What an operator does once: migrate, create the keys, register an app; then start two processes.
    const c = await createContainer(loadConfig(env), { background: false });
    try {
      await c.initKeys({ id: 'system:test', kind: 'system' });
      await createAccount(c.identity, { kind: 'citizen', name: '周二', idNumber, phone: '13800000061', assurance: 'L2', password: PASSWORD }, { id: 'system:test', kind: 'system' });
      const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock }, {
        name: '社保服务', kind: 'first_party', public: false, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
        grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'profile', 'offline_access'], fullIdNumber: false,
      }, { id: 'system:test', kind: 'system' });
      clientId = app.clientId;
      clientSecret = app.clientSecret as string;
    } finally {
      await c.close();
    }
    [a, b] = await Promise.all([startServiceProcess(portA, env), startServiceProcess(portB, { ...env, DATABASE_URL: urlB })]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropDb?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The same issuer's metadata with every back-channel endpoint on process `base`. */
  function via(config: oidc.Configuration, base: string): oidc.Configuration {
    const { supportsPKCE: _method, ...m } = config.serverMetadata();
    const on = (u: string | undefined) => (u ? u.replace(a.url, base) : u);
    return new oidc.Configuration({ ...m, token_endpoint: on(m.token_endpoint), introspection_endpoint: on(m.introspection_endpoint), userinfo_endpoint: on(m.userinfo_endpoint), revocation_endpoint: on(m.revocation_endpoint) },
      clientId, clientSecret, oidc.ClientSecretBasic(clientSecret));
  }

  it('signs in through one process and refreshes and introspects through the other', async () => {
    const config = await oidc.discovery(new URL(`${a.url}/oidc`), clientId, clientSecret, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
    const viaA = via(config, a.url);
    const viaB = via(config, b.url);
    oidc.allowInsecureRequests(viaA);
    oidc.allowInsecureRequests(viaB);

    const ua = new UserAgent();
    const authorize = async (base: string) => {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT, scope: 'openid profile offline_access', prompt: 'consent', state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      });
      return { step: await ua.follow(url.href.replace(a.url, base), REDIRECT), verifier, state };
    };

    // Process A: the login page and the password.
    const first = await authorize(a.url);
    const html = await first.step.res.text();
    const done = await ua.follow(new URL(formAction(html, '/login'), a.url).href, REDIRECT, { form: { csrf: csrfOf(html), login: idNumber, password: PASSWORD } });
    expect(done.url.startsWith(REDIRECT), a.output()).toBe(true);

    // Process B: code exchange, userinfo, refresh (with rotation), introspection.
    const tokens = await oidc.authorizationCodeGrant(viaB, new URL(done.url), { pkceCodeVerifier: first.verifier, expectedState: first.state });
    expect(tokens.claims()?.iss).toBe(`${a.url}/oidc`);
    const sub = tokens.claims()?.sub as string;
    expect(await oidc.fetchUserInfo(viaB, tokens.access_token, sub)).toMatchObject({ sub, name: '周二' });
    const refreshed = await oidc.refreshTokenGrant(viaB, tokens.refresh_token as string);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(await oidc.tokenIntrospection(viaB, refreshed.access_token)).toMatchObject({ active: true, sub, client_id: clientId });
    expect((await oidc.tokenIntrospection(viaA, refreshed.refresh_token as string)).active).toBe(true);
    // Reuse of the rotated refresh token at A revokes the grant for B too.
    await expect(oidc.refreshTokenGrant(viaA, tokens.refresh_token as string)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(viaB, refreshed.access_token)).active).toBe(false);

    // The sign-in session made by A is known to B: no login page there.
    const second = await authorize(b.url);
    expect(second.step.url.startsWith(REDIRECT), b.output()).toBe(true);
    expect(new URL(second.step.url).searchParams.get('code')).toBeTruthy();
  }, 30_000);
});
