// The agents API of a legal representative (/api/enterprises): bearer tokens from yinxin, who may
// grant and revoke, field-level validation errors, nothing written on a refusal, the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/account.ts';
import { UserAgent } from '../support/browserless.ts';
import { app, authorize, chooseOrg, citizen, creditCode, enterprise, tokensFor } from '../support/acting.ts';
import type { TestApp } from '../support/acting.ts';
import { freePort, startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('enterprise agents API', () => {
  let svc: OidcTestService;
  let portal: TestApp;
  let other: TestApp;
  let rep: Account & { idNumber: string };
  let agent: Account & { idNumber: string };
  let stranger: Account & { idNumber: string };
  let firm: Account;
  let repToken: string;
  let strangerToken: string;

  /** An access token for yinxin's API from a sign-in of `who` (acting as themself). */
  async function apiToken(who: { idNumber: string }, scope = 'openid enterprise'): Promise<string> {
    const resource = `${svc.url}/api`;
    let at = await authorize(svc.url, portal, new UserAgent(), who.idNumber, { scope, resource });
    if (!at.url.startsWith(portal.redirect)) at = await chooseOrg(svc.url, portal, at, 'self');
    return (await tokensFor(portal, at, { resource })).access_token;
  }

  const call = (token: string | null, method: string, path: string, body?: unknown) => fetch(`${svc.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const agents = async () => ((await (await call(repToken, 'GET', `/api/enterprises/${firm.id}/agents`)).json()) as { agents: { id: string; agent: { accountId: string } }[] }).agents;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const port = await freePort();
    portal = await app(c, svc.issuer, '单位办事门户（测试）', `http://127.0.0.1:${port}/cb`, ['openid', 'profile', 'enterprise', 'holder']);
    other = await app(c, svc.issuer, '某审批系统（测试）', `http://127.0.0.1:${port}/other/cb`);
    rep = await citizen(c, '张法人', 201);
    agent = await citizen(c, '李经办', 202);
    stranger = await citizen(c, '钱路人', 203);
    firm = await enterprise(c, '某某贸易有限公司', 2, rep.id);
    repToken = await apiToken(rep);
    strangerToken = await apiToken(stranger);
  });

  afterAll(async () => {
    await svc?.stop();
  });

  it('asks for a bearer token with the enterprise scope', async () => {
    const none = await call(null, 'GET', '/api/enterprises');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="yinxin"');
    const bogus = await call('not-a-real-token-at-all-xxxxxxxx', 'GET', '/api/enterprises');
    expect(bogus.status).toBe(401);
    expect(bogus.headers.get('www-authenticate')).toContain('invalid_token');
    const holderOnly = await apiToken(rep, 'openid holder');
    const forbidden = await call(holderOnly, 'GET', '/api/enterprises');
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('scope="enterprise"');
    expect((await call(null, 'POST', `/api/enterprises/${firm.id}/agents`, { nonsense: true })).status).toBe(401);
  });

  it('lists the enterprises the caller represents', async () => {
    const res = await call(repToken, 'GET', '/api/enterprises');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ enterprises: [{ id: firm.id, name: '某某贸易有限公司', creditCode: creditCode(2) }] });
    expect(await (await call(strangerToken, 'GET', '/api/enterprises')).json()).toEqual({ enterprises: [] });
  });

  it('grants an agent by ID number, lists them, refuses a second current grant, and audits', async () => {
    const res = await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents`, { agent: { idNumber: agent.idNumber }, scope: [other.clientId], expiresAt: soon(30) });
    expect(res.status).toBe(201);
    const { agent: created } = (await res.json()) as { agent: { id: string; agentId: string; scope: string[] } };
    expect(created).toMatchObject({ agentId: agent.id, scope: [other.clientId] });
    expect(await agents()).toEqual([expect.objectContaining({
      id: created.id, agent: { accountId: agent.id, name: '李经办', idNumberMasked: `${agent.idNumber.slice(0, 6)}********${agent.idNumber.slice(-4)}` },
      scope: [other.clientId], current: true,
    })]);
    const again = await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents`, { agent: { accountId: agent.id }, scope: 'all', expiresAt: soon(30) });
    expect(again.status).toBe(409);
    expect(await agents()).toHaveLength(1);
    const audit = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'agent.grant');
    expect(audit.map((r) => [r.actorId, r.object, r.outcome])).toContainEqual([rep.id, created.id, 'success']);
    // Cleaned up for the tests after this one.
    expect((await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents/${created.id}/revoke`)).status).toBe(200);
  });

  it('answers bad input with a clear error and writes nothing', async () => {
    const path = `/api/enterprises/${firm.id}/agents`;
    const valid = { agent: { idNumber: agent.idNumber }, scope: 'all', expiresAt: soon(30) };
    const cases: [unknown, number, string][] = [
      ['{not json', 400, 'ERR_VALIDATION'],
      [{}, 400, 'ERR_VALIDATION'],
      [{ ...valid, extra: 1 }, 400, 'ERR_VALIDATION'],
      [{ ...valid, scope: [] }, 400, 'ERR_VALIDATION'],
      [{ ...valid, scope: 'some' }, 400, 'ERR_VALIDATION'],
      [{ ...valid, expiresAt: 'tomorrow' }, 400, 'ERR_VALIDATION'],
      [{ ...valid, expiresAt: soon(-1) }, 400, 'ERR_VALIDATION'],
      [{ ...valid, expiresAt: soon(5000) }, 400, 'ERR_VALIDATION'],
      [{ ...valid, scope: ['no-such-app'] }, 400, 'ERR_VALIDATION'],
      [{ ...valid, agent: { idNumber: '110105199003070000' } }, 400, 'ERR_VALIDATION'],
      [{ ...valid, agent: { idNumber: rep.idNumber } }, 400, 'ERR_VALIDATION'],
      [{ ...valid, agent: { accountId: 'c_nobody' } }, 404, 'ERR_NOT_FOUND'],
      [{ ...valid, agent: { accountId: firm.id } }, 400, 'ERR_VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(repToken, 'POST', path, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe(code);
      expect(json.error.message).toBeTruthy();
    }
    const invalid = (await (await call(repToken, 'POST', path, { ...valid, expiresAt: 'tomorrow' })).json()) as { error: { issues: { path: string[] }[] } };
    expect(invalid.error.issues[0]?.path).toEqual(['expiresAt']);
    expect(await agents()).toEqual([]);
    expect((await call(repToken, 'GET', '/api/enterprises/not-an-id/agents')).status).toBe(404);
    expect((await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents/ag_bad/revoke`)).status).toBe(404);
    expect((await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents/ag_${'x'.repeat(22)}/revoke`)).status).toBe(404);
  });

  it('lets only the current legal representative see, grant and revoke', async () => {
    const res = await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents`, { agent: { accountId: agent.id }, scope: 'all', expiresAt: soon(10) });
    const { agent: g } = (await res.json()) as { agent: { id: string } };
    for (const [method, path, body] of [
      ['GET', `/api/enterprises/${firm.id}/agents`, undefined],
      ['POST', `/api/enterprises/${firm.id}/agents`, { agent: { accountId: stranger.id }, scope: 'all', expiresAt: soon(10) }],
      ['POST', `/api/enterprises/${firm.id}/agents/${g.id}/revoke`, undefined],
    ] as const) {
      const denied = await call(strangerToken, method, path, body);
      expect(denied.status).toBe(404);
    }
    // An agent does not manage agents either.
    const agentToken = await apiToken(agent);
    expect((await call(agentToken, 'GET', `/api/enterprises/${firm.id}/agents`)).status).toBe(404);
    const audit = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'agent.access' && r.outcome === 'denied');
    expect(audit.map((r) => r.actorId)).toEqual(expect.arrayContaining([stranger.id, agent.id]));
    expect((await agents()).map((a) => a.id)).toEqual([g.id]);

    const revoked = await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents/${g.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()) as unknown).toMatchObject({ agent: { id: g.id, agentId: agent.id, revokedAt: expect.any(String) } });
    expect((await call(repToken, 'POST', `/api/enterprises/${firm.id}/agents/${g.id}/revoke`)).status).toBe(409);
    expect(await agents()).toEqual([]);
    const revokes = (await svc.container.auditStore.page(0, 10_000)).filter((r) => r.action === 'agent.revoke');
    expect(revokes.map((r) => r.object)).toContain(g.id);
  });
});
