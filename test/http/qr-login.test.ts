// QR-scan login over HTTP without a browser: the desktop sign-in asks for a code, the city app
// (an API token with the qr_login scope) scans and confirms, the desktop completes and the app
// receives an ID token at the phone session's level with amr ["qr","mca","pwd"]. Every new
// endpoint refuses bad input, a missing or wrong token and a low phone session with its code.
// Embedded (SQLite and its store) always; with TEST_MYSQL_URL and TEST_REDIS_URL also two service
// processes on one MariaDB and one Redis, each step of a sign-in going to the other process; with
// TEST_GALERA_URLS also two processes on a Galera cluster, each through its own node.
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAgent } from '../support/browserless.ts';
import { freePort, startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { freshGaleraDatabase, freshMysqlDatabase, testGaleraUrls, testMysqlUrl, testRedisClusterUrl, testRedisUrl, uniquePrefix } from '../support/services.ts';
import { DESKTOP_REDIRECT, PEOPLE, phoneToken, qrLoginWorld } from './qr-login-world.ts';

interface Json { [k: string]: any } // eslint-disable-line @typescript-eslint/no-explicit-any

/** One service, or two sharing a database and a store; `url` is the public URL (process A), `other` process B. */
interface Setup { name: string; start(): Promise<{ a: OidcTestService; b: OidcTestService; url: string; other: string; stop(): Promise<void> }> }

const embedded: Setup = {
  name: 'embedded',
  async start() {
    const a = await startOidcService();
    return { a, b: a, url: a.url, other: a.url, stop: () => a.stop() };
  },
};

/** A fresh database on MariaDB, or on a Galera cluster: its URL for process A and for process B (another node). */
async function sharedDatabase(galera: boolean): Promise<{ urlA: string; urlB: string; drop: () => Promise<void> }> {
  if (galera) {
    const db = await freshGaleraDatabase(testGaleraUrls);
    return { urlA: db.urls[0] as string, urlB: db.urls[1] as string, drop: db.drop };
  }
  const db = await freshMysqlDatabase(testMysqlUrl as string);
  return { urlA: db.url, urlB: db.url, drop: db.drop };
}

/** Two processes on a fresh MariaDB database (or Galera, one node each) and the given Redis (one server or a cluster). */
const mariadbAnd = (store: string, redisUrl: string, galera = false): Setup => ({
  name: `two processes on ${galera ? 'two nodes of a Galera cluster' : 'MariaDB'} and ${store}`,
  async start() {
    const db = await sharedDatabase(galera);
    const [portA, portB] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${portA}`;
    const env = {
      REDIS_URL: redisUrl, REDIS_KEY_PREFIX: uniquePrefix(), MIGRATE_ON_START: 'true',
      KEK: `k1:${randomBytes(32).toString('base64')}`, SESSION_SECRET: randomBytes(32).toString('base64url'), PUBLIC_URL: url,
    };
    const a = await startOidcService({ ...env, DATABASE_URL: db.urlA, PORT: String(portA) });
    await a.container.initKeys({ id: 'system:test', kind: 'system' });
    const b = await startOidcService({ ...env, DATABASE_URL: db.urlB, PORT: String(portB) });
    return {
      a, b, url, other: `http://127.0.0.1:${portB}`,
      stop: async () => {
        await b.stop();
        await a.stop();
        await db.drop();
      },
    };
  },
});

