// Who may enrol an authenticator app: every staff member (a plain clerk too, for the seal
// step-up), never a citizen; the first right code stores the sealed secret on the account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { startTotpEnrolment } from '../../../src/services/identity/start-totp-enrolment.ts';
import { verifyTotp } from '../../../src/services/identity/verify-totp.ts';
import { identityFixture, residentId } from '../../support/identity.ts';
import type { IdentityFixture } from '../../support/identity.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { totpCode } from '../../support/staff-admin.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = { clientIp: '192.0.2.9', requestId: 'r1' };

describe.each(sqlBackends)('TOTP enrolment over $name', (backend) => {
  let f: IdentityFixture;
  beforeAll(async () => {
    f = await identityFixture(backend);
    await f.deps.accounts.addDepartment({ id: 'city', parentId: null, name: '某市', kind: 'city' });
  });
  afterAll(async () => f?.cleanup());

  it('lets a clerk without an administrator role enrol, and the first right code stores the secret', async () => {
    const clerk = await createAccount(f.deps, { kind: 'staff', name: '孙经办', staffNumber: 'T001', departmentId: 'city', roles: ['clerk'], password: 'clerk passphrase 1' }, system);
    const { secret, uri } = await startTotpEnrolment(f.deps, clerk.id);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect((await startTotpEnrolment(f.deps, clerk.id)).secret).toBe(secret);
    await expect(verifyTotp(f.deps, { accountId: clerk.id, code: totpCode(secret, 4) }, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    expect(await verifyTotp(f.deps, { accountId: clerk.id, code: totpCode(secret) }, ctx)).toEqual({ amr: 'otp', enrolled: true });
    expect((await f.deps.accounts.findById(clerk.id))?.totpSealed).toBeTruthy();
    await expect(startTotpEnrolment(f.deps, clerk.id)).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
  });

  it('refuses a citizen: no enrolment starts and no code is accepted', async () => {
    const citizen = await createAccount(f.deps, { kind: 'citizen', name: '张三', idNumber: residentId(31), phone: '13800000031', password: 'citizen passphrase' }, system);
    await expect(startTotpEnrolment(f.deps, citizen.id)).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });
    await expect(verifyTotp(f.deps, { accountId: citizen.id, code: '123456' }, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    expect((await f.deps.accounts.findById(citizen.id))?.totpSealed).toBeNull();
  });
});
