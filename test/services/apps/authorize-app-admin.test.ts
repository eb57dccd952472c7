// Who may use the administration APIs: each refusal reason, a sign-in whose one-time password is
// missing or too old (ERR_STEP_UP_REQUIRED, naming level and max_age), and the duty table: each of
// the three administrative roles holds its own duties and no other's.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/domain/account.ts';
import { ADMIN_DUTIES } from '../../../src/domain/admin-duties.ts';
import type { AdminDuty } from '../../../src/domain/admin-duties.ts';
import type { AccountStore } from '../../../src/ports/account-store.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { authorizeAdminDuty, authorizeAppAdmin } from '../../../src/services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../../src/services/apps/authorize-app-admin.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const staff = (id: string, roles: string[], status: 'active' | 'disabled' = 'active') => ({
  id, kind: 'staff', name: id, phone: null, assurance: 'L2', status, passwordHash: null, totpSealed: 'x',
  citizen: null, legalPerson: null, staff: { staffNumber: id, departmentId: 'd', positions: [], roles }, createdAt: '',
}) as unknown as Account;

const people = new Map([
  ['admin', staff('admin', ['system_admin'])], ['clerk', staff('clerk', ['clerk'])], ['gone', staff('gone', ['system_admin'], 'disabled')],
  ['security', staff('security', ['security_admin'])], ['auditor', staff('auditor', ['auditor'])],
]);
const accounts = { findById: async (id: string) => people.get(id) ?? null } as unknown as AccountStore;
const ctx = { clientIp: '127.0.0.1', requestId: 'r1' };
const now = () => Math.floor(Date.now() / 1000);

describe('authorizeAppAdmin', () => {
  const caller = (over: Partial<ApiCaller>): ApiCaller => ({ clientId: 'console', accountId: 'admin', scopes: ['openid', 'admin'], sessionAmr: ['pwd', 'otp'], sessionAuthTime: now() - 60, ...over });

  it('lets a system administrator through whose session used a recent one-time password', async () => {
    const audit = new AuditLog(new MemoryAuditStore(), systemClock);
    expect(await authorizeAppAdmin({ accounts, audit }, caller({}), ctx)).toMatchObject({ id: 'admin', kind: 'staff' });
  });

  it('refuses, with an audited reason, everything else', async () => {
    const store = new MemoryAuditStore();
    const audit = new AuditLog(store, systemClock);
    await expect(authorizeAppAdmin({ accounts, audit }, null, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    const cases: [Partial<ApiCaller>, string, string][] = [
      [{ scopes: ['openid'] }, 'no_admin_scope', 'ERR_FORBIDDEN'],
      [{ accountId: null }, 'not_a_person', 'ERR_FORBIDDEN'],
      [{ accountId: 'clerk' }, 'not_a_system_admin', 'ERR_FORBIDDEN'],
      [{ accountId: 'gone' }, 'not_a_system_admin', 'ERR_FORBIDDEN'],
      [{ sessionAmr: null }, 'session_ended', 'ERR_FORBIDDEN'],
      [{ sessionAmr: ['pwd'] }, 'no_one_time_password', 'ERR_STEP_UP_REQUIRED'],
      [{ sessionAuthTime: now() - 901 }, 'one_time_password_too_old', 'ERR_STEP_UP_REQUIRED'],
      [{ sessionAuthTime: null }, 'one_time_password_too_old', 'ERR_STEP_UP_REQUIRED'],
    ];
    for (const [over, , code] of cases) {
      await expect(authorizeAppAdmin({ accounts, audit }, caller(over), ctx)).rejects.toMatchObject({ code });
    }
    const reasons = (await store.page(0, 100)).map((r) => JSON.parse(r.details).reason);
    expect(reasons).toEqual(cases.map(([, r]) => r));
  });

  it('names the level and age to sign in again with, and takes the configured age', async () => {
    const audit = new AuditLog(new MemoryAuditStore(), systemClock);
    const old = caller({ sessionAuthTime: now() - 120 });
    await expect(authorizeAppAdmin({ accounts, audit, adminOtpMaxAgeS: 60 }, old, ctx))
      .rejects.toMatchObject({ code: 'ERR_STEP_UP_REQUIRED', details: { reason: 'one_time_password_too_old', acrValues: ['L1-mfa'], maxAge: 60 } });
    expect(await authorizeAppAdmin({ accounts, audit, adminOtpMaxAgeS: 300 }, old, ctx)).toMatchObject({ id: 'admin' });
  });

  it('gives each administrative role its own duties and no other', async () => {
    const audit = new AuditLog(new MemoryAuditStore(), systemClock);
    const held: Record<string, AdminDuty[]> = {};
    for (const who of ['admin', 'security', 'auditor', 'clerk']) {
      held[who] = [];
      for (const duty of Object.keys(ADMIN_DUTIES) as AdminDuty[]) {
        const ok = await authorizeAdminDuty({ accounts, audit }, caller({ accountId: who }), ctx, duty).then(() => true, (e) => {
          expect(e.code).toBe('ERR_FORBIDDEN');
          return false;
        });
        if (ok) held[who].push(duty);
      }
    }
    expect(held).toEqual({
      admin: ['apps', 'departments', 'staff', 'configuration'],
      security: ['roles', 'seals', 'keys', 'sessions', 'accounts'],
      auditor: ['audit'],
      clerk: [],
    });
  });
});
