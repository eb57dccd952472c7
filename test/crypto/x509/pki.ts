// A small certificate hierarchy for the x509 tests: a root CA, the seal-maker CA and the staff
// CA under it, and end-entity certificates for a seal key, a signer and a staff member.
import { generateKeyPair } from '../../../src/crypto/sm2.ts';
import type { Sm2KeyPair } from '../../../src/crypto/sm2.ts';
import { softwareSigner } from '../../../src/crypto/signer.ts';
import type { Signer } from '../../../src/crypto/signer.ts';
import { buildCertificate } from '../../../src/crypto/x509/build-certificate.ts';
import type { CertificateRequest } from '../../../src/crypto/x509/build-certificate.ts';
import type { Certificate } from '../../../src/crypto/x509/certificate.ts';

export const T0 = new Date('2025-01-01T00:00:00Z');
export const AT = new Date('2026-06-01T00:00:00Z');
export const years = (from: Date, n: number): Date => new Date(from.getTime() + n * 365 * 86_400_000);
export const days = (from: Date, n: number): Date => new Date(from.getTime() + n * 86_400_000);

export interface Party {
  readonly keys: Sm2KeyPair;
  readonly signer: Signer;
  readonly cert: Certificate;
}

export const ROOT_DN = 'CN=某市电子政务根CA, O=某市人民政府, C=CN';
export const SEAL_CA_DN = 'CN=某市电子印章制章者CA, O=某市公安局, C=CN';
export const STAFF_CA_DN = 'CN=某市政务人员CA, O=某市人民政府, C=CN';
export const SEAL_DN = 'serialNumber=11330100002500287C, CN=某市市场监督管理局, O=某市人民政府, C=CN';

/** Issues a certificate for a fresh key pair. */
export async function issue(
  req: Omit<CertificateRequest, 'publicKey'>, issuer: Party | undefined,
): Promise<Party> {
  const keys = generateKeyPair();
  const signer = softwareSigner(`key-${Math.random()}`, keys.privateKey, []);
  const cert = await buildCertificate(
    { ...req, publicKey: keys.publicKey },
    issuer === undefined ? { signer } : { certificate: issuer.cert, signer: issuer.signer },
  );
  return { keys, signer, cert };
}

export interface Pki {
  readonly root: Party;
  readonly sealCa: Party;
  readonly staffCa: Party;
  readonly seal: Party;
  readonly signer: Party;
  readonly staff: Party;
}

/** The standard hierarchy, valid from 2025 on; `at` = {@link AT} sits inside every validity. */
export async function makePki(start: Date = T0): Promise<Pki> {
  const root = await issue({ profile: 'root-ca', subject: ROOT_DN, notBefore: start, notAfter: years(start, 20), pathLenConstraint: 1 }, undefined);
  const sealCa = await issue({
    profile: 'intermediate-ca', subject: SEAL_CA_DN, notBefore: start, notAfter: years(start, 10),
    crlDistributionPoints: ['http://pki.example.gov.cn/crl/root.crl'],
  }, root);
  const staffCa = await issue({
    profile: 'intermediate-ca', subject: STAFF_CA_DN, notBefore: start, notAfter: years(start, 10),
    crlDistributionPoints: ['http://pki.example.gov.cn/crl/root.crl'],
  }, root);
  const seal = await issue({
    profile: 'seal', subject: SEAL_DN, notBefore: days(start, 1), notAfter: years(start, 3),
    crlDistributionPoints: ['http://pki.example.gov.cn/crl/seal-ca.crl'],
  }, sealCa);
  const signer = await issue({
    profile: 'signer', subject: 'serialNumber=330102198001011234, CN=张三, O=某市市场监督管理局, C=CN',
    notBefore: days(start, 1), notAfter: years(start, 3),
  }, sealCa);
  const staff = await issue({
    profile: 'staff', subject: 'serialNumber=STAFF-000123, CN=李四, OU=信息中心, O=某市人民政府, C=CN',
    notBefore: days(start, 1), notAfter: years(start, 3), subjectAltName: [{ type: 'email', value: 'lisi@example.gov.cn' }],
  }, staffCa);
  return { root, sealCa, staffCa, seal, signer, staff };
}
