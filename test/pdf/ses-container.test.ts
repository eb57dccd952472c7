// The GB/T 38540 container: an SES_Signature directly in /Contents, its dataHash over the byte
// ranges; verified to the same checks as a CMS container, with the seal checks on the same DER.
import { describe, expect, it } from 'vitest';
import { SES_Signature } from '../../src/crypto/ses/SES_Signature.ts';
import { verifySesSignature } from '../../src/crypto/ses/verify/verify-ses-signature.ts';
import { SES_SUB_FILTER, byteRangeDigest, embedSignature, prepareSignature, sesContainer, stampPdfWith, verifyPdfSignatures } from '../../src/pdf/index.ts';
import { SIGNED_AT, sealFor, withChain } from '../crypto/ses/seal-kit.ts';
import { makePki } from '../crypto/x509/pki.ts';
import { makePdf, sealPng } from './fixtures.ts';

const image = sealPng();
const kit = (async () => {
  const pki = await makePki();
  const seal = await sealFor(pki);
  const signer = withChain(pki.signer, pki.sealCa);
  return { pki, seal, signer, trust: { anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der] } };
})();

async function stamp(pdf: Uint8Array, page = 1, rect: readonly [number, number, number, number] = [400, 50, 520, 170]) {
  const { seal, signer } = await kit;
  return stampPdfWith(pdf, { page, rect, image, signingTime: SIGNED_AT, name: '某市市场监督管理局', container: sesContainer({ seal, signer, time: SIGNED_AT }) });
}

describe('SES_Signature container', () => {
  it('stamps: /SubFilter GB.T38540.SES, /Contents is the SES_Signature, and it verifies', async () => {
    const { pki, trust, seal } = await kit;
    const original = await makePdf(2);
    const out = await stamp(original);
    expect(out.pdf.subarray(0, original.length).equals(original)).toBe(true);
    expect(out.pdf.toString('latin1')).toContain(`/SubFilter /${SES_SUB_FILTER}`);
    const sig = SES_Signature.decode(out.container);
    expect(sig.toSign.dataHash).toEqual(byteRangeDigest(out.pdf, out.byteRange));
    expect(sig.toSign.propertyInfo).toBe(`application/pdf;field=Signature1;byterange=${out.byteRange.join(',')}`);
    expect(sig.toSign.timeInfo).toEqual(SIGNED_AT);

    const [r, ...rest] = verifyPdfSignatures(out.pdf, trust);
    expect(rest).toHaveLength(0);
    expect(r).toMatchObject({ container: 'ses', subFilter: SES_SUB_FILTER, indication: 'TOTAL_PASSED', signingTimeSource: 'ses', modifiedAfterSigning: false });
    expect(r!.checks).toEqual({ byteRange: 'passed', digest: 'passed', signature: 'passed', certificateChain: 'passed' });
    expect(r!.signingTime).toEqual(SIGNED_AT);
    expect(r!.sesSignature).toEqual(out.container);
    expect(r!.chain!.map((c) => c.subject.text)).toEqual([pki.signer.cert.subject.text, pki.sealCa.cert.subject.text, pki.root.cert.subject.text]);

    // The seal checks over the same DER, with the digest of the same byte ranges.
    const ses = verifySesSignature({ signature: r!.sesSignature!, ...trust, at: SIGNED_AT, dataHash: byteRangeDigest(out.pdf, r!.byteRange!) });
    expect(ses.indication).toBe('TOTAL_PASSED');
    expect(ses.seal!.esID).toBe(seal.sealInfo.esID);
  });

  it('without the issuing CA the chain is not found; the signature maths still passes', async () => {
    const { trust } = await kit;
    const out = await stamp(await makePdf(1));
    const [r] = verifyPdfSignatures(out.pdf, { anchors: trust.anchors });
    expect(r).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(r!.checks).toMatchObject({ digest: 'passed', signature: 'passed', certificateChain: 'failed' });
  });

  it('one byte changed inside the signed range: HASH_FAILURE', async () => {
    const { trust } = await kit;
    const out = await stamp(await makePdf(1));
    const copy = Buffer.from(out.pdf);
    copy[copy.indexOf('595', 0, 'latin1')] = 0x36;
    const [r] = verifyPdfSignatures(copy, trust);
    expect(r).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    expect(r!.checks).toMatchObject({ byteRange: 'passed', signature: 'passed', digest: 'failed' });
  });

  it('a changed TBS_Sign byte is SIG_CRYPTO_FAILURE; garbage in /Contents is FORMAT_FAILURE', async () => {
    const { trust } = await kit;
    const out = await stamp(await makePdf(1));
    const der = Uint8Array.from(out.container);
    const sig = SES_Signature.decode(der);
    // The last byte of propertyInfo, an IA5 character inside TBS_Sign.
    const at = Buffer.from(der).indexOf(Buffer.from(sig.toSign.propertyInfo, 'latin1')) + sig.toSign.propertyInfo.length - 1;
    der[at] = der[at]! ^ 1;
    const forged = embedSignature(Buffer.from(out.pdf), out.byteRange, der);
    expect(verifyPdfSignatures(forged, trust)[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });

    const prepared = prepareSignature(await makePdf(1), { page: 1, rect: [10, 10, 100, 100], image, signingTime: SIGNED_AT, subFilter: SES_SUB_FILTER, contentsSize: 512 });
    embedSignature(prepared.pdf, prepared.byteRange, Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x04));
    expect(verifyPdfSignatures(prepared.pdf, trust)[0]).toMatchObject({ container: 'ses', indication: 'INDETERMINATE', subIndication: 'FORMAT_FAILURE' });
  });

  it('two stamps in sequence both verify; the first covers a revision followed only by a signature', async () => {
    const { trust } = await kit;
    const first = await stamp(await makePdf(2));
    const second = await stamp(first.pdf, 2, [100, 100, 200, 200]);
    expect(second.fieldName).toBe('Signature2');
    const results = verifyPdfSignatures(second.pdf, trust);
    expect(results.map((r) => [r.fieldName, r.container, r.indication])).toEqual([['Signature1', 'ses', 'TOTAL_PASSED'], ['Signature2', 'ses', 'TOTAL_PASSED']]);
    expect(results[0]!.coverage).toMatchObject({ kind: 'revision', laterChanges: 'signatures-only' });
    expect(results[0]!.modifiedAfterSigning).toBe(false);
  });
});
