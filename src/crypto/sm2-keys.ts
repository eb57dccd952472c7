// SM2 key encodings: SubjectPublicKeyInfo (RFC 5480 shape: id-ecPublicKey with the sm2p256v1
// named curve) and PKCS#8 PrivateKeyInfo wrapping an RFC 5915 ECPrivateKey, as OpenSSL writes them.
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ECParameters, ECPrivateKey, id_ecPublicKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { CryptoError, type CryptoErrorCode } from './errors.ts';
import { assertPrivateKey, assertPublicKey } from './sm2-context.ts';
import { SM2_POINT_LENGTH, SM2_SCALAR_LENGTH } from './sm2-curve.ts';
import { Sm2Point } from './sm2-reference.ts';
import { publicKeyFromPrivate, type Sm2KeyPair } from './sm2.ts';

/** OID of the sm2p256v1 curve. */
export const OID_SM2_CURVE = '1.2.156.10197.1.301';
/** OID of id-ecPublicKey, the key algorithm in SM2 SPKI and PKCS#8. */
export const OID_EC_PUBLIC_KEY = id_ecPublicKey;

const PUBLIC_LABEL = 'PUBLIC KEY';
const PRIVATE_LABEL = 'PRIVATE KEY';
const SEC1_LABEL = 'EC PRIVATE KEY';

function fail(code: CryptoErrorCode, why: string, cause?: unknown): CryptoError {
  return new CryptoError(code, `SM2 key: ${why}`, cause === undefined ? undefined : { cause });
}

function sm2Algorithm(): AlgorithmIdentifier {
  const params = AsnConvert.serialize(new ECParameters({ namedCurve: OID_SM2_CURVE }));
  return new AlgorithmIdentifier({ algorithm: OID_EC_PUBLIC_KEY, parameters: params });
}

function namesSm2(params: ArrayBuffer | null | undefined): boolean {
  if (params === null || params === undefined) return false;
  return AsnConvert.parse(params, ECParameters).namedCurve === OID_SM2_CURVE;
}

/** 65-byte uncompressed point from an SEC1 point encoding (uncompressed or compressed). */
function normalisePoint(point: Uint8Array): Uint8Array {
  let p = point;
  if (p.length !== SM2_POINT_LENGTH) {
    try {
      p = Sm2Point.fromBytes(point).toBytes(false);
    } catch (e) {
      throw fail('ERR_SM2_BAD_PUBLIC_KEY', 'not a point on the SM2 curve', e);
    }
  }
  assertPublicKey(p);
  return Uint8Array.from(p);
}

