// Who may use the app administration API: each refusal reason, and the one way through.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/domain/account.ts';
import type { AccountStore } from '../../../src/ports/account-store.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { authorizeAppAdmin } from '../../../src/services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../../src/services/apps/authorize-app-admin.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const staff = (id: string, roles: string[], status: 'active' | 'disabled' = 'active') => ({
  id, kind: 'staff', name: id, phone: null, assurance: 'L2', status, passwordHash: null, totpSealed: 'x',
  citizen: null, legalPerson: null, staff: { staffNumber: id, departmentId: 'd', positions: [], roles }, createdAt: '',
}) as unknown as Account;

const people = new Map([['admin', staff('admin', ['app_admin'])], ['clerk', staff('clerk', ['clerk'])], ['gone', staff('gone', ['app_admin'], 'disabled')]]);
const accounts = { findById: async (id: string) => people.get(id) ?? null } as unknown as AccountStore;
const ctx = { clientIp: '127.0.0.1', requestId: 'r1' };

describe('authorizeAppAdmin', () => {
  const caller = (over: Partial<ApiCaller>): ApiCaller => ({ clientId: 'console', accountId: 'admin', scopes: ['openid', 'admin'], sessionAmr: ['pwd', 'otp'], ...over });

  it('lets an app administrator through whose session used a one-time password', async () => {
    const audit = new AuditLog(new MemoryAuditStore(), systemClock);
    expect(await authorizeAppAdmin({ accounts, audit }, caller({}), ctx)).toMatchObject({ id: 'admin', kind: 'staff' });
  });

  it('refuses, with an audited reason, everything else', async () => {
    const store = new MemoryAuditStore();
    const audit = new AuditLog(store, systemClock);
    await expect(authorizeAppAdmin({ accounts, audit }, null, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    const cases: [Partial<ApiCaller>, string][] = [
      [{ scopes: ['openid'] }, 'no_admin_scope'],
      [{ accountId: null }, 'not_a_person'],
      [{ accountId: 'clerk' }, 'not_an_app_admin'],
      [{ accountId: 'gone' }, 'not_an_app_admin'],
      [{ sessionAmr: null }, 'session_ended'],
      [{ sessionAmr: ['pwd'] }, 'no_one_time_password'],
    ];
    for (const [over] of cases) {
      await expect(authorizeAppAdmin({ accounts, audit }, caller(over), ctx)).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });
    }
    const reasons = (await store.page(0, 100)).map((r) => JSON.parse(r.details).reason);
    expect(reasons).toEqual(cases.map(([, r]) => r));
  });
});
