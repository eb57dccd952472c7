// Changing one's phone over every SQL backend: the current password first (locked out after wrong
// ones), a code to the new number, a number of another account refused without naming it, the
// old number told, a citizen's sign-in name moved to the new number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmPhoneChange } from '../../../src/services/identity/confirm-phone-change.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { startPhoneChange } from '../../../src/services/identity/start-phone-change.ts';
import { identityFixture } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = { clientIp: '192.0.2.60', requestId: 'r-phone' };
const now = 1_800_000_000;

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    const issues = (e as { details?: { issues?: { path: string[]; code: string }[] } }).details?.issues ?? [];
    return [(e as { code: string }).code, ...issues.map((i) => `${i.path.join('.')}:${i.code}`)].join(' ');
  }
  throw new Error('expected a failure');
};

describe.each(sqlContractBackends)('changing a phone over $name', (backend) => {
  let f: IdentityFixture;
  beforeAll(async () => {
    f = await identityFixture(backend);
    await f.deps.accounts.addDepartment({ id: 'd', parentId: null, name: '市政府', kind: 'city', creditCode: null });
  });
  afterAll(async () => f?.cleanup());

  const codeIn = (phone: string) => /(\d{6})/.exec(f.sms.sent.get(phone) ?? '')?.[1] as string;
  const start = (accountId: string, phone: string, current: string | null = 'Old-Pass-01', signedInAt: number | null = null) =>
    startPhoneChange(f.deps, { accountId, current, signedInAt, now, phone }, ctx);

  it('re-authenticates, verifies the new number, moves the sign-in name and tells the old number', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '换号', idNumber: null, phone: '13800000601', password: 'Old-Pass-01', assurance: 'L1' }, system);
    expect(await failure(start(a.id, '13800000602', 'Not-The-One'))).toBe('ERR_VALIDATION current:wrong');
    expect(await failure(start(a.id, '13800000601'))).toBe('ERR_VALIDATION phone:same_as_current');
    expect(await failure(start(a.id, '12345'))).toBe('ERR_VALIDATION phone:invalid');
    await start(a.id, '13800000602');
    const code = codeIn('13800000602');
    expect(await failure(confirmPhoneChange(f.deps, { accountId: a.id, code: code === '111111' ? '222222' : '111111' }, ctx))).toBe('ERR_VALIDATION code:wrong');
    const changed = await confirmPhoneChange(f.deps, { accountId: a.id, code }, ctx);
    expect(changed.phone).toBe('13800000602');
    expect((await f.deps.accounts.findById(a.id))?.phone).toBe('13800000602');
    expect((await loginWithPassword(f.deps, { login: '13800000602', password: 'Old-Pass-01' }, ctx)).account.id).toBe(a.id);
    expect(await failure(loginWithPassword(f.deps, { login: '13800000601', password: 'Old-Pass-01' }, ctx))).toBe('ERR_UNAUTHENTICATED');
    expect(f.sms.sent.get('13800000601')).toContain('138****0602');
    // The code is used up.
    expect(await failure(confirmPhoneChange(f.deps, { accountId: a.id, code }, ctx))).toBe('ERR_VALIDATION code:wrong');
    const audited = f.auditStore.records.filter((r) => r.action === 'account.phone.change' && r.object === a.id).map((r) => r.outcome);
    expect(audited).toEqual(['failure', 'failure', 'success']);
    expect(JSON.stringify(f.auditStore.records)).not.toContain('13800000602');
  });

  it('refuses a number another account has, texting its owner instead of a code, and naming no one', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '想换', idNumber: null, phone: '13800000611', password: 'Old-Pass-01', assurance: 'L1' }, system);
    await createAccount(f.deps, { kind: 'staff', name: '已有', staffNumber: 'P612', departmentId: 'd', roles: ['clerk'], phone: '13800000612' }, system);
    await createAccount(f.deps, { kind: 'citizen', name: '他人', idNumber: null, phone: '13800000613', assurance: 'L1' }, system);
    for (const taken of ['13800000612', '13800000613']) {
      await start(a.id, taken);
      expect(f.sms.sent.get(taken)).toContain('已绑定其他账号');
      expect(codeIn(taken)).toBeUndefined();
      for (const guess of ['000000', '123456']) expect(await failure(confirmPhoneChange(f.deps, { accountId: a.id, code: guess }, ctx))).toBe('ERR_VALIDATION code:wrong');
    }
    expect((await f.deps.accounts.findById(a.id))?.phone).toBe('13800000611');
  });

  it('refuses a number taken between the code and its confirmation with one answer', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '抢号', idNumber: null, phone: '13800000621', password: 'Old-Pass-01', assurance: 'L1' }, system);
    await start(a.id, '13800000622');
    await createAccount(f.deps, { kind: 'citizen', name: '先到', idNumber: null, phone: '13800000622', assurance: 'L1' }, system);
    expect(await failure(confirmPhoneChange(f.deps, { accountId: a.id, code: codeIn('13800000622') }, ctx))).toBe('ERR_CONFLICT');
    expect((await f.deps.accounts.findById(a.id))?.phone).toBe('13800000621');
  });

  it('asks an account without a password for a sign-in of the last five minutes', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '无密', idNumber: null, phone: '13800000631', assurance: 'L1' }, system);
    expect(await failure(start(a.id, '13800000632', null, null))).toBe('ERR_UNAUTHENTICATED');
    expect(await failure(start(a.id, '13800000632', null, now - 301))).toBe('ERR_UNAUTHENTICATED');
    await start(a.id, '13800000632', null, now - 60);
    expect((await confirmPhoneChange(f.deps, { accountId: a.id, code: codeIn('13800000632') }, ctx)).phone).toBe('13800000632');
  });

  it('locks the current password after 5 wrong ones and the code after 5 wrong ones', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '锁定', idNumber: null, phone: '13800000641', password: 'Old-Pass-01', assurance: 'L1' }, system);
    for (let i = 0; i < 5; i++) expect(await failure(start(a.id, '13800000642', 'Not-The-One'))).toBe('ERR_VALIDATION current:wrong');
    expect(await failure(start(a.id, '13800000642'))).toBe('ERR_RATE_LIMITED');
    const b = await createAccount(f.deps, { kind: 'citizen', name: '锁码', idNumber: null, phone: '13800000643', password: 'Old-Pass-01', assurance: 'L1' }, system);
    await start(b.id, '13800000644');
    const right = codeIn('13800000644');
    const wrong = right === '111111' ? '222222' : '111111';
    const tries: string[] = [];
    for (let i = 0; i < 5; i++) tries.push(await failure(confirmPhoneChange(f.deps, { accountId: b.id, code: wrong }, ctx)));
    expect(tries).toEqual([...Array(4).fill('ERR_VALIDATION code:wrong'), 'ERR_RATE_LIMITED']);
    expect(await failure(confirmPhoneChange(f.deps, { accountId: b.id, code: right }, ctx))).toBe('ERR_VALIDATION code:wrong');
    expect((await f.deps.accounts.findById(b.id))?.phone).toBe('13800000643');
  });
});
