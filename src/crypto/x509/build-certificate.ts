/**
 * Issuing certificates: validate the request, encode tbsCertificate, sign it through a
 * {@link Signer} (so the issuing key may live in an HSM), and return the parsed result.
 */
import { explicit, integer, sequence, unsignedInteger, x509Time, bitString } from '../asn1/der-writer.ts';
import { toPem } from '../asn1/pem.ts';
import { CryptoError } from '../errors.ts';
import type { Signer } from '../signer.ts';
import { encodeSm2PublicKeyInfo, isSm2PublicKey, sm3WithSm2Algorithm } from './algorithms.ts';
import type { Certificate } from './certificate.ts';
import {
  KEY_USAGE_BITS, encodeAuthorityKeyIdentifier, encodeBasicConstraints, encodeCrlDistributionPoints,
  encodeExtendedKeyUsage, encodeExtension, encodeKeyUsage, encodeSubjectAltName, encodeSubjectKeyIdentifier,
} from './extensions.ts';
import type { KeyUsage } from './extensions.ts';
import type { GeneralNameInput } from './general-names.ts';
import { keyIdentifier } from './key-id.ts';
import { buildName } from './names.ts';
import type { NameInput } from './names.ts';
import { OID_EXT } from './oids.ts';
import { parseCertificate } from './parse-certificate.ts';
import { PROFILES } from './profiles.ts';
import type { CertificateProfile } from './profiles.ts';
import { randomSerial, serialFromHex } from './serial.ts';
import type { RandomSource } from './serial.ts';
import { signBytes } from './signature.ts';

/** What to put in a new certificate. */
export interface CertificateRequest {
  /** Which kind of certificate; supplies basicConstraints, keyUsage and extendedKeyUsage. */
  readonly profile: CertificateProfile;
  /** Subject name, e.g. `CN=某市市场监督管理局, O=某市人民政府, C=CN`; may include serialNumber. */
  readonly subject: NameInput;
  /** The subject's SM2 public key, 65 bytes 04‖x‖y. */
  readonly publicKey: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Serial as hex; by default 126 random bits. */
  readonly serialNumber?: string;
  /** Overrides the profile's pathLenConstraint (CAs only). */
  readonly pathLenConstraint?: number;
  /** Overrides the profile's keyUsage. */
  readonly keyUsage?: readonly KeyUsage[];
  /** Overrides the profile's extendedKeyUsage (OIDs). An empty list omits the extension. */
  readonly extendedKeyUsage?: readonly string[];
  /** CRL distribution point URLs where the issuer publishes its CRL. */
  readonly crlDistributionPoints?: readonly string[];
  readonly subjectAltName?: readonly GeneralNameInput[];
  /** Source of randomness for the serial; injectable for tests. */
  readonly random?: RandomSource;
}

/** Who issues: the issuing CA's certificate (absent for a self-signed root) and its signer. */
export interface CertificateIssuer {
  readonly certificate?: Certificate;
  readonly signer: Signer;
}

function reject(message: string): never {
  throw new CryptoError('ERR_CERT_TEMPLATE', message);
}

