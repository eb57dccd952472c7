// Accounts, password and SMS-code login, throttling and claims over every SQL backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKekRing } from '../../../src/adapters/keys/kek.ts';
import { SqlDataKeys } from '../../../src/adapters/keys/sql-data-keys.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { loginWithSmsCode } from '../../../src/services/identity/login-with-sms-code.ts';
import { readAccountClaims } from '../../../src/services/identity/read-account-claims.ts';
import { sendSmsCode } from '../../../src/services/identity/send-sms-code.ts';
import { identityFixture, residentId } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = (ip = '192.0.2.1') => ({ clientIp: ip, requestId: 'r1' });

describe.each(sqlContractBackends)('identity over $name', (backend) => {
  let f: IdentityFixture;
  beforeAll(async () => {
    f = await identityFixture(backend);
    await f.deps.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
    await f.deps.accounts.addDepartment({ id: 'amr', parentId: 'city', name: '市场监督管理局', kind: 'bureau' });
  });
  afterAll(async () => f?.cleanup());

  it('creates a citizen with the ID number sealed and findable by its blind index', async () => {
    const id = residentId(11);
    const a = await createAccount(f.deps, { kind: 'citizen', name: '张三', idNumber: id, phone: '13800000011', password: 'correct horse' }, system);
    expect(a.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const row = await f.knex('accounts').where({ id: a.id }).first();
    expect(JSON.stringify(row)).not.toContain(id);
    expect(row.id_number_masked).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    const viaId = await loginWithPassword(f.deps, { login: id, password: 'correct horse' }, ctx());
    expect(viaId.account.id).toBe(a.id);
    expect(viaId.amr).toEqual(['pwd']);
    const viaPhone = await loginWithPassword(f.deps, { login: '13800000011', password: 'correct horse' }, ctx());
    expect(viaPhone.account.id).toBe(a.id);
    // Another process with the same key ring reads the same data keys.
    const other = new SqlDataKeys(f.knex, () => parseKekRing(f.kekText, 'test'), systemClock);
    const [mine, theirs] = [await f.deps.dataKeys.current('id-index'), await other.current('id-index')];
    expect(theirs.id).toBe(mine.id);
    expect(Buffer.from(theirs.key).equals(Buffer.from(mine.key))).toBe(true);
  });

  it('refuses invalid ID numbers, credit codes, phones, short passwords and duplicates', async () => {
    await expect(createAccount(f.deps, { kind: 'citizen', name: '李四', idNumber: '110105199003070010', phone: null }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(createAccount(f.deps, { kind: 'citizen', name: '李四', idNumber: residentId(12), phone: '12345' }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(createAccount(f.deps, { kind: 'citizen', name: '李四', idNumber: residentId(12), phone: null, password: 'short' }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(createAccount(f.deps, { kind: 'citizen', name: '重复', idNumber: residentId(11), phone: null }, system)).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    await expect(createAccount(f.deps, { kind: 'legal_person', name: '某公司', creditCode: '91350100M000100Y44', representativeId: 'x' }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('creates a legal person represented by a citizen, and staff in a department', async () => {
    const rep = await createAccount(f.deps, { kind: 'citizen', name: '王五', idNumber: residentId(13), phone: '13800000013' }, system);
    const org = await createAccount(f.deps, { kind: 'legal_person', name: '某某科技有限公司', creditCode: '91350100M000100Y43', representativeId: rep.id, password: 'org password 1' }, system);
    expect(org.legalPerson).toEqual({ creditCode: '91350100M000100Y43', representativeId: rep.id });
    await expect(createAccount(f.deps, { kind: 'legal_person', name: '另一公司', creditCode: '91350100M000100Y43', representativeId: org.id }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    const staff = await createAccount(f.deps, { kind: 'staff', name: '赵六', staffNumber: 'A-0001', departmentId: 'amr', roles: ['clerk'], password: 'staff password' }, system);
    expect((await loginWithPassword(f.deps, { login: 'A-0001', password: 'staff password' }, ctx())).account.id).toBe(staff.id);
    expect((await loginWithPassword(f.deps, { login: '91350100m000100y43', password: 'org password 1' }, ctx())).account.id).toBe(org.id);
    const claims = await readAccountClaims(f.deps, staff.id, { fullIdNumber: false });
    expect(claims).toMatchObject({ sub: staff.id, department: ['某市', '市场监督管理局'], roles: ['clerk'], staff_number: 'A-0001' });
    await expect(createAccount(f.deps, { kind: 'staff', name: '钱七', staffNumber: 'A-0002', departmentId: 'nowhere', roles: [] }, system)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('gives claims with the ID number masked unless the full number is permitted', async () => {
    const id = residentId(14);
    const a = await createAccount(f.deps, { kind: 'citizen', name: '孙八', idNumber: id, phone: '13800000014', assurance: 'L2' }, system);
    expect(await readAccountClaims(f.deps, a.id, { fullIdNumber: false })).toMatchObject({ id_card: `${id.slice(0, 6)}********${id.slice(-4)}`, phone_number: '13800000014', name: '孙八' });
    expect((await readAccountClaims(f.deps, a.id, { fullIdNumber: true }))?.id_card).toBe(id);
    expect(await readAccountClaims(f.deps, 'c_nobody', { fullIdNumber: false })).toBeNull();
  });

  it('answers the same for an unknown account and a wrong password, and audits both', async () => {
    const unknown = loginWithPassword(f.deps, { login: '13900000000', password: 'whatever1' }, ctx('192.0.2.50'));
    const wrong = loginWithPassword(f.deps, { login: '13800000011', password: 'wrong password' }, ctx('192.0.2.50'));
    const [e1, e2] = await Promise.all([unknown.catch((e: unknown) => e), wrong.catch((e: unknown) => e)]);
    expect(e1).toMatchObject({ code: 'ERR_UNAUTHENTICATED', message: 'wrong login name or password' });
    expect(e2).toMatchObject({ code: 'ERR_UNAUTHENTICATED', message: 'wrong login name or password' });
    const failures = f.auditStore.records.filter((r) => r.action === 'login.password' && r.outcome === 'failure');
    expect(failures.map((r) => JSON.parse(r.details).reason)).toEqual(expect.arrayContaining(['unknown_account', 'wrong_password']));
  });

  it('locks a login name out after five failures, even with the right password', async () => {
    await createAccount(f.deps, { kind: 'citizen', name: '周九', idNumber: residentId(15), phone: '13800000015', password: 'right password' }, system);
    for (let i = 0; i < 5; i++) {
      await expect(loginWithPassword(f.deps, { login: '13800000015', password: `bad ${i} guess` }, ctx(`198.51.100.${i}`))).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    }
    await expect(loginWithPassword(f.deps, { login: '13800000015', password: 'right password' }, ctx('198.51.100.99'))).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
  });

  it('signs in with a one-time SMS code, once, and says nothing about unknown phones', async () => {
    const a = await createAccount(f.deps, { kind: 'citizen', name: '吴十', idNumber: residentId(16), phone: '13800000016' }, system);
    await sendSmsCode(f.deps, '13800000016', ctx());
    await expect(sendSmsCode(f.deps, '13900000016', ctx())).resolves.toBeUndefined();
    const code = /(\d{6})/.exec(f.sms.sent.get('13800000016') ?? '')?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(f.sms.sent.has('13900000016')).toBe(false);
    const r = await loginWithSmsCode(f.deps, { phone: '13800000016', code }, ctx());
    expect(r.account.id).toBe(a.id);
    expect(r.amr).toEqual(['sms']);
    await expect(loginWithSmsCode(f.deps, { phone: '13800000016', code }, ctx())).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });
});
