// GM/T 0031-2014 ("v1") data, hand-built from its ASN.1 with the DER writer, decoded and verified.
import { describe, expect, it } from 'vitest';
import { SESeal_v1, decodeAnySeal, decodeAnySignature, verifySesSignature } from '../../../src/crypto/ses/index.ts';
import { makePki } from '../x509/pki.ts';
import { DATA, NOW, SEAL_END, SEAL_START } from './seal-kit.ts';
import { v1Sample } from './v1-sample.ts';

async function sample() {
  const pki = await makePki();
  return { pki, ...v1Sample(pki) };
}

describe('GM/T 0031 (v1) data', () => {
  it('decodes a v1 seal by its shape, with UTCTime dates and a plain certList', async () => {
    const { pki, seal } = await sample();
    const s = decodeAnySeal(seal);
    expect(s.version).toBe(1);
    if (s.version !== 1) return;
    expect(s.sealInfo.header).toEqual({ id: 'ES', version: 1, vid: 'V1VENDOR' });
    expect(s.sealInfo.property).toMatchObject({ form: 'v1', certListType: 1, name: '某市人民政府办公室', validStart: SEAL_START, validEnd: SEAL_END });
    expect(s.signInfo.cert).toEqual(pki.seal.cert.der);
    expect(SESeal_v1.decode(seal).signedBytes[0]).toBe(0x30);
  });

  it('decodes a v1 signature and verifies it end to end', async () => {
    const { pki, signature } = await sample();
    const sig = decodeAnySignature(signature);
    expect(sig.version).toBe(1);
    const r = verifySesSignature({ signature, data: DATA, anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der], at: NOW });
    expect(r.version).toBe(1);
    expect(r.signingTime).toEqual(new Date('2026-06-01T08:30:00Z'));
    expect(r.indication).toBe('TOTAL_PASSED');
    expect(r.checks.find((c) => c.id === 'timestamp')?.status).toBe('not-present');
  });

  it('certList entries written as IA5String (the DER, or its base64) are read and the signer found listed', async () => {
    const pki = await makePki();
    for (const form of ['ia5-der', 'ia5-base64'] as const) {
      const { seal, signature } = v1Sample(pki, form);
      expect(Buffer.from(seal).includes(Buffer.from(pki.signer.cert.der).subarray(0, 8))).toBe(form === 'ia5-der');
      const s = decodeAnySeal(seal);
      expect(s.sealInfo.property.certList).toEqual([pki.signer.cert.der]);
      const r = verifySesSignature({ signature, data: DATA, anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der], at: NOW });
      expect(r.checks.find((c) => c.id === 'signer-listed-in-seal')?.status).toBe('passed');
      expect(r.checks.find((c) => c.id === 'seal-signature')?.status).toBe('passed');
      expect([form, r.indication]).toEqual([form, 'TOTAL_PASSED']);
    }
  });

  it('an IA5String certList entry that is neither DER nor base64 is malformed', async () => {
    const pki = await makePki();
    const { signature } = v1Sample(pki, 'ia5-base64');
    const bad = Buffer.from(signature);
    const b64 = Buffer.from(Buffer.from(pki.signer.cert.der).toString('base64'));
    const at = bad.indexOf(b64);
    bad[at + 10] = 0x2a; // '*' is not a base64 character
    const r = verifySesSignature({ signature: new Uint8Array(bad), data: DATA, anchors: [pki.root.cert.der], at: NOW });
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
  });

  it('a tampered v1 seal fails the maker signature', async () => {
    const { pki, signature } = await sample();
    const bad = Uint8Array.from(signature);
    const at = Buffer.from(bad).indexOf(Buffer.from('V1VENDOR'));
    bad[at]! ^= 1;
    const r = verifySesSignature({ signature: bad, data: DATA, anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der], at: NOW });
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
  });
});