function isDate(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function checkIssuer(req: CertificateRequest, issuer: CertificateIssuer, ca: boolean): void {
  if (issuer === null || typeof issuer !== 'object' || issuer.signer === null || typeof issuer.signer !== 'object') {
    reject('an issuer with a signer is required');
  }
  const signerKey = issuer.signer.publicKey;
  if (!(signerKey instanceof Uint8Array)) reject('the signer has no public key');
  const issuerCert = issuer.certificate;
  if (issuerCert === undefined) {
    if (req.profile !== 'root-ca') reject('only a root CA certificate can be self-signed');
    if (!sameBytes(signerKey, req.publicKey)) reject('a self-signed certificate must be signed by its own key');
    return;
  }
  if (req.profile === 'root-ca') reject('a root CA certificate is self-signed: give no issuer certificate');
  if (!sameBytes(signerKey, issuerCert.publicKey)) reject('the signer key does not match the issuer certificate');
  if (issuerCert.basicConstraints?.ca !== true) reject('the issuer certificate is not a CA');
  if (issuerCert.keyUsage !== undefined && !issuerCert.keyUsage.includes('keyCertSign')) {
    reject('the issuer certificate may not sign certificates (keyCertSign)');
  }
  if (ca && issuerCert.basicConstraints.pathLenConstraint === 0) {
    reject('the issuer may not issue CA certificates (pathLenConstraint 0)');
  }
  // A certificate that outlives its issuer would fail validation in its last stretch.
  // Compare as encoded: certificate times carry whole seconds, so an issuer made a moment ago with
  // the same requested end time has lost its milliseconds.
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  if (seconds(req.notBefore) < seconds(issuerCert.notBefore) || seconds(req.notAfter) > seconds(issuerCert.notAfter)) {
    reject("validity must lie within the issuer certificate's validity");
  }
}

function checkRequest(req: CertificateRequest): void {
  if (req === null || typeof req !== 'object') reject('request must be an object');
  if (!(req.profile in PROFILES)) reject(`unknown profile: ${String(req.profile)}`);
  if (!(req.publicKey instanceof Uint8Array) || req.publicKey.length !== 65 || req.publicKey[0] !== 0x04) {
    reject('publicKey must be a 65-byte uncompressed SM2 point');
  }
  if (!isDate(req.notBefore) || !isDate(req.notAfter)) reject('notBefore and notAfter must be valid dates');
  if (req.notAfter.getTime() <= req.notBefore.getTime()) reject('notAfter must be after notBefore');
  for (const d of [req.notBefore, req.notAfter]) {
    if (d.getUTCFullYear() < 1950 || d.getUTCFullYear() > 9999) reject('validity dates must fall in the years 1950–9999');
  }
  if (req.pathLenConstraint !== undefined &&
    (!Number.isInteger(req.pathLenConstraint) || req.pathLenConstraint < 0 || req.pathLenConstraint > 255)) {
    reject('pathLenConstraint must be an integer 0–255');
  }
  for (const purpose of req.extendedKeyUsage ?? []) {
    if (typeof purpose !== 'string' || !/^[0-2](\.(0|[1-9]\d*))+$/.test(purpose)) reject(`bad extended key usage OID: ${String(purpose)}`);
  }
  for (const url of req.crlDistributionPoints ?? []) {
    if (typeof url !== 'string' || !/^(https?|ldap):\/\/[\x21-\x7e]+$/.test(url)) reject(`bad CRL distribution point URL: ${String(url)}`);
  }
}

/**
 * Builds and signs a certificate. The issuer signs through its {@link Signer}; the result is
 * parsed back, so the caller receives exactly what a relying party will see.
 *
 * Throws `ERR_CERT_TEMPLATE` for an inconsistent request (bad key, dates, a non-CA issuer,
 * a signer that does not match the issuer certificate, validity outside the issuer's),
 * `ERR_CERT_INVALID_NAME` for a bad subject, `ERR_CERT_SIGNING` when the signer fails.
 */
export async function buildCertificate(req: CertificateRequest, issuer: CertificateIssuer): Promise<Certificate> {
  checkRequest(req);
  const profile = PROFILES[req.profile];
  const ca = profile.ca;
  checkIssuer(req, issuer, ca);
  const keyUsage = req.keyUsage ?? profile.keyUsage;
  if (keyUsage.length === 0 || !keyUsage.every((u) => (KEY_USAGE_BITS as readonly string[]).includes(u))) {
    reject('keyUsage must list known usages');
  }
  if (ca !== keyUsage.includes('keyCertSign')) reject('keyCertSign belongs on CA certificates and only there');
  if (!ca && req.pathLenConstraint !== undefined) reject('pathLenConstraint applies to CA certificates only');
  const eku = req.extendedKeyUsage ?? profile.extendedKeyUsage ?? [];

  const subject = buildName(req.subject);
  const issuerName = issuer.certificate?.subject.der ?? subject.der;
  const serial = req.serialNumber !== undefined ? serialFromHex(req.serialNumber) : randomSerial(req.random);
  const ski = keyIdentifier(req.publicKey);
  // The issuer's own SKI when it has one, so AKI matches whatever method the issuer used.
  const aki = issuer.certificate?.subjectKeyIdentifier ?? keyIdentifier(issuer.signer.publicKey);
  const pathLen = ca ? (req.pathLenConstraint ?? profile.pathLenConstraint) : undefined;

  const extensions: Uint8Array[] = [
    encodeExtension(OID_EXT.basicConstraints, ca,
      encodeBasicConstraints(pathLen === undefined ? { ca } : { ca, pathLenConstraint: pathLen })),
    encodeExtension(OID_EXT.keyUsage, true, encodeKeyUsage(keyUsage)),
  ];
  if (eku.length > 0) extensions.push(encodeExtension(OID_EXT.extKeyUsage, false, encodeExtendedKeyUsage(eku)));
  extensions.push(encodeExtension(OID_EXT.subjectKeyIdentifier, false, encodeSubjectKeyIdentifier(ski)));
  extensions.push(encodeExtension(OID_EXT.authorityKeyIdentifier, false, encodeAuthorityKeyIdentifier(aki)));
  if (req.crlDistributionPoints !== undefined && req.crlDistributionPoints.length > 0) {
    extensions.push(encodeExtension(OID_EXT.crlDistributionPoints, false, encodeCrlDistributionPoints(req.crlDistributionPoints)));
  }
  if (req.subjectAltName !== undefined && req.subjectAltName.length > 0) {
    extensions.push(encodeExtension(OID_EXT.subjectAltName, false, encodeSubjectAltName(req.subjectAltName)));
  }

  const alg = sm3WithSm2Algorithm();
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    unsignedInteger(serial),
    alg,
    issuerName,
    sequence(x509Time(req.notBefore), x509Time(req.notAfter)),
    subject.der,
    encodeSm2PublicKeyInfo(req.publicKey),
    explicit(3, sequence(...extensions)),
  );
  const signature = await signBytes(issuer.signer, tbs);
  const cert = parseCertificate(sequence(tbs, alg, bitString(signature)));
  if (!isSm2PublicKey(cert.publicKeyInfo)) reject('encoded key is not an SM2 key');
  return cert;
}

/** PEM text of a certificate. */
export function certificateToPem(cert: Certificate | Uint8Array): string {
  return toPem(cert instanceof Uint8Array ? cert : cert.der, 'CERTIFICATE');
}
