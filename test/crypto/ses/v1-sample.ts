// A GM/T 0031-2014 ("v1") seal and signature, hand-built from its ASN.1 with the DER writer:
// for the v1 tests and as a seed of the fuzz harness.
import { bitString, ia5String, integer, octetString, oid, sequence, tlv, utcTime, utf8String } from '../../../src/crypto/asn1/der-writer.ts';
import { sign } from '../../../src/crypto/sm2.ts';
import { sm3 } from '../../../src/crypto/sm3.ts';
import type { Pki } from '../x509/pki.ts';
import { DATA, SEAL_END, SEAL_START } from './seal-kit.ts';

const SM3_WITH_SM2 = '1.2.156.10197.1.501';

/** How each certList entry is written: OCTET STRING as the standard says, or IA5String as some producers do. */
export type V1CertEntry = 'octet-string' | 'ia5-der' | 'ia5-base64';

function certEntry(der: Uint8Array, form: V1CertEntry): Uint8Array {
  if (form === 'ia5-der') return tlv(0x16, der);
  if (form === 'ia5-base64') return ia5String(Buffer.from(der).toString('base64'));
  return octetString(der);
}

export function v1Sample(pki: Pki, form: V1CertEntry = 'octet-string'): { seal: Uint8Array; signature: Uint8Array } {
  const sealInfo = sequence(
    sequence(ia5String('ES'), integer(1), ia5String('V1VENDOR')),
    ia5String('3301000000002'),
    sequence(integer(1), utf8String('某市人民政府办公室'), sequence(certEntry(pki.signer.cert.der, form)),
      utcTime(new Date('2025-05-30T00:00:00Z')), utcTime(SEAL_START), utcTime(SEAL_END)),
    sequence(ia5String('png'), octetString(Uint8Array.of(1, 2, 3)), integer(40), integer(40)),
  );
  const makerCert = octetString(pki.seal.cert.der);
  const alg = oid(SM3_WITH_SM2);
  const makerSig = sign(pki.seal.keys.privateKey, sequence(sealInfo, makerCert, alg));
  const seal = sequence(sealInfo, sequence(makerCert, alg, bitString(makerSig)));
  const tbs = sequence(
    integer(1), seal, bitString(new TextEncoder().encode('20260601083000Z')), bitString(sm3(DATA)),
    ia5String('contract.pdf'), octetString(pki.signer.cert.der), oid(SM3_WITH_SM2),
  );
  return { seal, signature: sequence(tbs, bitString(sign(pki.signer.keys.privateKey, tbs))) };
}
