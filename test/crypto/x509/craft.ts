// Certificates the issuing code refuses to make (a CA without keyCertSign, an unknown critical
// extension, a CA under a pathLen-0 CA), written field by field and signed for real, so that
// path validation is tested against them and not against the builder's own checks.
import {
  bitString, explicit, integer, sequence, unsignedInteger, x509Time,
} from '../../../src/crypto/asn1/der-writer.ts';
import type { Signer } from '../../../src/crypto/signer.ts';
import { encodeSm2PublicKeyInfo, sm3WithSm2Algorithm } from '../../../src/crypto/x509/algorithms.ts';
import type { Certificate } from '../../../src/crypto/x509/certificate.ts';
import {
  encodeAuthorityKeyIdentifier, encodeBasicConstraints, encodeExtension, encodeKeyUsage, encodeSubjectKeyIdentifier,
} from '../../../src/crypto/x509/extensions.ts';
import type { BasicConstraints, KeyUsage } from '../../../src/crypto/x509/extensions.ts';
import { keyIdentifier } from '../../../src/crypto/x509/key-id.ts';
import { buildName } from '../../../src/crypto/x509/names.ts';
import { OID_EXT } from '../../../src/crypto/x509/oids.ts';
import { parseCertificate } from '../../../src/crypto/x509/parse-certificate.ts';

export interface CraftOptions {
  readonly subject: string;
  readonly publicKey: Uint8Array;
  readonly issuer: Certificate;
  readonly issuerSigner: Signer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly basicConstraints?: BasicConstraints;
  readonly keyUsage?: readonly KeyUsage[];
  /** Extra encoded Extension elements. */
  readonly extra?: readonly Uint8Array[];
  /** AlgorithmIdentifier to name (in both places); the signature is SM2 regardless. */
  readonly algorithm?: Uint8Array;
}

export async function craftCertificate(o: CraftOptions): Promise<Certificate> {
  const exts: Uint8Array[] = [];
  if (o.basicConstraints !== undefined) exts.push(encodeExtension(OID_EXT.basicConstraints, true, encodeBasicConstraints(o.basicConstraints)));
  if (o.keyUsage !== undefined) exts.push(encodeExtension(OID_EXT.keyUsage, true, encodeKeyUsage(o.keyUsage)));
  exts.push(encodeExtension(OID_EXT.subjectKeyIdentifier, false, encodeSubjectKeyIdentifier(keyIdentifier(o.publicKey))));
  exts.push(encodeExtension(OID_EXT.authorityKeyIdentifier, false, encodeAuthorityKeyIdentifier(o.issuer.subjectKeyIdentifier!)));
  exts.push(...(o.extra ?? []));
  const alg = o.algorithm ?? sm3WithSm2Algorithm();
  const tbs = sequence(
    explicit(0, integer(2)), unsignedInteger(Uint8Array.of(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99)), alg,
    o.issuer.subject.der, sequence(x509Time(o.notBefore), x509Time(o.notAfter)), buildName(o.subject).der,
    encodeSm2PublicKeyInfo(o.publicKey), explicit(3, sequence(...exts)),
  );
  const sig = await o.issuerSigner.sign(tbs);
  return parseCertificate(sequence(tbs, alg, bitString(sig)));
}
