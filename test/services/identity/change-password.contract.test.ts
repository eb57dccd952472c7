// Changing one's own password over every SQL backend: the current one must check out, the new
// one follows the rules of replacing an initial password, and the change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword } from '../../../src/services/identity/change-password.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { identityFixture } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = { clientIp: '192.0.2.10', requestId: 'r-change' };

describe.each(sqlContractBackends)('changing a password over $name', (backend) => {
  let f: IdentityFixture;
  beforeAll(async () => {
    f = await identityFixture(backend);
  });
  afterAll(async () => f?.cleanup());

  const issues = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return { code: (e as { code: string }).code, issues: ((e as { details?: { issues?: { path: string[]; code: string }[] } }).details?.issues ?? []).map((i) => `${i.path.join('.')}:${i.code}`) };
    }
    throw new Error('expected a failure');
  };

  it('refuses a wrong current password, short, mismatched or unchanged new ones, then changes it', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '改密', idNumber: null, phone: '13800000181', password: 'Old-Pass-01', assurance: 'L1' }, system);
    const change = (current: string, password: string, confirm = password) => changePassword(f.deps, { accountId: a.id, current, password, confirm }, ctx);
    expect(await issues(change('Not-The-One', 'New-Pass-02'))).toEqual({ code: 'ERR_VALIDATION', issues: ['current:wrong'] });
    expect(await issues(change('Old-Pass-01', 'short'))).toEqual({ code: 'ERR_VALIDATION', issues: ['password:too_short'] });
    expect(await issues(change('Old-Pass-01', 'New-Pass-02', 'New-Pass-03'))).toEqual({ code: 'ERR_VALIDATION', issues: ['confirm:mismatch'] });
    expect(await issues(change('Old-Pass-01', 'Old-Pass-01'))).toEqual({ code: 'ERR_VALIDATION', issues: ['password:same_as_current'] });
    expect((await loginWithPassword(f.deps, { login: '13800000181', password: 'Old-Pass-01' }, ctx)).account.id).toBe(a.id);

    const changed = await changePassword(f.deps, { accountId: a.id, current: 'Old-Pass-01', password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx);
    expect(changed.passwordInitial).toBe(false);
    expect((await loginWithPassword(f.deps, { login: '13800000181', password: 'New-Pass-02' }, ctx)).account.id).toBe(a.id);
    expect((await issues(loginWithPassword(f.deps, { login: '13800000181', password: 'Old-Pass-01' }, ctx))).code).toBe('ERR_UNAUTHENTICATED');
    const audited = f.auditStore.records.filter((r) => r.action === 'account.password.change' && r.object === a.id);
    expect(audited.map((r) => r.outcome)).toEqual(['failure', 'success']);
    expect(JSON.stringify(audited)).not.toContain('New-Pass-02');
  });

  it('refuses an account without a password', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '无密', idNumber: null, phone: '13800000182', assurance: 'L1' }, system);
    expect((await issues(changePassword(f.deps, { accountId: a.id, current: 'x', password: 'New-Pass-02', confirm: 'New-Pass-02' }, ctx))).code).toBe('ERR_UNAUTHENTICATED');
  });
});
