// Every absolute URL the provider hands out comes from the configured public URL: a request's
// Host and X-Forwarded-* headers change nothing in discovery or in redirects, even behind a
// trusted proxy.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const system = { id: 'system:test', kind: 'system' as const };
const REDIRECT = 'https://app.example.gov.cn/cb';

/** node:http, since fetch does not let a caller choose the Host header. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('absolute URLs from the configured public URL', () => {
  let svc: OidcTestService;
  let clientId: string;
  const hostile = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

  beforeAll(async () => {
    svc = await startOidcService({ TRUST_PROXY: 'true' });
    const c = svc.container;
    clientId = (await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '政务服务网', kind: 'first_party', public: true, redirectUris: [REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid'], fullIdNumber: false,
    }, system)).clientId;
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('publishes discovery with the issuer origin whatever Host and X-Forwarded-* say', async () => {
    const res = await get(`${svc.issuer}/.well-known/openid-configuration`, hostile);
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.body) as Record<string, unknown>;
    expect(doc.issuer).toBe(svc.issuer);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'introspection_endpoint', 'end_session_endpoint']) {
      expect([key, String(doc[key]).startsWith(`${svc.issuer}/`)]).toEqual([key, true]);
    }
    expect(res.body).not.toContain('evil.example');
  });

  it('redirects to the sign-in page on its own origin', async () => {
    const q = new URLSearchParams({
      client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 'state-0001',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
    });
    const res = await get(`${svc.issuer}/auth?${q}`, hostile);
    expect(res.status).toBe(303);
    expect(res.location ?? '').not.toContain('evil.example');
    expect(new URL(res.location ?? '', svc.url).origin).toBe(svc.url);
  });
});
