// The cross-page seal (骑缝章): one signature whose field has a widget on every page, each with
// one vertical strip of the seal at the page's right edge. Verified by yinxin with both
// containers, listed once by pdfsig, and rendered by pdftoppm as a red band at the right edge.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfDocument } from '../../src/pdf/document.ts';
import { isPdfError, prepareSignature, sesContainer, stampPdf, stampPdfWith, verifyPdfSignatures } from '../../src/pdf/index.ts';
import type { PrepareOptions } from '../../src/pdf/index.ts';
import { listPages } from '../../src/pdf/pages.ts';
import { SIGNED_AT, sealFor, withChain } from '../crypto/ses/seal-kit.ts';
import { AT, makePki } from '../crypto/x509/pki.ts';
import { makePdf, sealPng, testSigner } from './fixtures.ts';
import { skipWithout } from '../support/tools.ts';

const image = sealPng();
// 120 points wide: four pages get 30-point strips.
const crossPage = { y: 300, width: 120, height: 120 };


const dir = mkdtempSync(join(tmpdir(), 'yinxin-cross-page-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sesKit = (async () => {
  const pki = await makePki();
  return { seal: await sealFor(pki), signer: withChain(pki.signer, pki.sealCa), anchors: [pki.root.cert.der], intermediates: [pki.sealCa.cert.der] };
})();

async function stampCms(pdf: Uint8Array) {
  const { signer, anchors } = await testSigner();
  const out = await stampPdf(pdf, { crossPage, image, signer, signingTime: AT, reason: '骑缝' });
  return { ...out, trust: { anchors } };
}

async function stampSes(pdf: Uint8Array) {
  const { seal, signer, anchors, intermediates } = await sesKit;
  const out = await stampPdfWith(pdf, { crossPage, image, signingTime: SIGNED_AT, container: sesContainer({ seal, signer, time: SIGNED_AT }) });
  return { ...out, trust: { anchors, intermediates } };
}

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isPdfError(e) ? e.code : String(e);
  }
};

