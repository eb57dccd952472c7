/**
 * The signature algorithm and public-key encodings this module issues and accepts:
 * SM3withSM2 signatures over SM2 (sm2p256v1) keys.
 */
import { TAG, decodeDer, malformed, sequenceItems } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { readOctetAlignedBitString, readOid } from '../asn1/der-values.ts';
import { bitString, oid, sequence } from '../asn1/der-writer.ts';
import { CryptoError } from '../errors.ts';
import { OID_EC_PUBLIC_KEY, OID_SM2_CURVE, OID_SM3_WITH_SM2 } from './oids.ts';

/** A decoded AlgorithmIdentifier. */
export interface AlgorithmIdentifier {
  readonly oid: string;
  /** DER of the parameters, absent when the field is omitted. */
  readonly parameters?: Uint8Array;
}

/** A decoded SubjectPublicKeyInfo. */
export interface PublicKeyInfo {
  /** Key algorithm OID (id-ecPublicKey for SM2). */
  readonly algorithm: string;
  /** Named curve OID when the key is an EC key with a namedCurve parameter. */
  readonly curve?: string;
  /** The subjectPublicKey bits: for SM2 the 65-byte uncompressed point 04‖x‖y. */
  readonly publicKey: Uint8Array;
  /** The exact DER of the SubjectPublicKeyInfo. */
  readonly der: Uint8Array;
}

/** AlgorithmIdentifier for SM3withSM2; GM/T 0006 gives it no parameters. */
export function sm3WithSm2Algorithm(): Uint8Array {
  return sequence(oid(OID_SM3_WITH_SM2));
}

/** Decodes an AlgorithmIdentifier, keeping parameters as raw DER. */
export function decodeAlgorithm(el: DerElement | undefined, what: string): AlgorithmIdentifier {
  const parts = sequenceItems(el, what);
  if (parts.length < 1 || parts.length > 2) malformed(`${what}: wrong number of fields`);
  const algOid = readOid(parts[0], `${what} algorithm`);
  return parts.length === 2 ? { oid: algOid, parameters: new Uint8Array(parts[1]!.raw) } : { oid: algOid };
}

/**
 * True when `alg` is SM3withSM2 with absent parameters. NULL parameters are tolerated because
 * some producers write them; anything else is not SM3withSM2 as we know it.
 */
export function isSm3WithSm2(alg: AlgorithmIdentifier): boolean {
  if (alg.oid !== OID_SM3_WITH_SM2) return false;
  return alg.parameters === undefined || (alg.parameters.length === 2 && alg.parameters[0] === TAG.NULL && alg.parameters[1] === 0);
}

/** SubjectPublicKeyInfo for an SM2 public key (65-byte uncompressed point). */
export function encodeSm2PublicKeyInfo(publicKey: Uint8Array): Uint8Array {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 65 || publicKey[0] !== 0x04) {
    throw new CryptoError('ERR_CERT_INVALID_KEY', 'SM2 public key must be a 65-byte uncompressed point');
  }
  return sequence(sequence(oid(OID_EC_PUBLIC_KEY), oid(OID_SM2_CURVE)), bitString(publicKey));
}

/** Decodes a SubjectPublicKeyInfo of any algorithm; EC curves are reported when named. */
export function decodePublicKeyInfo(el: DerElement | undefined): PublicKeyInfo {
  const parts = sequenceItems(el, 'SubjectPublicKeyInfo');
  if (parts.length !== 2) malformed('SubjectPublicKeyInfo: wrong number of fields');
  const alg = decodeAlgorithm(parts[0], 'SubjectPublicKeyInfo algorithm');
  const publicKey = new Uint8Array(readOctetAlignedBitString(parts[1], 'subjectPublicKey'));
  const der = new Uint8Array(el!.raw);
  if (alg.oid === OID_EC_PUBLIC_KEY && alg.parameters !== undefined && alg.parameters[0] === TAG.OID) {
    const curve = readOid(decodeDer(alg.parameters), 'namedCurve');
    return { algorithm: alg.oid, curve, publicKey, der };
  }
  return { algorithm: alg.oid, publicKey, der };
}

/** True when the key is an SM2 key: id-ecPublicKey on sm2p256v1, uncompressed point. */
export function isSm2PublicKey(info: PublicKeyInfo): boolean {
  return info.algorithm === OID_EC_PUBLIC_KEY && info.curve === OID_SM2_CURVE &&
    info.publicKey.length === 65 && info.publicKey[0] === 0x04;
}
