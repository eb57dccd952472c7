// Linking a certificate to a staff account: only after a sign-in with a second factor, with
// proof of the key over a challenge for that account; the link then signs the person in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindCertificate, certificateHolder } from '../../../src/services/identity/bind-certificate.ts';
import { issueCertChallenge } from '../../../src/services/identity/cert-login-challenge.ts';
import { loginWithCertificate } from '../../../src/services/identity/cert-login.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { issueStaffCertificate } from '../../../src/services/identity/issue-staff-certificate.ts';
import { certLoginFixture, signChallenge, softwareKey } from '../../support/cert-login.ts';
import type { CertLoginFixture } from '../../support/cert-login.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = { clientIp: '198.51.100.8', requestId: null };

describe('certificate links', () => {
  let f: CertLoginFixture;
  let a: string;
  let b: string;

  beforeAll(async () => {
    f = await certLoginFixture(sqlBackends[0]!);
    await f.deps.accounts.addDepartment({ id: 'dsj', parentId: null, name: '大数据局', kind: 'bureau' });
    a = (await createAccount(f.deps, { kind: 'staff', name: '甲', staffNumber: 'B001', departmentId: 'dsj', roles: ['clerk'] }, system)).id;
    b = (await createAccount(f.deps, { kind: 'staff', name: '乙', staffNumber: 'B002', departmentId: 'dsj', roles: ['clerk'] }, system)).id;
  });
  afterAll(async () => { await f?.cleanup(); });

  it('asks for a second factor before linking', async () => {
    await expect(certificateHolder(f.cert, { accountId: a, sessionAmr: ['pwd'] }, ctx)).rejects.toMatchObject({ code: 'ERR_STEP_UP_REQUIRED' });
    await expect(certificateHolder(f.cert, null, ctx)).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    await expect(certificateHolder(f.cert, { accountId: a, sessionAmr: ['pwd', 'otp'] }, ctx)).resolves.toBe(a);
  });

  it('refuses to link a certificate whose subject names someone else, or one linked already', async () => {
    const key = softwareKey();
    const { certificate } = await issueStaffCertificate(f.cert, { staffNumber: 'B002', publicKey: key.publicKey }, system);
    const forA = (await issueCertChallenge(f.cert, { purpose: 'bind', account: a })).challenge;
    await expect(bindCertificate(f.cert, a, signChallenge(forA, key, certificate), ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_MISMATCH' });
    const forB = (await issueCertChallenge(f.cert, { purpose: 'bind', account: b })).challenge;
    await expect(bindCertificate(f.cert, b, signChallenge(forB, key, certificate), ctx)).rejects.toMatchObject({ code: 'ERR_CONFLICT' });
    // A login challenge is not a binding challenge.
    const login = (await issueCertChallenge(f.cert, { purpose: 'login', interaction: 'uid-x' })).challenge;
    await expect(bindCertificate(f.cert, b, signChallenge(login, key, certificate), ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_CHALLENGE' });
  });

  it('lists the linked certificates, and an issued certificate signs its holder in', async () => {
    const key = softwareKey();
    const { certificate } = await issueStaffCertificate(f.cert, { staffNumber: 'B001', publicKey: key.publicKey }, system);
    expect((await f.cert.bindings.listForAccount(a)).map((x) => x.fingerprintSm3)).toContain(certificate.fingerprintSm3);
    const challenge = (await issueCertChallenge(f.cert, { purpose: 'login', interaction: 'uid-y' })).challenge;
    const result = await loginWithCertificate(f.cert, { ...signChallenge(challenge, key, certificate), interaction: 'uid-y' }, ctx);
    expect(result.account.id).toBe(a);
  });
});
