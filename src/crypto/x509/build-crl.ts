/**
 * Issuing CRLs (RFC 5280 §5): a v2 CRL with cRLNumber and authorityKeyIdentifier, signed
 * SM3withSM2 through the issuing CA's {@link Signer}.
 */
import {
  bitString, enumerated, explicit, generalizedTime, integer, sequence, unsignedInteger, x509Time,
} from '../asn1/der-writer.ts';
import { toPem } from '../asn1/pem.ts';
import { CryptoError } from '../errors.ts';
import type { Signer } from '../signer.ts';
import { sm3WithSm2Algorithm } from './algorithms.ts';
import type { Certificate } from './certificate.ts';
import { CRL_REASONS } from './crl.ts';
import type { Crl, CrlReason } from './crl.ts';
import { encodeAuthorityKeyIdentifier, encodeExtension } from './extensions.ts';
import { keyIdentifier } from './key-id.ts';
import { OID_EXT } from './oids.ts';
import { parseCrl } from './parse-crl.ts';
import { serialFromHex } from './serial.ts';
import { signBytes } from './signature.ts';

/** One certificate to list as revoked. */
export interface RevocationEntry {
  /** Serial as hex, as in {@link Certificate.serialNumber}. */
  readonly serialNumber: string;
  readonly revocationDate: Date;
  /** Omitted or `unspecified` writes no reason extension, as RFC 5280 §5.3.1 asks. */
  readonly reason?: CrlReason;
  /** When the key is known or suspected to have been compromised, if earlier than revocation. */
  readonly invalidityDate?: Date;
}

/** What to put in a new CRL. */
export interface CrlRequest {
  readonly thisUpdate: Date;
  /** When the next CRL will be issued; relying parties treat this one as stale afterwards. */
  readonly nextUpdate: Date;
  /** Monotonically increasing CRL number (non-negative, at most 20 octets). */
  readonly crlNumber: bigint | number;
  readonly revoked: readonly RevocationEntry[];
}

function reject(message: string): never {
  throw new CryptoError('ERR_CRL_TEMPLATE', message);
}

function isDate(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

function checkRequest(req: CrlRequest, issuer: { certificate: Certificate; signer: Signer }): void {
  if (req === null || typeof req !== 'object') reject('request must be an object');
  if (!isDate(req.thisUpdate) || !isDate(req.nextUpdate)) reject('thisUpdate and nextUpdate must be valid dates');
  if (req.nextUpdate.getTime() <= req.thisUpdate.getTime()) reject('nextUpdate must be after thisUpdate');
  const n = typeof req.crlNumber === 'number' && Number.isSafeInteger(req.crlNumber) ? BigInt(req.crlNumber) : req.crlNumber;
  if (typeof n !== 'bigint' || n < 0n || n >= 1n << 159n) reject('crlNumber must be a non-negative integer of at most 20 octets');
  if (!Array.isArray(req.revoked)) reject('revoked must be a list');
  const cert = issuer?.certificate;
  if (cert === undefined || issuer.signer === undefined) reject('an issuer certificate and signer are required');
  if (Buffer.compare(issuer.signer.publicKey, cert.publicKey) !== 0) reject('the signer key does not match the issuer certificate');
  if (cert.basicConstraints?.ca !== true) reject('the issuer certificate is not a CA');
  if (cert.keyUsage !== undefined && !cert.keyUsage.includes('cRLSign')) reject('the issuer certificate may not sign CRLs (cRLSign)');
  const seen = new Set<string>();
  for (const e of req.revoked) {
    if (e === null || typeof e !== 'object' || !isDate(e.revocationDate)) reject('each revoked entry needs a revocationDate');
    if (e.reason !== undefined && !(e.reason in CRL_REASONS)) reject(`unknown reason: ${String(e.reason)}`);
    // removeFromCRL belongs to delta CRLs, which we do not issue.
    if (e.reason === 'removeFromCRL') reject('removeFromCRL is only meaningful in delta CRLs');
    if (e.invalidityDate !== undefined && !isDate(e.invalidityDate)) reject('invalidityDate must be a valid date');
    const key = Buffer.from(serialFromHex(e.serialNumber)).toString('hex');
    if (seen.has(key)) reject(`serial ${e.serialNumber} listed twice`);
    seen.add(key);
  }
}

function encodeEntry(e: RevocationEntry): Uint8Array {
  const ext: Uint8Array[] = [];
  if (e.reason !== undefined && e.reason !== 'unspecified') {
    ext.push(encodeExtension(OID_EXT.crlReason, false, enumerated(CRL_REASONS[e.reason])));
  }
  if (e.invalidityDate !== undefined) {
    // RFC 5280 §5.3.2 fixes invalidityDate as GeneralizedTime.
    ext.push(encodeExtension(OID_EXT.invalidityDate, false, generalizedTime(e.invalidityDate)));
  }
  const fields = [unsignedInteger(serialFromHex(e.serialNumber)), x509Time(e.revocationDate)];
  if (ext.length > 0) fields.push(sequence(...ext));
  return sequence(...fields);
}

/**
 * Builds and signs a v2 CRL for the CA `issuer.certificate`. Throws `ERR_CRL_TEMPLATE` for an
 * inconsistent request (dates, duplicate serials, an issuer without cRLSign or a signer that
 * does not match it) and `ERR_CERT_SIGNING` when the signer fails.
 */
export async function buildCrl(req: CrlRequest, issuer: { certificate: Certificate; signer: Signer }): Promise<Crl> {
  checkRequest(req, issuer);
  const cert = issuer.certificate;
  const alg = sm3WithSm2Algorithm();
  const aki = cert.subjectKeyIdentifier ?? keyIdentifier(cert.publicKey);
  const fields: Uint8Array[] = [
    integer(1), // v2
    alg,
    cert.subject.der,
    x509Time(req.thisUpdate),
    x509Time(req.nextUpdate),
  ];
  // RFC 5280 §5.1.2.6: with no revoked certificates the list is absent, not empty.
  if (req.revoked.length > 0) fields.push(sequence(...req.revoked.map(encodeEntry)));
  fields.push(explicit(0, sequence(
    encodeExtension(OID_EXT.authorityKeyIdentifier, false, encodeAuthorityKeyIdentifier(aki)),
    encodeExtension(OID_EXT.crlNumber, false, integer(BigInt(req.crlNumber))),
  )));
  const tbs = sequence(...fields);
  const signature = await signBytes(issuer.signer, tbs);
  return parseCrl(sequence(tbs, alg, bitString(signature)));
}

/** PEM text of a CRL. */
export function crlToPem(crl: Crl | Uint8Array): string {
  return toPem(crl instanceof Uint8Array ? crl : crl.der, 'X509 CRL');
}
