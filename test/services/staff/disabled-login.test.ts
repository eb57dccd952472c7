// A disabled account signs in by no method: password, SMS code, the one-time password step of a
// sign-in begun before it was disabled, certificate; enabled again, it signs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStaffDirectoryStore } from '../../../src/adapters/accounts/sql-staff-directory-store.ts';
import type { Certificate } from '../../../src/crypto/x509/certificate.ts';
import { accountForCertificate } from '../../../src/services/identity/cert-login-account.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { loginWithPassword } from '../../../src/services/identity/login-with-password.ts';
import { loginWithSmsCode } from '../../../src/services/identity/login-with-sms-code.ts';
import { sendSmsCode } from '../../../src/services/identity/send-sms-code.ts';
import { verifyTotp } from '../../../src/services/identity/verify-totp.ts';
import { identityFixture, residentId } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = { clientIp: '192.0.2.9', requestId: null };
const PASSWORD = 'disabled test passphrase';

describe('a disabled account cannot sign in', () => {
  let f: IdentityFixture;
  let dir: SqlStaffDirectoryStore;
  beforeAll(async () => {
    f = await identityFixture(sqlBackends[0]!);
    dir = new SqlStaffDirectoryStore(f.knex);
    await f.deps.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
  });
  afterAll(async () => f?.cleanup());

  it('by password, by the one-time password step, or by certificate', async () => {
    const staff = await createAccount(f.deps, { kind: 'staff', name: '蒋离岗', staffNumber: 'D001', departmentId: 'city', roles: ['clerk'], password: PASSWORD }, system);
    expect((await loginWithPassword(f.deps, { login: 'D001', password: PASSWORD }, ctx)).account.id).toBe(staff.id);
    await dir.setStatus(staff.id, 'disabled');
    await expect(loginWithPassword(f.deps, { login: 'D001', password: PASSWORD }, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    await expect(verifyTotp(f.deps, { accountId: staff.id, code: '123456' }, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    const certificate = { fingerprintSm3: 'ab'.repeat(32), subject: { rdns: [[{ type: 'serialNumber', oid: '2.5.4.5', value: 'D001' }]] } } as unknown as Certificate;
    const bindings = { findByFingerprint: async () => null } as never;
    await expect(accountForCertificate({ accounts: f.deps.accounts, bindings }, { certificate, fromStaffCa: true })).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_MISMATCH' });
    const refusals = (await f.auditStore.page(0, 100)).filter((r) => r.action === 'login.password' && r.outcome === 'failure');
    expect(JSON.parse(refusals.at(-1)!.details)).toMatchObject({ reason: 'disabled' });

    await dir.setStatus(staff.id, 'active');
    expect((await accountForCertificate({ accounts: f.deps.accounts, bindings }, { certificate, fromStaffCa: true })).id).toBe(staff.id);
    // Enabled again, the password signs in once more.
    expect((await loginWithPassword(f.deps, { login: 'D001', password: PASSWORD }, { ...ctx, clientIp: '192.0.2.10' })).account.id).toBe(staff.id);
  });

  it('by SMS code', async () => {
    const citizen = await createAccount(f.deps, { kind: 'citizen', name: '沈市民', idNumber: residentId(381), phone: '13800000381' }, system);
    await dir.setStatus(citizen.id, 'disabled');
    await sendSmsCode(f.deps, '13800000381', ctx);
    const code = /\d{6}/.exec(f.sms.sent.get('13800000381') ?? '')?.[0];
    expect(code).toMatch(/^\d{6}$/);
    await expect(loginWithSmsCode(f.deps, { phone: '13800000381', code: code as string }, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
  });
});
