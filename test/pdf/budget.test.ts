// Reading budgets: each crafted file (object-stream and flate bombs, a cross-reference loop,
// huge cross-reference sections and object counts, deep and wide nesting, reference chains)
// stops with a stable code soon after it starts to cost, instead of freezing the thread or
// filling memory; the legitimate 20 MB, 420-page file stamps, verifies and previews well inside
// the same budgets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PDF_LIMITS, PdfBudget, UPLOAD_PDF_LIMITS } from '../../src/pdf/budget.ts';
import { PdfDocument } from '../../src/pdf/document.ts';
import { isPdfError, stampPdf, verifyPdfSignatures } from '../../src/pdf/index.ts';
import { pageGlyphs } from '../../src/pdf/page-text.ts';
import { AT } from '../crypto/x509/pki.ts';
import { hostilePdf } from '../support/hostile-pdf.ts';
import { VERIFY_KINDS, fixtureUrl } from '../support/make-hostile-fixtures.ts';
import type { HostileKind } from '../support/hostile-pdf.ts';
import { largePdf, makePdf, sealPng, testSigner } from './fixtures.ts';

function failure(f: () => unknown): { code: string | undefined; ms: number } {
  const t = performance.now();
  try {
    f();
    return { code: undefined, ms: performance.now() - t };
  } catch (e) {
    return { code: isPdfError(e) ? e.code : `not a PdfError: ${String(e)}`, ms: performance.now() - t };
  }
}

const expected = (kind: HostileKind) => (kind === 'xref-loop' ? 'ERR_PDF_MALFORMED' : 'ERR_PDF_BUDGET');

describe('reading budgets', () => {
  for (const kind of VERIFY_KINDS) {
    it(`the crafted ${kind} file stops with ${expected(kind)}`, () => {
      const pdf = readFileSync(fixtureUrl(kind));
      const r = failure(() => verifyPdfSignatures(pdf, { anchors: [] }));
      expect(r.code).toBe(expected(kind));
      expect(r.ms).toBeLessThan(5_000);
    });
  }

  it('a page whose content inflates to 40 MB stops with ERR_PDF_BUDGET when its text is read for a preview', () => {
    const doc = PdfDocument.load(readFileSync(fixtureUrl('page-contents')), { limits: UPLOAD_PDF_LIMITS });
    expect(failure(() => pageGlyphs(doc, 1)).code).toBe('ERR_PDF_BUDGET');
    expect(doc.budget.used().decodedBytes).toBeLessThanOrEqual(UPLOAD_PDF_LIMITS.decodedBytes!);
  });

  it('a megabyte of fields nested to the limit stops at the objects kept, holding little memory', () => {
    const pdf = hostilePdf('nesting', 1_200_000);
    const before = process.memoryUsage().rss;
    const r = failure(() => verifyPdfSignatures(pdf, { anchors: [] }));
    expect(r.code).toBe('ERR_PDF_BUDGET');
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('an object-stream bomb of 1.5 MB (finding: 11 s and 1.5 GB before) stops after the decoded-bytes budget', () => {
    const pdf = hostilePdf('object-streams', 1_500_000);
    const doc = () => PdfDocument.load(pdf, { limits: UPLOAD_PDF_LIMITS });
    const r = failure(() => verifyPdfSignatures(pdf, { anchors: [] }));
    expect(r.code).toBe('ERR_PDF_BUDGET');
    // The catalog and the form are read before the bomb goes off; what it decoded stays in budget.
    const d = doc();
    expect(failure(() => d.catalog()).code).toBeUndefined();
    expect(d.budget.used().decodedBytes).toBeLessThanOrEqual(UPLOAD_PDF_LIMITS.decodedBytes!);
  });

  it('each limit can be set, and a dropped object stream is decoded again on the same budget', async () => {
    const pdf = await makePdf(3);
    expect(failure(() => PdfDocument.load(pdf, { limits: { decodedBytes: 10 } })).code).toBe('ERR_PDF_BUDGET');
    expect(failure(() => PdfDocument.load(pdf, { limits: { xrefEntries: 2 } })).code).toBe('ERR_PDF_BUDGET');
    expect(failure(() => PdfDocument.load(pdf, { limits: { work: 5 } })).code).toBe('ERR_PDF_BUDGET');
    expect(failure(() => PdfDocument.load(pdf, { limits: { objects: 3 } })).code).toBe('ERR_PDF_BUDGET');
    // Over a hundred objects: pdf-lib writes them in object streams of 50.
    const many = await makePdf(60);
    const small = PdfDocument.load(many, { limits: { objectStreamCache: 1 } });
    const roomy = PdfDocument.load(many);
    const byStream = new Map<number, number[]>();
    for (let n = 1; n < roomy.size(); n++) {
      const e = roomy.entry(n);
      if (e?.type === 'compressed') byStream.set(e.stream, [...(byStream.get(e.stream) ?? []), n]);
    }
    const [a, b] = [...byStream.values()];
    // One from the first stream, one from the second, another from the first: decoded again.
    for (const n of [a!.at(-2)!, b!.at(-1)!, a!.at(-1)!]) expect(small.object(n)).toEqual(roomy.object(n));
    expect(small.budget.used().decodedBytes).toBeGreaterThan(roomy.budget.used().decodedBytes);
    for (let p = 1; p <= 60; p += 7) expect(pageGlyphs(small, p).map((g) => g.text).join('')).toBe(pageGlyphs(roomy, p).map((g) => g.text).join(''));
    expect(new PdfBudget().limits).toEqual(DEFAULT_PDF_LIMITS);
  });

  it('the legitimate 20 MB, 420-page PDF stamps, verifies and previews inside the budgets', async () => {
    const big = await largePdf(20);
    expect(big.length).toBeGreaterThan(20_000_000);
    const { signer, anchors } = await testSigner();
    const doc = PdfDocument.load(big);
    const stamped = (await stampPdf(big, { page: 420, rect: [400, 50, 520, 170], image: sealPng(120), signer, signingTime: AT, reason: 'budget' })).pdf;
    const results = verifyPdfSignatures(stamped, { anchors });
    expect(results.map((r) => [r.indication, r.modifiedAfterSigning])).toEqual([['TOTAL_PASSED', false]]);
    // Upload limits: verification (above) and the preview of the last page, with room to spare.
    const upload = PdfDocument.load(stamped, { limits: UPLOAD_PDF_LIMITS });
    pageGlyphs(upload, 420);
    const used = upload.budget.used();
    expect(used.work).toBeLessThan(UPLOAD_PDF_LIMITS.work! / 10);
    expect(used.decodedBytes).toBeLessThan(UPLOAD_PDF_LIMITS.decodedBytes! / 10);
    expect(used.xrefEntries).toBeLessThan(UPLOAD_PDF_LIMITS.xrefEntries! / 10);
    expect(doc.budget.used().objects).toBeLessThan(DEFAULT_PDF_LIMITS.objects / 10);
  }, 60_000);
});
