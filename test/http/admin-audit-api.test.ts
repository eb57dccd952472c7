// The auditors' API with bearer tokens: an auditor whose sign-in used a one-time password
// searches with keyset paging, exports JSON lines holding every match, reads the chain status and
// verifies the log; the same auditor without a one-time password, an app administrator and a
// caller without a token are refused (and the refusals recorded). Bad fields are named.
import { authorizeAuditor } from '../../src/services/audit/authorize-auditor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import type { AuditRecord } from '../../src/domain/audit-record.ts';
import { hashAuditRecord } from '../../src/domain/audit-record.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { adminFixture, signInToConsole, totpCode } from '../support/staff-admin.ts';

const PASSWORD = 'audit api passphrase 3';
const system = { id: 'system:test', kind: 'system' as const };

describe('audit search API', () => {
  let svc: OidcTestService;
  let auditorToken: string;
  let plainToken: string;
  let adminToken: string;
  let auditorId: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const c = svc.container;
    const { consoleId } = await adminFixture(c, PASSWORD);
    const auditor = await createAccount(c.identity, { kind: 'staff', name: '周审计', staffNumber: 'AU02', departmentId: 'dsj', roles: ['auditor'], password: PASSWORD }, system);
    auditorId = auditor.id;
    let secret = '';
    const withOtp = await signInToConsole(svc.url, consoleId, 'AU02', PASSWORD, (s) => {
      secret = s ?? secret;
      return totpCode(secret);
    }, undefined, { acr_values: 'L1-mfa' });
    auditorToken = withOtp.tokens.access_token;
    // An administrator's sign-in asks for the one-time password even when the app does not.
    let asked = false;
    plainToken = (await signInToConsole(svc.url, consoleId, 'AU02', PASSWORD, (s) => {
      asked = true;
      secret = s ?? secret;
      return totpCode(secret, 1);
    })).tokens.access_token;
    expect(asked).toBe(true);
    let adminSecret = '';
    adminToken = (await signInToConsole(svc.url, consoleId, 'A001', PASSWORD, (s) => {
      adminSecret = s ?? adminSecret;
      return totpCode(adminSecret, 1);
    })).tokens.access_token;
    for (let i = 0; i < 7; i++) await c.audit.append({ actor: { id: 's_x', kind: 'staff' }, action: 'seal.use', object: 'seal-77', outcome: 'success', details: { i } });
  }, 60_000);
  afterAll(async () => svc?.stop());

  const get = (path: string, token: string | null) => fetch(`${svc.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('pages through a search with the next cursor, and records each search', async () => {
    const first = await get('/api/admin/audit/records?object=seal-77&limit=4', auditorToken);
    expect(first.status).toBe(200);
    const a = await first.json() as { records: AuditRecord[]; next: string | null };
    expect(a.records.map((r) => JSON.parse(r.details).i)).toEqual([6, 5, 4, 3]);
    expect(a.records.every((r) => hashAuditRecord(r) === r.hash)).toBe(true);
    const b = await (await get(`/api/admin/audit/records?object=seal-77&limit=4&cursor=${a.next}`, auditorToken)).json() as { records: AuditRecord[]; next: string | null };
    expect(b.records.map((r) => JSON.parse(r.details).i)).toEqual([2, 1, 0]);
    expect(b.next).toBeNull();
    const signIns = await (await get('/api/admin/audit/records?events=sign-in&actor=' + auditorId, auditorToken)).json() as { records: AuditRecord[] };
    expect(signIns.records.map((r) => r.action)).toEqual(expect.arrayContaining(['login.password', 'login.totp']));
    expect(signIns.records.every((r) => r.actorId === auditorId)).toBe(true);
    const searches = await svc.container.auditSearch.search({ actions: ['audit.search'], actorId: auditorId }, null, 10);
    expect(searches).toHaveLength(3);
  });

  it('exports every match as JSON lines with the fields as hashed', async () => {
    const res = await get('/api/admin/audit/export?format=jsonl&action=seal.use', auditorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{8}T\d{6}\.jsonl"$/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    expect(lines).toHaveLength(7);
    expect(lines.every((r) => hashAuditRecord(r) === r.hash)).toBe(true);
    const exports = await svc.container.auditSearch.search({ actions: ['audit.export'] }, null, 10);
    expect(JSON.parse(exports[0]!.details)).toEqual({ format: 'jsonl', query: { actions: ['seal.use'] } });
  });

  it('answers the chain status and verifies the whole log', async () => {
    const status = await (await get('/api/admin/audit/status', auditorToken)).json() as { head: { seq: number }; tail: { firstBroken: unknown } };
    expect(status.head.seq).toBeGreaterThan(7);
    expect(status.tail.firstBroken).toBeNull();
    const verify = await fetch(`${svc.url}/api/admin/audit/verify`, { method: 'POST', headers: { authorization: `Bearer ${auditorToken}` } });
    expect(await verify.json()).toMatchObject({ ok: true, findings: [] });
  });

  it('names bad fields', async () => {
    const res = await get('/api/admin/audit/records?from=yesterday&action=Bad%20Type&limit=1000&cursor=abc&extra=1', auditorToken);
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { code: string; issues: { path: string[] }[] } };
    expect(body.error.code).toBe('ERR_VALIDATION');
    expect(body.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['action.0', 'extra', 'from', 'limit']);
    const cursor = await get('/api/admin/audit/records?cursor=bm90LWEtY3Vyc29y', auditorToken);
    expect(cursor.status).toBe(400);
  });

  it('asks an auditor without a recent one-time password to sign in again, refuses an app administrator and no token', async () => {
    expect((await get('/api/admin/audit/records', plainToken)).status).toBe(200);
    // A token whose sign-in had no one-time password (no administrator's sign-in ends so now; the
    // check stays as a second line).
    const caller = { clientId: 'yinxin-audit-console', accountId: auditorId, scopes: ['openid', 'admin'], sessionAmr: ['pwd'], sessionAuthTime: Math.floor(Date.now() / 1000) };
    await expect(authorizeAuditor(svc.container.identity, caller, { clientIp: null, requestId: null })).rejects.toMatchObject({ code: 'ERR_STEP_UP_REQUIRED' });
    // A one-time password older than the administrators' limit asks for a new sign-in, as every other duty does.
    const old = { ...caller, sessionAmr: ['pwd', 'otp'], sessionAuthTime: Math.floor(Date.now() / 1000) - 3600 };
    await expect(authorizeAuditor(svc.container.identity, old, { clientIp: null, requestId: null })).rejects.toMatchObject({ code: 'ERR_STEP_UP_REQUIRED', details: { maxAge: 900 } });
    expect((await get('/api/admin/audit/export?format=csv', adminToken)).status).toBe(403);
    expect((await get('/api/admin/audit/status', null)).status).toBe(401);
    const denied = await svc.container.auditSearch.search({ actions: ['admin.access'], object: 'audit' }, null, 10);
    expect(denied.map((r) => JSON.parse(r.details).reason).sort()).toEqual(['no_one_time_password', 'not_a_auditor', 'one_time_password_too_old']);
  });
});
