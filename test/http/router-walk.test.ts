// Every route of the service's router table, walked with hostile requests: malformed path
// parameters (bad percent-encoding, over-long, dot segments), bodies (invalid and deeply nested
// JSON, huge numbers, wrong types), content types (none, text/plain, multipart garbage) and
// encodings (gzip, deflate and br on plain bodies, compress), anonymously and with a live token
// carrying every API scope. No answer may be a 5xx; a JSON refusal carries a stable ERR_ code.
// The OpenID endpoints under /oidc answer OAuth errors, never a 5xx either.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/container.ts';
import { API_SCOPES } from '../../src/oidc/provider.ts';
import { registerApp } from '../../src/services/apps/register-app.ts';
import { startOidcService } from '../support/oidc-service.ts';
import { routeTable } from '../support/route-table.ts';
import type { RouteEntry } from '../support/route-table.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { APP_REDIRECT, apiToken, licenceWorld } from './licence-world.ts';

const system = { id: 'system:test', kind: 'system' as const };

export { routeTable };

const PARAMS = ['%ff', '%E0%A4%A', 'a'.repeat(3000), '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5c..%5cwindows'];
const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const BODIES: { name: string; type?: string; encoding?: string; body: string }[] = [
  { name: 'invalid JSON', type: 'application/json', body: '{"handle": ' },
  { name: 'deep JSON', type: 'application/json', body: deep },
  { name: 'deep object', type: 'application/json', body: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}` },
  { name: 'huge numbers', type: 'application/json', body: '{"page": 1e400, "x": 123456789012345678901234567890, "lifetimeSeconds": -1e308}' },
  { name: 'wrong types', type: 'application/json', body: '{"handle": 5, "name": [], "kind": {}, "scopes": "all", "data": null, "fields": 7}' },
  { name: 'JSON array', type: 'application/json', body: '[1,2,3]' },
  { name: 'JSON string', type: 'application/json', body: '"text"' },
  { name: 'text/plain', type: 'text/plain', body: 'hello' },
  { name: 'multipart garbage', type: 'multipart/form-data; boundary=zz', body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n\x00\x01--zz' },
  { name: 'multipart without boundary', type: 'multipart/form-data', body: 'garbage' },
  { name: 'no content type', body: '{"a":1}' },
  { name: 'form garbage', type: 'application/x-www-form-urlencoded', body: '%%%=&&a[b][c][d]=%ff' },
  { name: 'PDF garbage', type: 'application/pdf', body: '%PDF-1.7\n%%EOF garbage' },
  { name: 'gzip on plain JSON', type: 'application/json', encoding: 'gzip', body: '{"a":1}' },
  { name: 'deflate on plain form', type: 'application/x-www-form-urlencoded', encoding: 'deflate', body: 'a=1' },
  { name: 'br on plain PDF', type: 'application/pdf', encoding: 'br', body: '%PDF-1.7' },
  { name: 'compress', type: 'application/json', encoding: 'compress', body: '{"a":1}' },
  { name: 'gzip on plain CSV', type: 'text/csv', encoding: 'gzip', body: 'key,typeCode\n1,2' },
];
const OIDC_PATHS = [
  '/oidc/auth', '/oidc/token', '/oidc/token/introspection', '/oidc/token/revocation', '/oidc/me', '/oidc/session/end',
  '/oidc/session/end/confirm', '/oidc/request', '/oidc/jwks', '/oidc/.well-known/openid-configuration', '/oidc/%ff', '/oidc/auth/%ff',
];

describe('the router table, walked with hostile requests', () => {
  let svc: OidcTestService;
  let routes: RouteEntry[];
  let token: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    routes = routeTable(createHttpApp(c, () => false));
    await licenceWorld(c);
    const app = await registerApp({ apps: c.apps, audit: c.audit, clock: c.clock, uriRules: { production: false } }, {
      name: '全能测试', kind: 'first_party', public: true, redirectUris: [APP_REDIRECT], postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'], scopes: ['openid', ...API_SCOPES], fullIdNumber: false,
    }, system);
    token = await apiToken(svc.url, app.clientId, 'L001', API_SCOPES.join(' '));
  }, 90_000);
  afterAll(async () => svc?.stop());

  /** What went wrong with one answer, or null when it is acceptable. */
  const judge = async (label: string, res: Response, oauth: boolean): Promise<string | null> => {
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    if (res.status >= 500 && !(res.status === 503 && /ERR_RATE|ERR_STORE|CANNOT_CONFIRM|temporarily_unavailable/.test(text))) return `${label}: ${res.status} ${text.slice(0, 200)}`;
    if (res.status >= 400 && type.includes('json')) {
      const body = JSON.parse(text) as { error?: { code?: string } | string; verdict?: unknown };
      const ok = oauth ? typeof body.error === 'string' : typeof body.error === 'object' && /^ERR_[A-Z0-9_]+$/.test(body.error.code ?? '');
      if (!ok && body.verdict === undefined) return `${label}: ${res.status} without a stable code: ${text.slice(0, 200)}`;
    }
    return null;
  };

  /** Runs requests a few at a time and collects the unacceptable answers. */
  const walk = async (requests: { label: string; url: string; init: RequestInit; oauth: boolean }[]) => {
    const problems: string[] = [];
    const statuses = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const r = requests[next++] as (typeof requests)[number];
        try {
          const res = await fetch(r.url, { redirect: 'manual', ...r.init });
          statuses.add(`${r.label.split(' ')[0]} ${res.status}`);
          const problem = await judge(r.label, res, r.oauth);
          if (problem) problems.push(problem);
        } catch (e) {
          problems.push(`${r.label}: ${String(e)}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    return { problems, count: requests.length, statuses };
  };

  const auths = [['anonymous'], ['token']] as const;
  const headersFor = (who: string): Record<string, string> => (who === 'token' ? { authorization: `Bearer ${token}` } : {});

  it('finds the routes of every feature in the table', () => {
    const paths = new Set(routes.map((r) => r.path));
    for (const p of ['/v/:handle', '/api/verify', '/api/seals/:id/stamp', '/api/licences/imports', '/api/admin/apps/:clientId', '/interaction/:uid/login', '/api/enterprises/:id/agents']) {
      expect([p, paths.has(p)]).toEqual([p, true]);
    }
    expect(routes.length).toBeGreaterThan(80);
  });

  it('answers malformed path parameters with a 4xx and a code, never a 5xx', async () => {
    const requests = routes.filter((r) => /:[A-Za-z]/.test(r.path) && !/[*{]/.test(r.path)).flatMap((r) =>
      PARAMS.flatMap((value) => auths.map(([who]) => ({
        label: `${who} ${r.method} ${r.path} ← ${value.slice(0, 20)}`,
        url: `${svc.url}${r.path.replace(/:[A-Za-z]+/g, value)}`,
        init: { method: r.method, headers: { accept: 'application/json', ...headersFor(who) } },
        oauth: false,
      }))));
    const { problems, count } = await walk(requests);
    expect(count).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  }, 300_000);

  it('answers hostile bodies, content types and encodings with a 4xx and a code, never a 5xx', async () => {
    const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, 'x0000000000000000000000000');
    const requests = routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !/[*{]/.test(r.path)).flatMap((r) =>
      BODIES.flatMap((b) => auths.map(([who]) => ({
        label: `${who} ${r.method} ${r.path} ← ${b.name}`,
        url: `${svc.url}${concrete(r.path)}`,
        init: {
          method: r.method, body: b.body,
          headers: { accept: 'application/json', ...(b.type ? { 'content-type': b.type } : {}), ...(b.encoding ? { 'content-encoding': b.encoding } : {}), ...headersFor(who) },
        },
        oauth: false,
      }))));
    const { problems, count, statuses } = await walk(requests);
    expect(count).toBeGreaterThan(500);
    expect(problems).toEqual([]);
    // The token is live: its requests reach the routes' own checks past the caller.
    for (const status of ['token 400', 'token 403', 'token 415']) expect([status, statuses.has(status)]).toEqual([status, true]);
  }, 600_000);

  it('answers the same at the OpenID endpoints with OAuth errors, never a 5xx', async () => {
    const requests = OIDC_PATHS.flatMap((path) => [
      { label: `GET ${path}`, url: `${svc.url}${path}?client_id=%ff&redirect_uri=javascript:alert(1)&response_type=code&scope=openid`, init: { headers: { accept: 'application/json' } }, oauth: true },
      ...BODIES.map((b) => ({
        label: `POST ${path} ← ${b.name}`,
        url: `${svc.url}${path}`,
        init: { method: 'POST', body: b.body, headers: { accept: 'application/json', ...(b.type ? { 'content-type': b.type } : {}), ...(b.encoding ? { 'content-encoding': b.encoding } : {}) } },
        oauth: true,
      })),
    ]);
    const { problems } = await walk(requests);
    expect(problems).toEqual([]);
  }, 300_000);

  it('keeps the provider answering a discovery request afterwards', async () => {
    const cfg = await oidc.discovery(new URL(svc.issuer), 'any', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    expect(cfg.serverMetadata().issuer).toBe(svc.issuer);
  });
});
