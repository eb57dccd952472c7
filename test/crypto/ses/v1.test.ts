// GM/T 0031-2014 ("v1") data, hand-built from its ASN.1 with the DER writer, decoded and verified.
import { describe, expect, it } from 'vitest';
import { bitString, ia5String, integer, octetString, oid, sequence, utcTime, utf8String } from '../../../src/crypto/asn1/der-writer.ts';
import { SESeal_v1, decodeAnySeal, decodeAnySignature, verifySesSignature } from '../../../src/crypto/ses/index.ts';
import { sign } from '../../../src/crypto/sm2.ts';
import { sm3 } from '../../../src/crypto/sm3.ts';
import { makePki } from '../x509/pki.ts';
import { DATA, NOW, SEAL_END, SEAL_START } from './seal-kit.ts';

const SM3_WITH_SM2 = '1.2.156.10197.1.501';

async function v1Sample() {
  const pki = await makePki();
  const sealInfo = sequence(
    sequence(ia5String('ES'), integer(1), ia5String('V1VENDOR')),
    ia5String('3301000000002'),
    sequence(integer(1), utf8String('某市人民政府办公室'), sequence(octetString(pki.signer.cert.der)),
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
  const signature = sequence(tbs, bitString(sign(pki.signer.keys.privateKey, tbs)));
  return { pki, seal, signature };
}

describe('GM/T 0031 (v1) data', () => {
  it('decodes a v1 seal by its shape, with UTCTime dates and a plain certList', async () => {
    const { pki, seal } = await v1Sample();
    const s = decodeAnySeal(seal);
    expect(s.version).toBe(1);
    if (s.version !== 1) return;
    expect(s.sealInfo.header).toEqual({ id: 'ES', version: 1, vid: 'V1VENDOR' });
    expect(s.sealInfo.property).toMatchObject({ form: 'v1', certListType: 1, name: '某市人民政府办公室', validStart: SEAL_START, validEnd: SEAL_END });
    expect(s.signInfo.cert).toEqual(pki.seal.cert.der);
    expect(SESeal_v1.decode(seal).signedBytes[0]).toBe(0x30);
  });

  it('decodes a v1 signature and verifies it end to end', async () => {
    const { pki, signature } = await v1Sample();
    const sig = decodeAnySignature(signature);
    expect(sig.version).toBe(1);
    const r = verifySesSignature({ signature, data: DATA, anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der], at: NOW });
    expect(r.version).toBe(1);
    expect(r.signingTime).toEqual(new Date('2026-06-01T08:30:00Z'));
    expect(r.indication).toBe('TOTAL_PASSED');
    expect(r.checks.find((c) => c.id === 'timestamp')?.status).toBe('not-present');
  });

  it('a tampered v1 seal fails the maker signature', async () => {
    const { pki, signature } = await v1Sample();
    const bad = Uint8Array.from(signature);
    const at = Buffer.from(bad).indexOf(Buffer.from('V1VENDOR'));
    bad[at]! ^= 1;
    const r = verifySesSignature({ signature: bad, data: DATA, anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der], at: NOW });
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
  });
});
