// The security administrator's account use cases on each SQL backend: searches by phone, by ID
// number through its blind index (the number in no audit record) and by credit code, masked, staff
// only in the sessions scope; disabling ends sessions and sign-in; a password reset leaves no
// password (the person recovers by SMS) and is refused without a phone; lockouts show and clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStaffDirectoryStore } from '../../../src/adapters/accounts/sql-staff-directory-store.ts';
import type { AccountSessions, EndedSessions } from '../../../src/ports/account-sessions.ts';
import type { AccountAdminDeps } from '../../../src/services/accounts/account-admin-deps.ts';
import { clearAccountLockout } from '../../../src/services/accounts/clear-account-lockout.ts';
import { endAccountSessions } from '../../../src/services/accounts/end-account-sessions.ts';
import { findAccounts } from '../../../src/services/accounts/find-accounts.ts';
import { resetAccountCredentials } from '../../../src/services/accounts/reset-account-credentials.ts';
import { setAccountStatus } from '../../../src/services/accounts/set-account-status.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { accountThrottleKey } from '../../../src/services/identity/identity-deps.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { identityFixture, residentId } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const actor = { id: 's_security', kind: 'staff' as const, clientIp: '192.0.2.1', requestId: 'r1' };
const ctx = { clientIp: '192.0.2.9', requestId: null };
const PASSWORD = 'account admin passphrase';
const CREDIT_CODE = '11330100MB0000001R';

/** Sessions kept in memory: which accounts' sessions were ended. */
function memorySessions(): AccountSessions & { ended: string[] } {
  const ended: string[] = [];
  const one: EndedSessions = { sessions: 1, grants: 1, backchannel: [{ clientId: 'city-app', ok: true }] };
  return {
    ended,
    async endAll(id) { ended.push(`${id}:all`); return one; },
    async end(id, sessionId) { ended.push(`${id}:${sessionId}`); return one; },
    async list() { return [{ id: 'h1', uid: 'u1', signedInAt: 1, lastActiveAt: 2, acr: null, amr: ['pwd'], device: { userAgent: null, ip: '192.0.2.77' }, apps: [] }]; },
  };
}