function copy(bytes: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(bytes)
    ? Uint8Array.from(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    : Uint8Array.from(new Uint8Array(bytes));
}

/** DER SubjectPublicKeyInfo of an SM2 public key. */
export function encodePublicKeySpki(publicKey: Uint8Array): Uint8Array {
  assertPublicKey(publicKey);
  const spki = new SubjectPublicKeyInfo({ algorithm: sm2Algorithm(), subjectPublicKey: Uint8Array.from(publicKey).buffer });
  return new Uint8Array(AsnConvert.serialize(spki));
}

/**
 * The 65-byte public point from a DER SubjectPublicKeyInfo. Throws ERR_SM2_BAD_PUBLIC_KEY unless
 * it is id-ecPublicKey on sm2p256v1 with a valid point (compressed points are accepted).
 */
export function decodePublicKeySpki(der: Uint8Array): Uint8Array {
  let spki: SubjectPublicKeyInfo;
  try {
    spki = AsnConvert.parse(der, SubjectPublicKeyInfo);
    if (spki.algorithm.algorithm !== OID_EC_PUBLIC_KEY || !namesSm2(spki.algorithm.parameters)) {
      throw fail('ERR_SM2_BAD_PUBLIC_KEY', 'not an SM2 public key');
    }
  } catch (e) {
    if (e instanceof CryptoError) throw e;
    throw fail('ERR_SM2_BAD_PUBLIC_KEY', 'malformed SubjectPublicKeyInfo', e);
  }
  return normalisePoint(copy(spki.subjectPublicKey));
}

/** DER PKCS#8 PrivateKeyInfo of an SM2 key, with the public key inside as OpenSSL writes it. */
export function encodePrivateKeyPkcs8(privateKey: Uint8Array, publicKey?: Uint8Array): Uint8Array {
  assertPrivateKey(privateKey);
  const pub = publicKey ?? publicKeyFromPrivate(privateKey);
  assertPublicKey(pub);
  const ec = new ECPrivateKey({
    version: 1,
    privateKey: new OctetString(Uint8Array.from(privateKey)),
    publicKey: Uint8Array.from(pub).buffer,
  });
  const info = new PrivateKeyInfo({
    version: 0,
    privateKeyAlgorithm: sm2Algorithm(),
    privateKey: new OctetString(AsnConvert.serialize(ec)),
  });
  return new Uint8Array(AsnConvert.serialize(info));
}

/** Key pair from a parsed ECPrivateKey; `curveKnown` when the outer structure named SM2. */
function fromEcPrivateKey(ec: ECPrivateKey, curveKnown: boolean): Sm2KeyPair {
  if (ec.version !== 1) throw fail('ERR_SM2_BAD_PRIVATE_KEY', 'unsupported ECPrivateKey version');
  if (ec.parameters !== undefined && ec.parameters.namedCurve !== OID_SM2_CURVE) {
    throw fail('ERR_SM2_BAD_PRIVATE_KEY', 'not an SM2 private key');
  }
  if (!curveKnown && ec.parameters === undefined) throw fail('ERR_SM2_BAD_PRIVATE_KEY', 'curve not named');
  const raw = copy(ec.privateKey.buffer);
  if (raw.length > SM2_SCALAR_LENGTH) throw fail('ERR_SM2_BAD_PRIVATE_KEY', 'private key too long');
  // Some encoders drop leading zero bytes; the scalar is the same number.
  const privateKey = new Uint8Array(SM2_SCALAR_LENGTH);
  privateKey.set(raw, SM2_SCALAR_LENGTH - raw.length);
  const publicKey = publicKeyFromPrivate(privateKey);
  if (ec.publicKey !== undefined) {
    const embedded = normalisePoint(copy(ec.publicKey));
    if (Buffer.compare(embedded, publicKey) !== 0) {
      throw fail('ERR_SM2_BAD_PRIVATE_KEY', 'embedded public key does not match the private key');
    }
  }
  return { privateKey, publicKey };
}

/**
 * Key pair from a DER PKCS#8 PrivateKeyInfo (or, as OpenSSL's `-outform DER` writes it, a bare
 * RFC 5915 ECPrivateKey naming the SM2 curve). Throws ERR_SM2_BAD_PRIVATE_KEY.
 */
export function decodePrivateKeyPkcs8(der: Uint8Array): Sm2KeyPair {
  try {
    let info: PrivateKeyInfo | undefined;
    try {
      info = AsnConvert.parse(der, PrivateKeyInfo);
    } catch {
      info = undefined;
    }
    if (info === undefined) return fromEcPrivateKey(AsnConvert.parse(der, ECPrivateKey), false);
    const alg = info.privateKeyAlgorithm;
    if (alg.algorithm !== OID_EC_PUBLIC_KEY || !namesSm2(alg.parameters)) {
      throw fail('ERR_SM2_BAD_PRIVATE_KEY', 'not an SM2 private key');
    }
    return fromEcPrivateKey(AsnConvert.parse(info.privateKey.buffer, ECPrivateKey), true);
  } catch (e) {
    if (e instanceof CryptoError) {
      if (e.code === 'ERR_SM2_BAD_PRIVATE_KEY') throw e;
      throw fail('ERR_SM2_BAD_PRIVATE_KEY', e.message, e);
    }
    throw fail('ERR_SM2_BAD_PRIVATE_KEY', 'malformed PKCS#8 private key', e);
  }
}

function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with one of `labels`, and which label it had. */
function fromPem(pem: string, labels: string[], code: CryptoErrorCode): { label: string; der: Uint8Array } {
  if (typeof pem !== 'string') throw fail(code, 'PEM must be a string');
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]*?)-----END \1-----/.exec(pem);
  if (m === null || !labels.includes(m[1]!)) throw fail(code, `expected a PEM block ${labels.join(' or ')}`);
  const b64 = m[2]!.replace(/\r?\n/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) throw fail(code, 'bad base64 in PEM');
  return { label: m[1]!, der: new Uint8Array(Buffer.from(b64, 'base64')) };
}

/** PEM `PUBLIC KEY` of an SM2 public key. */
export function encodePublicKeyPem(publicKey: Uint8Array): string {
  return toPem(PUBLIC_LABEL, encodePublicKeySpki(publicKey));
}

/** The 65-byte public point from a PEM `PUBLIC KEY`. Throws ERR_SM2_BAD_PUBLIC_KEY. */
export function decodePublicKeyPem(pem: string): Uint8Array {
  return decodePublicKeySpki(fromPem(pem, [PUBLIC_LABEL], 'ERR_SM2_BAD_PUBLIC_KEY').der);
}

/** PEM `PRIVATE KEY` (PKCS#8) of an SM2 private key. */
export function encodePrivateKeyPem(privateKey: Uint8Array, publicKey?: Uint8Array): string {
  return toPem(PRIVATE_LABEL, encodePrivateKeyPkcs8(privateKey, publicKey));
}

/** Key pair from a PEM `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY`. Throws ERR_SM2_BAD_PRIVATE_KEY. */
export function decodePrivateKeyPem(pem: string): Sm2KeyPair {
  return decodePrivateKeyPkcs8(fromPem(pem, [PRIVATE_LABEL, SEC1_LABEL], 'ERR_SM2_BAD_PRIVATE_KEY').der);
}
