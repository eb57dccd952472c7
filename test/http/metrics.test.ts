// What /metrics and the access log tell an operator of the running service: the OpenID endpoints
// each under their own route label (not all as /oidc), the full path of each request in the log
// (never its query string), and after a password sign-in, a code exchange, a seal use and a
// verification, the operation counters with their labels.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/log/json-logger.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createContainer, createHttpApp } from '../../src/container.ts';
import { makePdf } from '../pdf/fixtures.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { sealDesk } from './seals-kit.ts';

/** The sample lines of `name` in the exposition text. */
const samples = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('metrics and access log of the service', () => {
  it('labels each OpenID endpoint by name and logs the full path without the query string', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yinxin-metrics-'));
    const lines: string[] = [];
    const config = loadConfig({ DATA_DIR: dir, KEYS_DIR: join(dir, 'keys'), LOG_LEVEL: 'info', AUDIT_CHECKPOINT_INTERVAL_S: '0' });
    const logger = createLogger(config, new Writable({ write(c, _e, done) { lines.push(String(c)); done(); } }));
    const c = await createContainer(config, { logger });
    const server = createHttpApp(c, () => false).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } };
      const answers = await Promise.all([
        fetch(`${base}/oidc/.well-known/openid-configuration`),
        fetch(`${base}/oidc/jwks`),
        fetch(`${base}/oidc/token`, { ...form, body: 'grant_type=authorization_code&code=secret-code-5678&client_id=nobody' }),
        fetch(`${base}/oidc/token/introspection`, { ...form, body: 'token=some-token-value&client_id=nobody' }),
        fetch(`${base}/oidc/me`, { headers: { authorization: 'Bearer not-a-token' } }),
        fetch(`${base}/oidc/auth?client_id=nobody&response_type=code&state=state-secret-1234`),
      ]);
      expect(answers[0]!.status).toBe(200);
      expect(answers[2]!.status).toBeGreaterThanOrEqual(400);
      const text = await (await fetch(`${base}/metrics`)).text();
      const routes = new Set(samples(text, 'yinxin_http_request_duration_seconds_count').map((l) => /route="([^"]+)"/.exec(l)?.[1]));
      for (const r of ['oidc:discovery', 'oidc:jwks', 'oidc:token', 'oidc:introspection', 'oidc:userinfo', 'oidc:authorization']) expect(routes, r).toContain(r);
      expect(routes).not.toContain('/oidc');

      const paths = lines.map((l) => JSON.parse(l) as { msg: string; path?: string }).filter((l) => l.msg === 'request').map((l) => l.path);
      expect(paths).toEqual(expect.arrayContaining(['/oidc/.well-known/openid-configuration', '/oidc/jwks', '/oidc/token', '/oidc/token/introspection', '/oidc/me', '/oidc/auth']));
      const all = lines.join('');
      for (const secret of ['secret-code-5678', 'state-secret-1234', 'some-token-value', 'not-a-token']) expect(all).not.toContain(secret);
    } finally {
      await new Promise((r) => server.close(r));
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  describe('after a sign-in, a code exchange, a seal use and a verification', () => {
    let svc: OidcTestService;
    beforeAll(async () => { svc = await startOidcService({ AUDIT_CHECKPOINT_INTERVAL_S: '3600' }); }, 60_000);
    afterAll(async () => svc?.stop());

    it('counts each on /metrics with its labels', async () => {
      const desk = await sealDesk(svc);
      const tokens: Record<string, string> = {};
      for (const login of ['K001', 'P001', 'C001']) tokens[login] = await desk.signIn(login);
      const call = async (path: string, login: string, body: unknown, pdf?: Uint8Array) => {
        const res = await fetch(`${svc.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[login]}`, 'content-type': pdf ? 'application/pdf' : 'application/json' },
          body: pdf ?? JSON.stringify(body),
        });
        expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
        return res;
      };
      const seal = ((await (await call('/api/seals', 'K001', { kind: 'contract', owner: { kind: 'department', id: 'amr' } })).json()) as { seal: { id: string } }).seal;
      await call(`/api/seals/${seal.id}/approve`, 'P001', { reason: '材料齐全' });
      await call(`/api/seals/${seal.id}/grants`, 'K001', { accountId: desk.ids.C001 });
      const stamped = await call(`/api/seals/${seal.id}/stamp?page=1&x=450&y=150&reason=test`, 'C001', null, await makePdf(1));
      const sealed = new Uint8Array(await stamped.arrayBuffer());
      const verified = await fetch(`${svc.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf', accept: 'application/json' }, body: sealed });
      expect(verified.status).toBe(200);
      const verdict = ((await verified.json()) as { verdict: { result: string } }).verdict.result;
      await svc.container.checkpointAudit();

      const text = await (await fetch(`${svc.url}/metrics`)).text();
      // Three staff signed in by password; the clerk (an account administrator) also by one-time password.
      expect(text).toContain('yinxin_sign_ins_total{method="password",result="success"} 3');
      expect(text).toContain('yinxin_sign_ins_total{method="totp",result="success"} 1');
      expect(text).toContain('yinxin_tokens_issued_total{grant_type="authorization_code"} 3');
      expect(text).toContain('yinxin_seal_uses_total{outcome="success"} 1');
      expect(text).toContain(`yinxin_verifications_total{verdict="${verdict}",channel="pdf"} 1`);
      expect(text).toMatch(/yinxin_http_request_duration_seconds_count\{method="POST",route="\/api\/seals\/:id\/stamp",status="200"\} 1/);
      const age = Number(samples(text, 'yinxin_audit_checkpoint_age_seconds')[0]?.split(' ')[1]);
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThan(60);
    }, 120_000);
  });
});