describe.each(sqlBackends)('account administration on $name', (backend) => {
  let f: IdentityFixture;
  let deps: AccountAdminDeps & { sessions: ReturnType<typeof memorySessions> };
  let citizenId: string;
  let companyId: string;
  let staffId: string;
  const idNumber = residentId(871);

  beforeAll(async () => {
    f = await identityFixture(backend);
    deps = { ...f.deps, directory: new SqlStaffDirectoryStore(f.knex), sessions: memorySessions() };
    await f.deps.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    citizenId = (await createAccount(f.deps, { kind: 'citizen', name: '王公民', idNumber, phone: '13800000871', password: PASSWORD, assurance: 'L2' }, system)).id;
    companyId = (await createAccount(f.deps, { kind: 'legal_person', name: '某市星河科技有限公司', creditCode: CREDIT_CODE, representativeId: citizenId, password: PASSWORD }, system)).id;
    staffId = (await createAccount(f.deps, { kind: 'staff', name: '赵办事', staffNumber: 'C001', departmentId: 'city', roles: ['clerk'], phone: '13800000871', password: PASSWORD }, system)).id;
  });
  afterAll(async () => f?.cleanup());

  it('finds by phone, by ID number through its blind index and by credit code, masked; staff only for sessions', async () => {
    const byPhone = await findAccounts(deps, { by: 'phone', value: '13800000871' }, 'people', actor);
    expect(byPhone.map((a) => a.id)).toEqual([citizenId]);
    expect(byPhone[0]).toMatchObject({ name: '王*民', phone: '138****0871', idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`, idNumberChecked: true, assurance: 'L2', hasPassword: true, authenticator: false, lockedOut: false });
    expect((await findAccounts(deps, { by: 'phone', value: '13800000871' }, 'any', actor)).map((a) => a.id).sort()).toEqual([citizenId, staffId].sort());
    expect((await findAccounts(deps, { by: 'idNumber', value: idNumber.toLowerCase() }, 'people', actor)).map((a) => a.id)).toEqual([citizenId]);
    expect((await findAccounts(deps, { by: 'idNumber', value: residentId(872) }, 'people', actor))).toEqual([]);
    expect((await findAccounts(deps, { by: 'creditCode', value: CREDIT_CODE.toLowerCase() }, 'people', actor))[0]).toMatchObject({ id: companyId, name: '某市星河科技有限公司', creditCode: CREDIT_CODE });
    expect((await findAccounts(deps, { by: 'staffNumber', value: 'C001' }, 'any', actor)).map((a) => a.id)).toEqual([staffId]);
    await expect(findAccounts(deps, { by: 'staffNumber', value: 'C001' }, 'people', actor)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(findAccounts(deps, { by: 'idNumber', value: '110105199003070001' }, 'people', actor)).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ code: 'id_number' }] } });
    const searches = (await f.auditStore.page(0, 1000)).filter((r) => r.action === 'admin.accounts.search');
    expect(searches).toHaveLength(6);
    expect(searches.every((r) => r.actorId === actor.id)).toBe(true);
    expect(JSON.stringify(searches)).not.toContain(idNumber);
    expect(JSON.stringify(searches)).not.toContain('13800000871');
  });

  it('disables (sessions end, sign-in refused) and enables, audited before and after; never a staff account', async () => {
    const out = await setAccountStatus(deps, citizenId, 'disabled', actor);
    expect(out.account.status).toBe('disabled');
    expect(deps.sessions.ended).toContain(`${citizenId}:all`);
    await expect(loginWithPassword(f.deps, { login: '13800000871', password: PASSWORD }, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    await setAccountStatus(deps, citizenId, 'active', actor);
    expect((await loginWithPassword(f.deps, { login: '13800000871', password: PASSWORD }, { ...ctx, clientIp: '192.0.2.10' })).account.id).toBe(citizenId);
    const records = (await f.auditStore.page(0, 1000)).filter((r) => r.object === citizenId && r.action.startsWith('account.admin.'));
    expect(records.map((r) => [r.action, JSON.parse(r.details).before, JSON.parse(r.details).after])).toEqual([
      ['account.admin.disable', { status: 'active' }, { status: 'disabled' }],
      ['account.admin.enable', { status: 'disabled' }, { status: 'active' }],
    ]);
    await expect(setAccountStatus(deps, staffId, 'disabled', actor)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('resets the password so that none signs in, only with a phone to recover by; ends sessions one or all', async () => {
    await expect(resetAccountCredentials(deps, citizenId, { password: false, authenticator: false }, actor)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(resetAccountCredentials(deps, companyId, { password: true, authenticator: false }, actor)).rejects.toMatchObject({ details: { issues: [{ code: 'no_phone' }] } });
    const out = await resetAccountCredentials(deps, citizenId, { password: true, authenticator: true }, actor);
    expect(out.account.hasPassword).toBe(false);
    expect((await f.deps.accounts.findById(citizenId))?.passwordHash).toBeNull();
    await expect(loginWithPassword(f.deps, { login: '13800000871', password: PASSWORD }, { ...ctx, clientIp: '192.0.2.11' })).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    const reset = (await f.auditStore.page(0, 1000)).findLast((r) => r.action === 'account.admin.reset')!;
    expect(JSON.parse(reset.details)).toMatchObject({ reset: ['password', 'authenticator'], before: { factors: ['password'] }, after: { factors: [] } });

    await endAccountSessions(deps, citizenId, 'h1', 'people', actor);
    expect(deps.sessions.ended.at(-1)).toBe(`${citizenId}:h1`);
    await endAccountSessions(deps, staffId, null, 'any', actor);
    expect(deps.sessions.ended.at(-1)).toBe(`${staffId}:all`);
    await expect(endAccountSessions(deps, staffId, null, 'people', actor)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('shows and clears a lockout', async () => {
    for (let i = 0; i < 5; i++) await f.deps.kv.increment(accountThrottleKey(`uscc:${CREDIT_CODE}`), 900);
    expect((await findAccounts(deps, { by: 'creditCode', value: CREDIT_CODE }, 'any', actor))[0]?.lockedOut).toBe(true);
    expect((await clearAccountLockout(deps, companyId, actor)).lockedOut).toBe(false);
    expect(await f.deps.kv.get(accountThrottleKey(`uscc:${CREDIT_CODE}`))).toBeNull();
    const cleared = (await f.auditStore.page(0, 1000)).findLast((r) => r.action === 'account.admin.lockout.clear')!;
    expect(JSON.parse(cleared.details)).toEqual({ before: { lockedOut: true }, after: { lockedOut: false } });
  });
});
