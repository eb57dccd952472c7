// Stamping and verifying: incremental updates over both cross-reference kinds, the ETSI results
// for tampering, appended content, chains, validity and revocation, and two seals in sequence.
import { describe, expect, it } from 'vitest';
import { softwareSigner } from '../../src/crypto/signer.ts';
import { buildCrl } from '../../src/crypto/x509/build-crl.ts';
import { octetString, utf8String } from '../../src/crypto/asn1/der-writer.ts';
import { PdfDocument } from '../../src/pdf/document.ts';
import { byteRangeDigest, embedSignature, prepareSignature, stampPdf, verifyPdfSignatures } from '../../src/pdf/index.ts';
import { buildSignedData } from '../../src/pdf/cms-build.ts';
import { parseSignedData } from '../../src/pdf/cms-parse.ts';
import { AT, days, makePki, years } from '../crypto/x509/pki.ts';
import { makePdf, sealPng, testSigner } from './fixtures.ts';

const image = sealPng();
const rect = [400, 50, 520, 170] as const;

async function stamp(pdf: Uint8Array, page = 1, extra: Partial<Parameters<typeof stampPdf>[1]> = {}) {
  const { signer } = await testSigner();
  return stampPdf(pdf, { page, rect, image, signer, signingTime: AT, name: '张三', reason: '同意', location: '某市', ...extra });
}