describe('cross-page seal', () => {
  for (const [container, stamp] of [['cms', stampCms], ['ses', stampSes]] as const) {
    it(`a 4-page PDF stamped cross-page verifies as one signature with a widget on every page (${container})`, async () => {
      const original = await makePdf(4);
      const out = await stamp(original);
      expect(out.pdf.subarray(0, original.length).equals(original)).toBe(true);
      const results = verifyPdfSignatures(out.pdf, out.trust);
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ indication: 'TOTAL_PASSED', fieldName: 'Signature1', coverage: { kind: 'whole-file' } });

      const doc = PdfDocument.load(out.pdf);
      const pages = listPages(doc);
      const form = doc.resolveDict(doc.catalog().entries.get('AcroForm'))!;
      const fields = doc.resolve(form.entries.get('Fields')) as unknown[];
      expect(fields).toHaveLength(1);
      const field = doc.resolveDict(fields[0] as never)!;
      const kids = doc.resolve(field.entries.get('Kids'));
      expect(Array.isArray(kids) && kids.length).toBe(4);
      pages.forEach((page, i) => {
        const annots = doc.resolve(doc.resolveDict(page.ref)!.entries.get('Annots')) as unknown[];
        expect(annots).toHaveLength(1);
        const widget = doc.resolveDict(annots[0] as never)!;
        expect(widget.entries.get('Rect')).toEqual([565, 300, 595, 420]);
        expect(widget.entries.get('P')).toEqual(page.ref);
        expect(widget.entries.has('Parent')).toBe(false);
        expect((kids as unknown[])[i]).toEqual(annots[0]);
      });
    });
  }

  it('each strip clips the one embedded image, shifted by the strips before it', async () => {
    const out = await stampCms(await makePdf(4));
    const text = out.pdf.toString('latin1');
    expect(text.match(/\/Subtype \/Image/g)).toHaveLength(2); // the image and its soft mask, once
    for (const shift of ['0', '-30', '-60', '-90']) expect(text).toContain(`q 0 0 30 120 re W n 120 0 0 120 ${shift} 0 cm /Im0 Do Q`);
  });

  it('a later ordinary stamp leaves the cross-page seal valid, and the reverse', async () => {
    const { signer, anchors } = await testSigner();
    const ordinary = (pdf: Uint8Array) => stampPdf(pdf, { page: 2, rect: [50, 50, 170, 170], image, signer, signingTime: AT });
    for (const order of [[stampCms, ordinary], [ordinary, stampCms]] as const) {
      const first = await order[0](await makePdf(4));
      const second = await order[1](first.pdf);
      const results = verifyPdfSignatures(second.pdf, { anchors });
      expect(results.map((r) => r.indication)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
      expect(results[0]!.coverage).toMatchObject({ kind: 'revision', laterChanges: 'signatures-only' });
      expect(results[0]!.modifiedAfterSigning).toBe(false);
    }
  });

  it('a one-page PDF is refused: ERR_PDF_TOO_FEW_PAGES', async () => {
    const one = await makePdf(1);
    expect(codeOf(() => prepareSignature(one, { crossPage, image, signingTime: AT }))).toBe('ERR_PDF_TOO_FEW_PAGES');
  });

  it('bad placements: off the page, not finite, empty, or mixed with page and rect', async () => {
    const pdf = await makePdf(3);
    const prep = (o: Partial<PrepareOptions>) => codeOf(() => prepareSignature(pdf, { image, signingTime: AT, ...o }));
    expect(prep({ crossPage: { ...crossPage, y: 800 } })).toBe('ERR_PDF_RECT_RANGE');
    expect(prep({ crossPage: { ...crossPage, y: -1 } })).toBe('ERR_PDF_RECT_RANGE');
    expect(prep({ crossPage: { ...crossPage, width: 3000 } })).toBe('ERR_PDF_RECT_RANGE');
    expect(prep({ crossPage: { ...crossPage, y: Number.NaN } })).toBe('ERR_PDF_RECT_RANGE');
    expect(prep({ crossPage: { ...crossPage, height: 0 } })).toBe('ERR_PDF_RECT_RANGE');
    expect(prep({ crossPage: null as never })).toBe('ERR_PDF_RECT_RANGE');
    expect(prep({ crossPage, page: 1 })).toBe('ERR_PDF_BAD_OPTIONS');
    expect(prep({ crossPage, rect: [1, 1, 2, 2] })).toBe('ERR_PDF_BAD_OPTIONS');
    expect(prep({})).toBe('ERR_PDF_PAGE_RANGE');
  });

  describe.skipIf(skipWithout('a cross-page seal listed by pdfsig', 'pdfsig'))('pdfsig', () => {
    it('lists one signature', async () => {
      const path = join(dir, 'pdfsig.pdf');
      writeFileSync(path, (await stampCms(await makePdf(4))).pdf);
      const r = spawnSync('pdfsig', [path], { encoding: 'utf8' });
      const out = `${r.stdout}${r.stderr}`;
      expect(out).toContain('Signature #1:');
      expect(out).not.toContain('Signature #2:');
      expect(out).toContain('Signature Field Name: Signature1');
      expect(out).toContain('Total document signed');
    });
  });

  describe.skipIf(skipWithout('a cross-page seal rendered by pdftoppm', 'pdftoppm'))('pdftoppm', () => {
    it('renders every page with red only in a narrow band at its right edge', async () => {
      const path = join(dir, 'render.pdf');
      writeFileSync(path, (await stampSes(await makePdf(4))).pdf);
      expect(spawnSync('pdftoppm', ['-r', '50', path, join(dir, 'page')]).status).toBe(0);
      const scale = 50 / 72;
      for (let page = 1; page <= 4; page++) {
        const img = readPnm(readFileSync(join(dir, `page-${page}.ppm`)));
        const band = 30 * scale;
        const [top, bottom] = [(842 - 420) * scale, (842 - 300) * scale];
        let inBand = 0;
        let elsewhere = 0;
        for (let y = 0; y < img.height; y++) {
          for (let x = 0; x < img.width; x++) {
            const i = (y * img.width + x) * 3;
            if (!(img.data[i]! > 180 && img.data[i + 1]! < 90 && img.data[i + 2]! < 90)) continue;
            if (x >= img.width - band - 1 && y >= top - 1 && y <= bottom + 1) inBand++;
            else elsewhere++;
          }
        }
        expect(inBand, `page ${page}`).toBeGreaterThan(20);
        expect(elsewhere, `page ${page}`).toBe(0);
      }
    });
  });
});

/** Reads a binary PPM (P6) as produced by pdftoppm. */
function readPnm(bytes: Buffer): { width: number; height: number; data: Buffer } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.toString('latin1', 0, 64));
  if (header === null) throw new Error('not a binary PPM');
  return { width: Number(header[1]), height: Number(header[2]), data: bytes.subarray(header[0].length) };
}
