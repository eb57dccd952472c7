// Redis goes away mid-run, or goes silent: the OpenID endpoints answer 503 `temporarily_unavailable`
// (never 500 `server_error`) within seconds, and work again without a restart when Redis returns.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { testRedisUrl, uniquePrefix } from '../support/services.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import type { TcpProxy } from '../support/tcp-proxy.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const REDIRECT = 'https://app.example.gov.cn/cb';

describe.runIf(testRedisUrl)('Redis outage', () => {
  let proxy: TcpProxy;
  let svc: OidcTestService;
  let backend: { clientId: string; secret: string };
  let webClientId: string;

  beforeAll(async () => {
    const target = new URL(testRedisUrl as string);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    const viaProxy = new URL(testRedisUrl as string);
    viaProxy.port = String(proxy.port);
    svc = await startOidcService({ REDIS_URL: viaProxy.toString(), REDIS_KEY_PREFIX: uniquePrefix(), MIGRATE_ON_START: 'true' });
    const c = svc.container;
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '证照系统', kind: 'first_party', public: false, redirectUris: [], postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'], scopes: ['licences'], fullIdNumber: false,
    }, system);
    backend = { clientId: app.clientId, secret: app.clientSecret as string };
    webClientId = (await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '政务服务网', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid'], fullIdNumber: false,
    }, system)).clientId;
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
    await proxy?.close();
  });

  const token = async () => {
    const t0 = performance.now();
    const res = await fetch(`${svc.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${backend.clientId}:${backend.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'licences', resource: `${svc.url}/api` }),
    });
    return { status: res.status, body: await res.json() as { error?: string; access_token?: string }, ms: performance.now() - t0 };
  };
  const authorize = async () => {
    const q = new URLSearchParams({
      client_id: webClientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()), code_challenge_method: 'S256',
    });
    const t0 = performance.now();
    const res = await fetch(`${svc.issuer}/auth?${q}`, { redirect: 'manual', headers: { accept: 'application/json' } });
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), text, ms: performance.now() - t0 };
  };
  /** Unavailable: 503 with the OAuth error (the error page names it), or a redirect telling the app so. */
  const unavailable = (r: { status: number; location: string | null; text: string }) =>
    (r.status === 503 && r.text.includes('temporarily_unavailable'))
    || (r.status >= 300 && r.status < 400 && new URL(r.location ?? '', svc.url).searchParams.get('error') === 'temporarily_unavailable');

  const recovered = async () => {
    for (let i = 0; i < 50; i++) {
      if ((await token()).status === 200) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  };

  it('answers 503 temporarily_unavailable while Redis is down, and recovers after', async () => {
    expect((await token()).status).toBe(200);
    expect((await authorize()).status).toBe(303);

    await proxy.cut();
    const t = await token();
    expect([t.status, t.body.error]).toEqual([503, 'temporarily_unavailable']);
    const a = await authorize();
    expect([a.status, a.location, unavailable(a)]).toEqual([a.status, a.location, true]);

    await proxy.restore();
    expect(await recovered()).toBe(true);
    expect((await authorize()).status).toBe(303);
  }, 60_000);

  it('answers within 5 s while Redis is silent, and recovers after', async () => {
    proxy.silence();
    const [t, a] = await Promise.all([token(), authorize()]);
    expect([t.status, t.body.error]).toEqual([503, 'temporarily_unavailable']);
    expect(unavailable(a)).toBe(true);
    for (const r of [t, a]) expect(r.ms).toBeLessThan(5000);

    await proxy.restore();
    expect(await recovered()).toBe(true);
    expect((await authorize()).status).toBe(303);
  }, 60_000);
});
