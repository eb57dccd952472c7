// Certificate login as a use case: a staff certificate from the platform staff CA signs a
// one-time challenge; every way it can go wrong has its own code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../../../src/crypto/x509/build-certificate.ts';
import { buildCrl } from '../../../src/crypto/x509/build-crl.ts';
import { parseCertificate } from '../../../src/crypto/x509/parse-certificate.ts';
import { parseCrl } from '../../../src/crypto/x509/parse-crl.ts';
import { softwareSigner } from '../../../src/crypto/signer.ts';
import { generateKeyPair } from '../../../src/crypto/sm2.ts';
import { PlatformKeys } from '../../../src/domain/platform-keys.ts';
import { issueCertChallenge } from '../../../src/services/identity/cert-login-challenge.ts';
import { loginWithCertificate } from '../../../src/services/identity/cert-login.ts';
import { createAccount } from '../../../src/services/identity/create-account.ts';
import { finishSignIn } from '../../../src/services/identity/finish-sign-in.ts';
import { issueStaffCertificate } from '../../../src/services/identity/issue-staff-certificate.ts';
import { issueStaffCrl } from '../../../src/services/identity/issue-staff-crl.ts';
import { revokeCertificate } from '../../../src/services/identity/revoke-certificate.ts';
import { certLoginFixture, signChallenge, softwareKey } from '../../support/cert-login.ts';
import type { CertLoginFixture } from '../../support/cert-login.ts';
import { residentId } from '../../support/identity.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

const system = { id: 'system:test', kind: 'system' as const };
const ctx = { clientIp: '198.51.100.7', requestId: null };
const DAY = 86_400_000;