describe('stamping', () => {
  for (const objectStreams of [true, false]) {
    it(`keeps the original as a byte-exact prefix and verifies (${objectStreams ? 'xref stream' : 'xref table'})`, async () => {
      const { anchors, pki } = await testSigner();
      const original = await makePdf(3, { objectStreams });
      const out = await stamp(original, 2);
      expect(out.pdf.subarray(0, original.length).equals(original)).toBe(true);
      const [r, ...rest] = verifyPdfSignatures(out.pdf, { anchors });
      expect(rest).toHaveLength(0);
      expect(r!.indication).toBe('TOTAL_PASSED');
      expect(r!.subIndication).toBeUndefined();
      expect(r!.checks).toEqual({ byteRange: 'passed', digest: 'passed', signature: 'passed', certificateChain: 'passed' });
      expect(r!.coverage).toMatchObject({ kind: 'whole-file', laterChanges: 'none' });
      expect(r!.modifiedAfterSigning).toBe(false);
      expect(r!.fieldName).toBe('Signature1');
      expect(r!.subFilter).toBe('adbe.pkcs7.detached');
      expect(r!.name).toBe('张三');
      expect(r!.reason).toBe('同意');
      expect(r!.signingTime).toEqual(AT);
      expect(r!.signingTimeSource).toBe('cms');
      expect(r!.signerCertificate!.der).toEqual(pki.seal.cert.der);
      expect(r!.chain!.map((c) => c.subject.text)).toEqual([pki.seal.cert.subject.text, pki.sealCa.cert.subject.text, pki.root.cert.subject.text]);
      // The new revision still reads as a PDF with the same pages.
      expect(PdfDocument.load(out.pdf).sections).toHaveLength(PdfDocument.load(original).sections.length + 1);
    });
  }

  it('writes the signature dictionary, widget and byte range as specified', async () => {
    const out = await stamp(await makePdf(1));
    const text = out.pdf.toString('latin1');
    expect(text).toContain('/Filter /Adobe.PPKLite');
    expect(text).toContain('/SubFilter /adbe.pkcs7.detached');
    expect(text).toMatch(/\/M <[0-9a-f]+>/);
    expect(text).toContain('/FT /Sig');
    expect(text).toContain('/Subtype /Widget');
    expect(text).toContain('/SigFlags 3');
    const [, a, b, c] = out.byteRange;
    expect(b + c).toBe(out.pdf.length);
    expect(out.pdf[a]).toBe(0x3c);
    expect(out.pdf[b - 1]).toBe(0x3e);
    expect(text).not.toContain('/ByteRange [0 0000000000');
  });

  it('two stamps in sequence: both verify, the first covers a revision followed only by a signature', async () => {
    const { anchors } = await testSigner();
    const first = await stamp(await makePdf(2));
    const second = await stamp(first.pdf, 2, { rect: [100, 100, 200, 200] });
    expect(second.pdf.subarray(0, first.pdf.length).equals(first.pdf)).toBe(true);
    expect(second.fieldName).toBe('Signature2');
    const results = verifyPdfSignatures(second.pdf, { anchors });
    expect(results.map((r) => [r.fieldName, r.indication])).toEqual([['Signature1', 'TOTAL_PASSED'], ['Signature2', 'TOTAL_PASSED']]);
    expect(results[0]!.coverage).toMatchObject({ kind: 'revision', laterChanges: 'signatures-only', signedLength: first.pdf.length });
    expect(results[0]!.modifiedAfterSigning).toBe(false);
    expect(results[1]!.coverage).toMatchObject({ kind: 'whole-file', laterChanges: 'none' });
    // A third seal over the table-indexed variant too.
    const third = await stamp(second.pdf, 1, { rect: [50, 50, 150, 150] });
    expect(verifyPdfSignatures(third.pdf, { anchors }).map((r) => r.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED', 'TOTAL_PASSED']);
  });

  it('ETSI.CAdES.detached carries signing-certificate-v2 and verifies with /M as the time', async () => {
    const { anchors } = await testSigner();
    const out = await stamp(await makePdf(1), 1, { subFilter: 'ETSI.CAdES.detached' });
    const [r] = verifyPdfSignatures(out.pdf, { anchors });
    expect(r!.indication).toBe('TOTAL_PASSED');
    expect(r!.subFilter).toBe('ETSI.CAdES.detached');
    expect(r!.signingTimeSource).toBe('pdf');
    expect(r!.signingTime).toEqual(AT);
  });

  it('carries unsigned attributes made from the digest (the seam for an SES_Signature)', async () => {
    const { anchors } = await testSigner();
    const oid = '1.2.156.10197.6.1.4.2.99';
    let seen: Uint8Array | undefined;
    const out = await stamp(await makePdf(1), 1, {
      extraContentsSize: 200,
      unsignedAttributes: (digest) => {
        seen = digest;
        return [{ oid, values: [octetString(digest)] }];
      },
    });
    expect(seen).toEqual(out.digest);
    expect(out.digest).toEqual(byteRangeDigest(out.pdf, out.byteRange));
    const [r] = verifyPdfSignatures(out.pdf, { anchors });
    expect(r!.indication).toBe('TOTAL_PASSED');
    expect(r!.unsignedAttributes.get(oid)).toEqual([octetString(out.digest)]);
  });

  it('the step-by-step API gives the same result, and a CMS too large for the placeholder is refused', async () => {
    const { signer, anchors } = await testSigner();
    const prepared = prepareSignature(await makePdf(1), { page: 1, rect, image, signingTime: AT, contentsSize: 4096 });
    const digest = byteRangeDigest(prepared.pdf, prepared.byteRange);
    const cms = await buildSignedData({ signer, digest, signingTime: AT });
    const tooBig = await buildSignedData({ signer, digest, signingTime: AT, unsignedAttributes: [{ oid: '1.2.3.4', values: [utf8String('x'.repeat(5000))] }] });
    expect(() => embedSignature(Buffer.from(prepared.pdf), prepared.byteRange, tooBig.cms)).toThrow(expect.objectContaining({ code: 'ERR_PDF_CONTENTS_TOO_SMALL' }));
    embedSignature(prepared.pdf, prepared.byteRange, cms.cms);
    expect(verifyPdfSignatures(prepared.pdf, { anchors })[0]!.indication).toBe('TOTAL_PASSED');
  });

  it('writes the GB/T 35275 identifiers, and still reads files with the RFC 5652 ones', async () => {
    const { signer, anchors } = await testSigner();
    const prepared = prepareSignature(await makePdf(1), { page: 1, rect, image, signingTime: AT, contentsSize: 4096 });
    const digest = byteRangeDigest(prepared.pdf, prepared.byteRange);
    const gm = parseSignedData((await buildSignedData({ signer, digest, signingTime: AT })).cms);
    expect([gm.contentType, gm.encapContentType, gm.digestAlgorithms]).toEqual(['1.2.156.10197.6.1.4.2.2', '1.2.156.10197.6.1.4.2.1', ['1.2.156.10197.1.401']]);
    expect([gm.signerInfos[0]!.digestAlgorithm.oid, gm.signerInfos[0]!.signatureAlgorithm.oid]).toEqual(['1.2.156.10197.1.401', '1.2.156.10197.1.301.1']);
    // A file signed before, with RFC 5652 content types and SM3withSM2, verifies as it did.
    const old = await buildSignedData({ signer, digest, signingTime: AT, oids: 'rfc5652' });
    const parsedOld = parseSignedData(old.cms);
    expect([parsedOld.contentType, parsedOld.encapContentType, parsedOld.signerInfos[0]!.signatureAlgorithm.oid]).toEqual(['1.2.840.113549.1.7.2', '1.2.840.113549.1.7.1', '1.2.156.10197.1.501']);
    embedSignature(prepared.pdf, prepared.byteRange, old.cms);
    expect(verifyPdfSignatures(prepared.pdf, { anchors })[0]).toMatchObject({ indication: 'TOTAL_PASSED' });
    const fresh = await stamp(await makePdf(1));
    expect(verifyPdfSignatures(fresh.pdf, { anchors })[0]).toMatchObject({ indication: 'TOTAL_PASSED' });
  });

  it('refuses a signer whose certificate is not for its key', async () => {
    const { pki } = await testSigner();
    const wrong = softwareSigner('wrong', pki.signer.keys.privateKey, [pki.seal.cert.der]);
    await expect(stampPdf(await makePdf(1), { page: 1, rect, image, signer: wrong, signingTime: AT }))
      .rejects.toMatchObject({ code: 'ERR_PDF_SIGNING' });
    const failing = { ...wrong, publicKey: pki.seal.keys.publicKey, sign: () => Promise.reject(new Error('HSM offline')) };
    await expect(stampPdf(await makePdf(1), { page: 1, rect, image, signer: failing, signingTime: AT }))
      .rejects.toMatchObject({ code: 'ERR_PDF_SIGNING' });
  });
});

describe('verification results', () => {
  it('one byte changed inside the signed range → TOTAL_FAILED / HASH_FAILURE', async () => {
    const { anchors } = await testSigner();
    const out = await stamp(await makePdf(1));
    // A digit of the page's MediaBox (first range) and of the /M date (second range).
    const mediaBox = out.pdf.indexOf('595', 0, 'latin1');
    const date = out.pdf.indexOf('/M <', out.byteRange[2], 'latin1') + 10;
    expect(mediaBox).toBeGreaterThan(0);
    expect(mediaBox).toBeLessThan(out.byteRange[1]);
    for (const at of [mediaBox, date]) {
      const copy = Buffer.from(out.pdf);
      copy[at] = copy[at] === 0x35 ? 0x36 : 0x35;
      const [r] = verifyPdfSignatures(copy, { anchors });
      expect(r).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
      expect(r!.checks).toMatchObject({ signature: 'passed', digest: 'failed' });
    }
  });

  it('a changed signature value → TOTAL_FAILED / SIG_CRYPTO_FAILURE', async () => {
    const { anchors } = await testSigner();
    const out = await stamp(await makePdf(1));
    const hex = Buffer.from(out.signature).toString('hex').toUpperCase();
    const at = out.pdf.indexOf(hex, out.byteRange[1], 'latin1');
    expect(at).toBeGreaterThan(0);
    const copy = Buffer.from(out.pdf);
    const pos = at + hex.length - 2;
    copy[pos] = copy[pos] === 0x30 ? 0x31 : 0x30;
    expect(verifyPdfSignatures(copy, { anchors })[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'SIG_CRYPTO_FAILURE' });
  });

  it('content appended after signing → reported as modified after signing', async () => {
    const { anchors } = await testSigner();
    const signed = (await stamp(await makePdf(1))).pdf;
    // A proper incremental update that changes the page (here: new content on page 1).
    const doc = PdfDocument.load(signed);
    const pageRef = (doc.resolveDict(doc.catalog().entries.get('Pages'))!.entries.get('Kids') as { num: number }[])[0]!;
    const page = doc.object(pageRef.num) as { entries: Map<string, unknown> };
    const size = doc.size();
    const body = `${size} 0 obj\n<< /Length 8 >>\nstream\n0 0 m S\nendstream\nendobj\n`;
    const pageText = `${pageRef.num} 0 obj\n<< /Type /Page /Parent ${(page.entries.get('Parent') as { num: number }).num} 0 R /MediaBox [0 0 595 842] /Contents ${size} 0 R >>\nendobj\n`;
    const o1 = signed.length;
    const o2 = o1 + body.length;
    const xref = o2 + pageText.length;
    const tail = `xref\n${pageRef.num} 1\n${String(o2).padStart(10, '0')} 00000 n\r\n${size} 1\n${String(o1).padStart(10, '0')} 00000 n\r\n` +
      `trailer\n<< /Size ${size + 1} /Root ${(doc.trailer.entries.get('Root') as { num: number }).num} 0 R /Prev ${doc.startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
    const modified = Buffer.concat([signed, Buffer.from(body + pageText + tail, 'latin1')]);
    const [r] = verifyPdfSignatures(modified, { anchors });
    expect(r!.checks.digest).toBe('passed');
    expect(r!.modifiedAfterSigning).toBe(true);
    expect(r!.coverage).toMatchObject({ kind: 'revision', laterChanges: 'other' });
    expect(r!.coverage!.details.join(' ')).toMatch(/page changed|new/);
    expect(r!.message).toContain('modified after signing');
    // Raw bytes appended without any cross-reference section count as modification too.
    const [j] = verifyPdfSignatures(Buffer.concat([signed, Buffer.from('% appended\n1 0 obj (x) endobj\n')]), { anchors });
    expect(j!.modifiedAfterSigning).toBe(true);
  });

  it('never trusts the embedded chain: other anchors → INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const other = await makePki();
    const out = await stamp(await makePdf(1));
    const [r] = verifyPdfSignatures(out.pdf, { anchors: [other.root.cert.der] });
    expect(r).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(r!.checks).toMatchObject({ signature: 'passed', digest: 'passed', certificateChain: 'failed' });
    expect(r!.chain).toBeUndefined();
  });

  it('validity at the signing time: EXPIRED and NOT_YET_VALID', async () => {
    const { anchors, pki } = await testSigner();
    const late = await stamp(await makePdf(1), 1, { signingTime: years(pki.seal.cert.notAfter, 1) });
    expect(verifyPdfSignatures(late.pdf, { anchors })[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'EXPIRED' });
    const early = await stamp(await makePdf(1), 1, { signingTime: days(pki.seal.cert.notBefore, -1) });
    expect(verifyPdfSignatures(early.pdf, { anchors })[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'NOT_YET_VALID' });
    // A certificate that expired after signing does not spoil the signature.
    const ok = await stamp(await makePdf(1));
    expect(verifyPdfSignatures(ok.pdf, { anchors })[0]!.indication).toBe('TOTAL_PASSED');
    expect(verifyPdfSignatures(ok.pdf, { anchors, validationTime: years(AT, 10) })[0]!.subIndication).toBe('EXPIRED');
  });

  it('revocation: REVOKED before the signing time, TRY_LATER without revocation data when required', async () => {
    const { anchors, pki } = await testSigner();
    const out = await stamp(await makePdf(1));
    const crl = await buildCrl({
      thisUpdate: days(AT, -1), nextUpdate: days(AT, 6), crlNumber: 7,
      revoked: [{ serialNumber: pki.seal.cert.serialNumber, revocationDate: days(AT, -2), reason: 'keyCompromise' }],
    }, { certificate: pki.sealCa.cert, signer: pki.sealCa.signer });
    expect(verifyPdfSignatures(out.pdf, { anchors, crls: [crl.der] })[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(verifyPdfSignatures(out.pdf, { anchors, requireRevocationInfo: true })[0])
      .toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    const [good] = verifyPdfSignatures(out.pdf, { anchors });
    expect(good!.revocation).toEqual(['unchecked', 'unchecked', 'anchor']);
  });

  it('revocation dated against the signing time: revoked after signing stays valid with a note; revoked before fails', async () => {
    const { anchors, pki } = await testSigner();
    const out = await stamp(await makePdf(1));
    const sealCrl = (revocationDate: Date, thisUpdate: Date, crlNumber: number) => buildCrl({
      thisUpdate, nextUpdate: days(thisUpdate, 7), crlNumber,
      revoked: [{ serialNumber: pki.seal.cert.serialNumber, revocationDate, reason: 'cessationOfOperation' }],
    }, { certificate: pki.sealCa.cert, signer: pki.sealCa.signer });
    // A CRL issued well after signing that lists the certificate as revoked two days after it.
    const later = await sealCrl(days(AT, 2), days(AT, 30), 8);
    const [after] = verifyPdfSignatures(out.pdf, { anchors, crls: [later.der] });
    expect(after).toMatchObject({ indication: 'TOTAL_PASSED', subIndication: undefined });
    expect(after!.message).toMatch(/valid at signing time, though .* revoked .*after signing/);
    expect(after!.revocation?.[0]).toBe('revoked-after-signing');
    // The same CRL when the signature is validated at a time after the revocation: revoked.
    expect(verifyPdfSignatures(out.pdf, { anchors, crls: [later.der], validationTime: days(AT, 3) })[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    // A CRL issued as late that dates the revocation a day before signing: revoked.
    const before = await sealCrl(days(AT, -1), days(AT, 30), 9);
    expect(verifyPdfSignatures(out.pdf, { anchors, crls: [before.der] })[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    // A later CRL that does not list it: good.
    const clean = await buildCrl({ thisUpdate: days(AT, 30), nextUpdate: days(AT, 37), crlNumber: 10, revoked: [] }, { certificate: pki.sealCa.cert, signer: pki.sealCa.signer });
    const [good] = verifyPdfSignatures(out.pdf, { anchors, crls: [clean.der] });
    expect(good).toMatchObject({ indication: 'TOTAL_PASSED' });
    expect(good!.revocation?.[0]).toBe('good');
  });

  it('a /ByteRange that does not match the /Contents gap → FORMAT_FAILURE', async () => {
    const { anchors } = await testSigner();
    const out = await stamp(await makePdf(1));
    const [, a, b, c] = out.byteRange;
    const text = `[0 ${a} ${b} ${c}`;
    const at = out.pdf.indexOf(text, 0, 'latin1');
    const copy = Buffer.from(out.pdf);
    copy.write(`[0 ${a + 2} ${b} ${c}`.padEnd(text.length, ' '), at, 'latin1');
    const [r] = verifyPdfSignatures(copy, { anchors });
    expect(r).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'FORMAT_FAILURE' });
  });

  it('a PDF without signatures gives no results', async () => {
    const { anchors } = await testSigner();
    expect(verifyPdfSignatures(await makePdf(1), { anchors })).toEqual([]);
  });
});
