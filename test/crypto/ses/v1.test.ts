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

  it('a tampered v1 seal fails the maker signature', async () => {
    const { pki, signature } = await sample();
    const bad = Uint8Array.from(signature);
    const at = Buffer.from(bad).indexOf(Buffer.from('V1VENDOR'));
    bad[at]! ^= 1;
    const r = verifySesSignature({ signature: bad, data: DATA, anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der], at: NOW });
    expect([r.indication, r.subIndication]).toEqual(['TOTAL_FAILED', 'SIG_CRYPTO_FAILURE']);
  });
});