describe('certificate login (use case)', () => {
  let f: CertLoginFixture;
  let staffId: string;

  beforeAll(async () => {
    f = await certLoginFixture(sqlBackends[0]!);
    await f.deps.accounts.addDepartment({ id: 'dsj', parentId: null, name: '大数据局', kind: 'bureau' });
    staffId = (await createAccount(f.deps, { kind: 'staff', name: '李办事', staffNumber: 'S100', departmentId: 'dsj', roles: ['clerk'] }, system)).id;
  });
  afterAll(async () => { await f?.cleanup(); });

  async function staffCert(validityDays?: number) {
    const key = softwareKey();
    const { certificate, chain } = await issueStaffCertificate(f.cert, { staffNumber: 'S100', publicKey: key.publicKey, ...(validityDays ? { validityDays } : {}) }, system);
    return { key, certificate, chain };
  }

  const challengeFor = async (interaction: string) => (await issueCertChallenge(f.cert, { purpose: 'login', interaction })).challenge;

  it('signs a staff member in at L4 with amr hwk, and audits it', async () => {
    const { key, certificate, chain } = await staffCert();
    const challenge = await challengeFor('uid-ok');
    expect(JSON.parse(challenge)).toMatchObject({ type: 'yinxin-cert-challenge', purpose: 'login', interaction: 'uid-ok', aud: 'https://id.example.gov.cn' });
    const result = await loginWithCertificate(f.cert, { ...signChallenge(challenge, key, certificate, chain.slice(0, 1)), interaction: 'uid-ok' }, ctx);
    expect(result.amr).toEqual(['hwk']);
    // The level is the sign-in pipeline's to give (finish-sign-in.ts): L4 for a certificate.
    expect(result).not.toHaveProperty('acr');
    expect(finishSignIn({ account: result.account, proofs: [{ method: 'hwk', at: 0 }], request: {}, now: 0 })).toMatchObject({ kind: 'finish', acr: 'L4', amr: ['hwk'] });
    expect(result.account.id).toBe(staffId);
    const last = f.auditStore.records.at(-1);
    expect(last).toMatchObject({ action: 'login.certificate', outcome: 'success', object: staffId });
  });

  it('refuses a signature by another key', async () => {
    const { certificate } = await staffCert();
    const challenge = await challengeFor('uid-sig');
    await expect(loginWithCertificate(f.cert, { ...signChallenge(challenge, softwareKey(), certificate), interaction: 'uid-sig' }, ctx))
      .rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_SIGNATURE' });
  });

  it('refuses a replayed challenge and a challenge from another interaction', async () => {
    const { key, certificate } = await staffCert();
    const signed = signChallenge(await challengeFor('uid-a'), key, certificate);
    await loginWithCertificate(f.cert, { ...signed, interaction: 'uid-a' }, ctx);
    await expect(loginWithCertificate(f.cert, { ...signed, interaction: 'uid-a' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_CHALLENGE' });
    const other = signChallenge(await challengeFor('uid-b'), key, certificate);
    await expect(loginWithCertificate(f.cert, { ...other, interaction: 'uid-c' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_CHALLENGE' });
    // An edited text (here: another interaction written in) is not the challenge that was issued.
    const text = await challengeFor('uid-d');
    const edited = text.replace('uid-d', 'uid-e');
    await expect(loginWithCertificate(f.cert, { ...signChallenge(edited, key, certificate), interaction: 'uid-e' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_CHALLENGE' });
  });

  it('refuses an expired challenge', async () => {
    const { key, certificate } = await staffCert();
    const challenge = await challengeFor('uid-late');
    f.clock.offsetMs = 121_000;
    await expect(loginWithCertificate(f.cert, { ...signChallenge(challenge, key, certificate), interaction: 'uid-late' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_CHALLENGE' });
    f.clock.offsetMs = 0;
  });

  it('refuses an expired certificate', async () => {
    const { key, certificate } = await staffCert(1);
    f.clock.offsetMs = 2 * DAY;
    try {
      const challenge = await challengeFor('uid-exp');
      await expect(loginWithCertificate(f.cert, { ...signChallenge(challenge, key, certificate), interaction: 'uid-exp' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_EXPIRED' });
    } finally {
      f.clock.offsetMs = 0;
    }
  });

  it('refuses a revoked certificate, which the staff CA CRL lists', async () => {
    const { key, certificate } = await staffCert();
    await revokeCertificate(f.cert, { fingerprintSm3: certificate.fingerprintSm3, reason: 'keyCompromise' }, system);
    const crl = parseCrl(await issueStaffCrl(f.cert));
    expect(crl.revoked.map((r) => r.serialNumber)).toContain(certificate.serialNumber);
    const challenge = await challengeFor('uid-rev');
    await expect(loginWithCertificate(f.cert, { ...signChallenge(challenge, key, certificate), interaction: 'uid-rev' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_REVOKED' });
  });

  it('refuses a certificate from an unknown CA', async () => {
    const rootKey = generateKeyPair();
    const rootSigner = softwareSigner('rogue', rootKey.privateKey, []);
    const now = Date.now();
    const root = await buildCertificate({ profile: 'root-ca', subject: 'CN=Rogue CA, C=CN', publicKey: rootKey.publicKey, notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) }, { signer: rootSigner });
    const key = softwareKey();
    const leaf = await buildCertificate({
      profile: 'staff', subject: [{ type: 'CN', value: '李办事' }, { type: 'serialNumber', value: 'S100' }], publicKey: key.publicKey,
      notBefore: new Date(now - DAY), notAfter: new Date(now + 30 * DAY),
    }, { certificate: root, signer: rootSigner });
    const challenge = await challengeFor('uid-rogue');
    await expect(loginWithCertificate(f.cert, { ...signChallenge(challenge, key, leaf, [root.der]), interaction: 'uid-rogue' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_UNTRUSTED' });
  });

  it('refuses a staff-CA certificate that names no account', async () => {
    const info = await f.cert.vault.info(PlatformKeys.staffCa);
    const caCert = parseCertificate(info!.certificateChain[0]!);
    const key = softwareKey();
    const now = Date.now();
    const leaf = await buildCertificate({
      profile: 'staff', subject: [{ type: 'CN', value: '无此人' }, { type: 'serialNumber', value: 'S999' }], publicKey: key.publicKey,
      notBefore: new Date(now - 60_000), notAfter: new Date(now + 30 * DAY),
    }, { certificate: caCert, signer: await f.cert.vault.signerFor(PlatformKeys.staffCa) });
    const challenge = await challengeFor('uid-none');
    await expect(loginWithCertificate(f.cert, { ...signChallenge(challenge, key, leaf), interaction: 'uid-none' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_UNMAPPED' });
  });

  it('signs a legal person in with a certificate of an imported CA naming its credit code; without its CRL it fails closed', async () => {
    const rep = await createAccount(f.deps, { kind: 'citizen', name: '法定代表人', idNumber: residentId(61), phone: null }, system);
    const org = await createAccount(f.deps, { kind: 'legal_person', name: '某某科技有限公司', creditCode: '91350100M000100Y43', representativeId: rep.id }, system);
    const caKey = generateKeyPair();
    const caSigner = softwareSigner('province-ca', caKey.privateKey, []);
    const now = Date.now();
    const ca = await buildCertificate({ profile: 'root-ca', subject: 'CN=某省法人CA, C=CN', publicKey: caKey.publicKey, notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) }, { signer: caSigner });
    const key = softwareKey();
    const leaf = await buildCertificate({
      profile: 'staff', subject: [{ type: 'CN', value: '某某科技有限公司' }, { type: 'serialNumber', value: '91350100M000100Y43' }], publicKey: key.publicKey,
      notBefore: new Date(now - DAY), notAfter: new Date(now + 30 * DAY),
    }, { certificate: ca, signer: caSigner });
    f.external.anchors.push(ca.der);
    try {
      await expect(loginWithCertificate(f.cert, { ...signChallenge(await challengeFor('uid-org1'), key, leaf), interaction: 'uid-org1' }, ctx))
        .rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_REVOCATION_UNKNOWN' });
      const crl = await buildCrl({ thisUpdate: new Date(now - 60_000), nextUpdate: new Date(now + DAY), crlNumber: 1, revoked: [] }, { certificate: ca, signer: caSigner });
      f.external.crls.push(crl.der);
      const result = await loginWithCertificate(f.cert, { ...signChallenge(await challengeFor('uid-org2'), key, leaf), interaction: 'uid-org2' }, ctx);
      expect(result.amr).toEqual(['hwk']);
    // The level is the sign-in pipeline's to give (finish-sign-in.ts): L4 for a certificate.
    expect(result).not.toHaveProperty('acr');
    expect(finishSignIn({ account: result.account, proofs: [{ method: 'hwk', at: 0 }], request: {}, now: 0 })).toMatchObject({ kind: 'finish', acr: 'L4', amr: ['hwk'] });
      expect(result.account.id).toBe(org.id);
    } finally {
      f.external.anchors.length = 0;
      f.external.crls.length = 0;
    }
  });

  it('answers bad input with clear codes', async () => {
    const { key, certificate } = await staffCert();
    const good = signChallenge(await challengeFor('uid-bad1'), key, certificate);
    await expect(loginWithCertificate(f.cert, { ...good, challenge: 'not json', interaction: 'uid-bad1' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_CHALLENGE' });
    const c2 = signChallenge(await challengeFor('uid-bad2'), key, certificate);
    await expect(loginWithCertificate(f.cert, { ...c2, certificate: '%%%', interaction: 'uid-bad2' }, ctx)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    const c3 = signChallenge(await challengeFor('uid-bad3'), key, certificate);
    await expect(loginWithCertificate(f.cert, { ...c3, certificate: Buffer.from('garbage').toString('base64'), interaction: 'uid-bad3' }, ctx)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    const c4 = signChallenge(await challengeFor('uid-bad4'), key, certificate);
    await expect(loginWithCertificate(f.cert, { ...c4, signature: 'AAAA', interaction: 'uid-bad4' }, ctx)).rejects.toMatchObject({ code: 'ERR_CERT_LOGIN_SIGNATURE' });
  });
});