describe.each([
  embedded,
  ...(testMysqlUrl && testRedisUrl ? [mariadbAnd('Redis', testRedisUrl)] : []),
  ...(testMysqlUrl && testRedisClusterUrl ? [mariadbAnd('a Redis Cluster', testRedisClusterUrl)] : []),
  ...(testGaleraUrls.length > 1 && testRedisUrl ? [mariadbAnd('Redis', testRedisUrl, true)] : []),
])('QR-scan login over HTTP: $name', (setup) => {
  let svc: { url: string; issuer: string; other: string; a: OidcTestService; stop(): Promise<void> };
  let world: Awaited<ReturnType<typeof qrLoginWorld>>;
  let alice: string;

  beforeAll(async () => {
    const s = await setup.start();
    svc = { ...s, issuer: `${s.url}/oidc` };
    world = await qrLoginWorld(s.a.container);
    alice = await phoneToken(s.url, world.cityAppId, PEOPLE.l2);
  }, 60_000);
  afterAll(async () => svc?.stop());

  /** A desktop browser at the sign-in page of the desktop app: its interaction and CSRF token. */
  async function desktop() {
    const ua = new UserAgent();
    const config = await oidc.discovery(new URL(svc.issuer), world.desktopId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: DESKTOP_REDIRECT, scope: 'openid profile', state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const page = await ua.follow(url.href, DESKTOP_REDIRECT);
    const html = await page.res.text();
    const uid = /\/interaction\/([A-Za-z0-9_-]+)/.exec(page.url)![1]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}, base = svc.url) => {
      const res = await ua.request(`${base}/interaction/${uid}${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      // Refusals before the handler (a finished interaction, a wrong CSRF token) are friendly pages.
      return { status: res.status, json: (text.startsWith('{') ? JSON.parse(text) : { page: text }) as Json };
    };
    return { ua, uid, csrf, post, config, verifier, state };
  }

  const api = async (path: string, body: unknown, token: string | null = alice, type = 'application/json', base = svc.url) => {
    const res = await fetch(`${base}/api/qr-login/${path}`, {
      method: 'POST', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() as Json };
  };

  it('signs the desktop in once the phone confirms, at the phone session level, with amr saying how', async () => {
    const d = await desktop();
    const issued = await d.post('/qr', { csrf: d.csrf });
    expect(issued.status).toBe(200);
    expect(issued.json.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.json.qr).toMatch(/^data:image\/png;base64,/);
    const link = `${svc.url}/app/scan#qr=${issued.json.code}`;

    const scanned = await api('scan', { code: link }, alice, 'application/json', svc.other);
    expect(scanned.status).toBe(200);
    expect(scanned.json).toMatchObject({ app: { clientId: world.desktopId, name: '公积金查询' }, from: { ip: expect.any(String), userAgent: expect.any(String) } });
    expect((await d.post('/qr/status', { csrf: d.csrf, code: issued.json.code }, {}, svc.other)).json.status).toBe('scanned');
    expect(await api('confirm', { code: issued.json.code })).toEqual({ status: 200, json: { status: 'confirmed' } });
    expect((await d.post('/qr/status', { csrf: d.csrf, code: issued.json.code })).json.status).toBe('confirmed');

    const done = await d.post('/qr/complete', { csrf: d.csrf, code: issued.json.code }, {}, svc.other);
    expect(done.status).toBe(200);
    const back = await d.ua.follow(new URL(done.json.redirect, svc.url).href, DESKTOP_REDIRECT);
    // A third-party app: consent first.
    const consent = await back.res.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(consent)![1]!;
    const action = /action="([^"]*\/confirm)"/.exec(consent)![1]!;
    const cb = await d.ua.follow(new URL(action, svc.url).href, DESKTOP_REDIRECT, { form: { csrf } });
    expect(cb.url.startsWith(DESKTOP_REDIRECT)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(d.config, new URL(cb.url), { pkceCodeVerifier: d.verifier, expectedState: d.state });
    const claims = tokens.claims()!;
    expect(claims.sub).toBeTruthy();
    expect(claims.acr).toBe('L2');
    expect(claims.amr).toEqual(['qr', 'mca', 'pwd']);

    // The used code: no second completion, no second scan or decision.
    expect((await d.post('/qr/complete', { csrf: d.csrf, code: issued.json.code })).status).toBeGreaterThanOrEqual(400);
    expect((await api('scan', { code: issued.json.code }, alice, 'application/json', svc.other)).json.error.code).toBe('ERR_QR_LOGIN_USED');
    expect((await api('decline', { code: issued.json.code })).json.error.code).toBe('ERR_QR_LOGIN_USED');
    const actions = (await svc.a.container.auditStore.page(0, 10_000)).map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['login.qr.scan:success', 'login.qr.confirm:success', 'login.qr:success', 'login.qr.scan:failure']));
  }, 60_000);

  it('refuses a code confirmed for another interaction', async () => {
    const a = await desktop();
    const b = await desktop();
    const code = (await a.post('/qr', { csrf: a.csrf })).json.code as string;
    await api('scan', { code });
    await api('confirm', { code });
    expect(await b.post('/qr/complete', { csrf: b.csrf, code }, {}, svc.other)).toMatchObject({ status: 403, json: { error: { code: 'ERR_QR_LOGIN_OTHER_INTERACTION' } } });
    expect(await b.post('/qr/status', { csrf: b.csrf, code })).toMatchObject({ status: 403, json: { error: { code: 'ERR_QR_LOGIN_OTHER_INTERACTION' } } });
    // Nor with the other interaction's CSRF token.
    expect((await b.post('/qr/complete', { csrf: a.csrf, code })).status).toBe(403);
    expect((await a.post('/qr/complete', { csrf: a.csrf, code })).status).toBe(200);
  }, 60_000);

  it('refuses bad input on the sign-in page endpoints with a clear code', async () => {
    const d = await desktop();
    const code = (await d.post('/qr', { csrf: d.csrf })).json.code as string;
    expect((await d.post('/qr', { csrf: 'wrong' })).status).toBe(403);
    expect((await d.post('/qr', {})).status).toBe(403);
    expect(await d.post('/qr', { csrf: d.csrf, extra: 1 })).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
    expect(await d.post('/qr/status', { csrf: d.csrf })).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
    expect(await d.post('/qr/status', { csrf: d.csrf, code: 'x'.repeat(500) })).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
    expect(await d.post('/qr/status', { csrf: d.csrf, code: 42 })).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
    expect(await d.post('/qr/status', { csrf: d.csrf, code: 'Z'.repeat(43) })).toMatchObject({ status: 404, json: { error: { code: 'ERR_QR_LOGIN_UNKNOWN' } } });
    expect(await d.post('/qr/complete', { csrf: d.csrf, code })).toMatchObject({ status: 409, json: { error: { code: 'ERR_QR_LOGIN_NOT_CONFIRMED' } } });
    // A broken JSON body is a client error too.
    expect((await d.post('/qr/status', '{"csrf":', {})).status).toBe(400);
    // An unknown interaction: the friendly page, not a 500.
    const gone = await d.ua.request(`${svc.url}/interaction/nonexistent/qr`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csrf: d.csrf }) });
    expect(gone.status).toBe(400);
  }, 60_000);

  it('refuses bad input, missing or wrong tokens and low phone sessions on the app API with a clear code', async () => {
    const d = await desktop();
    const code = (await d.post('/qr', { csrf: d.csrf })).json.code as string;
    expect(await api('scan', { code }, null)).toMatchObject({ status: 401, json: { error: { code: 'ERR_UNAUTHENTICATED' } } });
    expect(await api('scan', { code }, 'not-a-real-token-but-long-enough')).toMatchObject({ status: 401, json: { error: { code: 'ERR_UNAUTHENTICATED' } } });
    const holderOnly = await phoneToken(svc.url, world.cityAppId, PEOPLE.l2, 'holder');
    expect(await api('scan', { code }, holderOnly)).toMatchObject({ status: 401, json: { error: { code: 'ERR_UNAUTHENTICATED' } } });
    const low = await phoneToken(svc.url, world.cityAppId, PEOPLE.l1);
    expect(await api('scan', { code }, low)).toMatchObject({ status: 403, json: { error: { code: 'ERR_QR_LOGIN_LEVEL' } } });
    for (const path of ['scan', 'confirm', 'decline']) {
      expect(await api(path, {})).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
      expect(await api(path, { code: 'short' })).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
      expect(await api(path, { code, more: true })).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
      expect(await api(path, [code])).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
      expect(await api(path, `code=${code}`, alice, 'text/plain')).toMatchObject({ status: 400, json: { error: { code: 'ERR_VALIDATION' } } });
      expect(await api(path, { code: 'Q'.repeat(43) })).toMatchObject({ status: 404, json: { error: { code: 'ERR_QR_LOGIN_UNKNOWN' } } });
    }
    // The refusals above spent nothing: confirm before scan is refused, then scan works.
    expect(await api('confirm', { code })).toMatchObject({ status: 409, json: { error: { code: 'ERR_QR_LOGIN_NOT_SCANNED' } } });
    expect((await api('scan', { code })).status).toBe(200);
    const bob = await phoneToken(svc.url, world.cityAppId, PEOPLE.other);
    expect(await api('confirm', { code }, bob)).toMatchObject({ status: 409, json: { error: { code: 'ERR_QR_LOGIN_USED' } } });
    expect(await api('decline', { code })).toEqual({ status: 200, json: { status: 'declined' } });
    expect(await d.post('/qr/complete', { csrf: d.csrf, code })).toMatchObject({ status: 409, json: { error: { code: 'ERR_QR_LOGIN_DECLINED' } } });
  }, 60_000);
});
