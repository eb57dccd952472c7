// Citizen self-registration with a phone code (L1) and the real-name check that raises a
// citizen to L2, over every SQL backend.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRealNameRegister } from '../../../src/adapters/real-name/file-real-name-register.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { readAccountClaims } from '../../../src/services/identity/read-account-claims.ts';
import { registerCitizen } from '../../../src/services/identity/register-citizen.ts';
import { sendRegistrationCode } from '../../../src/services/identity/send-registration-code.ts';
import { verifyRealName } from '../../../src/services/identity/verify-real-name.ts';
import type { RealNameDeps } from '../../../src/services/identity/verify-real-name.ts';
import { identityFixture, residentId } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlContractBackends } from '../../support/sql-backends.ts';

const ctx = (ip = '192.0.2.7') => ({ clientIp: ip, requestId: 'r1' });
// People in the development register shipped with the service (dev/real-name-register.json).
const ZHANG = { name: '张三', idNumber: '110105198001010016' };
const LI = { name: '李四', idNumber: '110105198512120022' };
const register = new FileRealNameRegister(join(import.meta.dirname, '../../../dev/real-name-register.json'));

describe.each(sqlContractBackends)('registration and real-name check over $name', (backend) => {
  let f: IdentityFixture;
  let rn: RealNameDeps;
  const codeFor = (phone: string) => /(\d{6})/.exec(f.sms.sent.get(phone) ?? '')?.[1] as string;
  beforeAll(async () => {
    f = await identityFixture(backend);
    rn = { ...f.deps, realName: register };
  });
  afterAll(async () => f?.cleanup());

  it('registers a citizen at L1 with the texted code, once, and audits it', async () => {
    await sendRegistrationCode(f.deps, '13700000001', ctx());
    const code = codeFor('13700000001');
    expect(code).toMatch(/^\d{6}$/);
    const r = await registerCitizen(f.deps, { phone: '13700000001', code, name: ' 陈一 ', password: 'a good password' }, ctx());
    expect(r.account).toMatchObject({ kind: 'citizen', name: '陈一', phone: '13700000001', assurance: 'L1', citizen: null });
    expect(r.amr).toEqual(['sms']);
    expect(r.account.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await loginWithPassword(f.deps, { login: '13700000001', password: 'a good password' }, ctx())).account.id).toBe(r.account.id);
    await expect(registerCitizen(f.deps, { phone: '13700000001', code, name: '陈一', password: 'a good password' }, ctx())).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    expect(f.auditStore.records.filter((x) => x.action === 'account.register').map((x) => x.outcome)).toEqual(['success', 'failure']);
  });

  it('keeps a given ID number sealed but unchecked: no login by it, no id_card claim', async () => {
    await sendRegistrationCode(f.deps, '13700000002', ctx());
    const r = await registerCitizen(f.deps, { phone: '13700000002', code: codeFor('13700000002'), name: '陈二', password: 'a good password', idNumber: residentId(201).toLowerCase() }, ctx());
    expect(r.account.citizen).toMatchObject({ idNumberIndex: null, idNumberMasked: `${residentId(201).slice(0, 6)}********${residentId(201).slice(-4)}` });
    const row = await f.knex('accounts').where({ id: r.account.id }).first();
    expect(JSON.stringify(row)).not.toContain(residentId(201).slice(6, 14));
    await expect(loginWithPassword(f.deps, { login: residentId(201), password: 'a good password' }, ctx('192.0.2.70'))).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    expect((await readAccountClaims(f.deps, r.account.id, { fullIdNumber: true }))?.id_card).toBeUndefined();
  });

  it('refuses a bad ID number, name or password before spending the code', async () => {
    await sendRegistrationCode(f.deps, '13700000003', ctx());
    const code = codeFor('13700000003');
    const base = { phone: '13700000003', code, name: '陈三', password: 'a good password' };
    await expect(registerCitizen(f.deps, { ...base, idNumber: '110105198001010017' }, ctx())).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ path: ['idNumber'] }] } });
    await expect(registerCitizen(f.deps, { ...base, password: 'short' }, ctx())).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(registerCitizen(f.deps, { ...base, name: '  ' }, ctx())).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(registerCitizen(f.deps, base, ctx())).resolves.toMatchObject({ account: { assurance: 'L1' } });
  });

  it('answers the same for a registered phone and texts its owner no code', async () => {
    await createAccount(f.deps, { kind: 'citizen', name: '已注册', idNumber: null, phone: '13700000004' }, { id: 'system:test', kind: 'system' });
    await expect(sendRegistrationCode(f.deps, '13700000004', ctx())).resolves.toBeUndefined();
    expect(f.sms.sent.get('13700000004')).toContain('已注册');
    expect(codeFor('13700000004')).toBeUndefined();
    await expect(registerCitizen(f.deps, { phone: '13700000004', code: '000000', name: '冒用', password: 'a good password' }, ctx())).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });

  it('limits codes per phone and locks the phone after five wrong codes', async () => {
    for (let i = 0; i < 5; i++) await sendRegistrationCode(f.deps, '13700000005', ctx(`198.51.100.${i}`));
    await expect(sendRegistrationCode(f.deps, '13700000005', ctx('198.51.100.9'))).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
    const code = codeFor('13700000005');
    for (let i = 0; i < 5; i++) {
      await expect(registerCitizen(f.deps, { phone: '13700000005', code: code === '000000' ? '111111' : '000000', name: '陈五', password: 'a good password' }, ctx(`203.0.113.${i}`))).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    }
    await expect(registerCitizen(f.deps, { phone: '13700000005', code, name: '陈五', password: 'a good password' }, ctx('203.0.113.99'))).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
  });

  it('raises a citizen to L2 on a match, storing the number sealed with its blind index', async () => {
    await sendRegistrationCode(f.deps, '13700000006', ctx());
    const { account } = await registerCitizen(f.deps, { phone: '13700000006', code: codeFor('13700000006'), name: '张 三', password: 'a good password' }, ctx());
    await expect(verifyRealName(rn, account.id, { name: '张三', idNumber: LI.idNumber }, ctx())).rejects.toMatchObject({ code: 'ERR_REAL_NAME_MISMATCH' });
    expect((await f.deps.accounts.findById(account.id))?.assurance).toBe('L1');
    const raised = await verifyRealName(rn, account.id, ZHANG, ctx());
    expect(raised).toMatchObject({ assurance: 'L2', name: '张三' });
    const stored = await f.deps.accounts.findById(account.id);
    expect(stored).toMatchObject({ assurance: 'L2', name: '张三', citizen: { idNumberMasked: '110105********0016' } });
    expect(stored?.citizen?.idNumberIndex).toMatch(/^[0-9a-f]{64}$/);
    const row = await f.knex('accounts').where({ id: account.id }).first();
    expect(JSON.stringify(row)).not.toContain(ZHANG.idNumber);
    expect((await loginWithPassword(f.deps, { login: ZHANG.idNumber, password: 'a good password' }, ctx())).account.id).toBe(account.id);
    expect((await readAccountClaims(f.deps, account.id, { fullIdNumber: true }))?.id_card).toBe(ZHANG.idNumber);
    const outcomes = f.auditStore.records.filter((x) => x.action === 'account.real_name' && x.object === account.id).map((x) => x.outcome);
    expect(outcomes).toEqual(['failure', 'success']);
    // Checked for good: the same number again changes nothing, another person's is refused.
    await expect(verifyRealName(rn, account.id, ZHANG, ctx())).resolves.toMatchObject({ assurance: 'L2' });
    await expect(verifyRealName(rn, account.id, LI, ctx())).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });
    expect((await f.deps.accounts.findById(account.id))?.citizen?.idNumberIndex).toBe(stored?.citizen?.idNumberIndex);
  });

  it('refuses an ID number another account holds, and limits checks per day', async () => {
    await sendRegistrationCode(f.deps, '13700000007', ctx());
    const { account } = await registerCitizen(f.deps, { phone: '13700000007', code: codeFor('13700000007'), name: '另一人', password: 'a good password' }, ctx());
    await expect(verifyRealName(rn, account.id, ZHANG, ctx())).rejects.toMatchObject({ code: 'ERR_ID_NUMBER_TAKEN' });
    expect((await f.deps.accounts.findById(account.id))).toMatchObject({ assurance: 'L1', name: '另一人', citizen: null });
    await expect(verifyRealName(rn, account.id, { name: '李四', idNumber: '110105198512120023' }, ctx())).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    for (let i = 0; i < 4; i++) await expect(verifyRealName(rn, account.id, { name: '错名', idNumber: LI.idNumber }, ctx())).rejects.toMatchObject({ code: 'ERR_REAL_NAME_MISMATCH' });
    await expect(verifyRealName(rn, account.id, LI, ctx())).rejects.toMatchObject({ code: 'ERR_RATE_LIMITED' });
  });

  it('reports an unreadable register as unavailable, never as a mismatch', async () => {
    await sendRegistrationCode(f.deps, '13700000008', ctx());
    const { account } = await registerCitizen(f.deps, { phone: '13700000008', code: codeFor('13700000008'), name: '王五', password: 'a good password' }, ctx());
    const broken = { ...rn, realName: new FileRealNameRegister('/nonexistent/register.json') };
    await expect(verifyRealName(broken, account.id, { name: '王五', idNumber: '330106199006150036' }, ctx())).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    expect((await f.deps.accounts.findById(account.id))?.assurance).toBe('L1');
  });
});
