// Bad input gets a PdfError with a stable code, never another exception or a hang: not a PDF,
// encrypted, damaged cross-reference data, page or rectangle out of range, oversized input,
// unusable images, and random damage to a stamped file.
import { describe, expect, it } from 'vitest';
import { crc32, deflateSync } from 'node:zlib';
import { isPdfError, prepareSignature, stampPdf, verifyPdfSignatures } from '../../src/pdf/index.ts';
import type { PrepareOptions } from '../../src/pdf/index.ts';
import { decodePng } from '../../src/pdf/png.ts';
import { AT } from '../crypto/x509/pki.ts';
import { encodePng, makePdf, sealPng, testSigner } from './fixtures.ts';

const image = sealPng(40);
const base = (pdf: Uint8Array, extra: Partial<PrepareOptions> = {}) =>
  prepareSignature(pdf, { page: 1, rect: [10, 10, 110, 110], image, signingTime: AT, ...extra });

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return isPdfError(e) ? e.code : `not a PdfError: ${String(e)}`;
  }
}

/** A small PDF written by hand, with a classic xref table and an optional extra trailer entry. */
function handPdf(trailerExtra = ''): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    '<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n\r\n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('bad PDFs', () => {
  it('not a PDF → ERR_PDF_NOT_PDF', () => {
    expect(codeOf(() => base(Buffer.from('hello world')))).toBe('ERR_PDF_NOT_PDF');
    expect(codeOf(() => base(Buffer.alloc(0)))).toBe('ERR_PDF_NOT_PDF');
    expect(codeOf(() => base('%PDF-1.7' as unknown as Uint8Array))).toBe('ERR_PDF_NOT_PDF');
    expect(codeOf(() => verifyPdfSignatures(sealPng(), { anchors: [] }))).toBe('ERR_PDF_NOT_PDF');
  });

  it('a hand-written PDF works; the same with /Encrypt → ERR_PDF_ENCRYPTED', () => {
    expect(base(handPdf()).pdf.length).toBeGreaterThan(0);
    expect(codeOf(() => base(handPdf('/Encrypt 4 0 R ')))).toBe('ERR_PDF_ENCRYPTED');
    expect(codeOf(() => verifyPdfSignatures(handPdf('/Encrypt 4 0 R '), { anchors: [] }))).toBe('ERR_PDF_ENCRYPTED');
  });

  it('damaged cross-reference data → ERR_PDF_MALFORMED', async () => {
    const good = handPdf();
    const text = good.toString('latin1');
    // startxref pointing elsewhere, xref entries shifted, the tail cut off, a /Prev loop.
    const wrongStart = Buffer.from(text.replace(/startxref\n\d+/, 'startxref\n9'), 'latin1');
    const shifted = Buffer.from(text.replace('1 0 obj', '  1 0 obj').replace(/startxref\n(\d+)/, (_m, n: string) => `startxref\n${Number(n) + 2}`), 'latin1');
    const cut = good.subarray(0, good.length - 30);
    const loop = Buffer.from(text.replace('/Root 1 0 R', `/Root 1 0 R /Prev ${text.indexOf('xref\n')}`), 'latin1');
    const noRoot = Buffer.from(text.replace('/Root 1 0 R', '/Rot 1 0 R'), 'latin1');
    for (const pdf of [wrongStart, shifted, cut, loop, noRoot]) expect(codeOf(() => base(pdf))).toBe('ERR_PDF_MALFORMED');
    // The same for a cross-reference stream written by pdf-lib.
    const streamed = await makePdf(1);
    const at = streamed.lastIndexOf('startxref');
    const broken = Buffer.concat([streamed.subarray(0, at), Buffer.from('startxref\n12\n%%EOF\n')]);
    expect(codeOf(() => base(broken))).toBe('ERR_PDF_MALFORMED');
    expect(codeOf(() => verifyPdfSignatures(broken, { anchors: [] }))).toBe('ERR_PDF_MALFORMED');
  });

  it('page out of range → ERR_PDF_PAGE_RANGE', async () => {
    const pdf = await makePdf(3);
    for (const page of [0, 4, -1, 1.5, Number.NaN, '1' as unknown as number]) expect(codeOf(() => base(pdf, { page }))).toBe('ERR_PDF_PAGE_RANGE');
    expect(base(pdf, { page: 3 }).pdf.length).toBeGreaterThan(pdf.length);
  });

  it('rectangle out of range → ERR_PDF_RECT_RANGE', async () => {
    const pdf = await makePdf(1);
    const rects = [[500, 10, 600, 110], [-1, 10, 100, 110], [10, 800, 110, 900], [110, 10, 10, 110], [10, 10, 10, 10],
      [10, 10, Number.NaN, 110], [10, 10, 110], [10, 10, Infinity, 110]];
    for (const rect of rects) expect(codeOf(() => base(pdf, { rect: rect as unknown as PrepareOptions['rect'] }))).toBe('ERR_PDF_RECT_RANGE');
    expect(base(pdf, { rect: [0, 0, 595, 842] }).pdf.length).toBeGreaterThan(0);
  });

  it('oversized input → ERR_PDF_TOO_LARGE', async () => {
    const pdf = await makePdf(1);
    expect(codeOf(() => base(pdf, { maxBytes: pdf.length - 1 }))).toBe('ERR_PDF_TOO_LARGE');
    expect(codeOf(() => verifyPdfSignatures(pdf, { anchors: [], maxBytes: 100 }))).toBe('ERR_PDF_TOO_LARGE');
  });

  it('bad options → ERR_PDF_BAD_OPTIONS', async () => {
    const pdf = await makePdf(1);
    expect(codeOf(() => base(pdf, { signingTime: new Date(Number.NaN) }))).toBe('ERR_PDF_BAD_OPTIONS');
    expect(codeOf(() => base(pdf, { contentsSize: 10 }))).toBe('ERR_PDF_BAD_OPTIONS');
    expect(codeOf(() => base(pdf, { subFilter: 'x' as 'adbe.pkcs7.detached' }))).toBe('ERR_PDF_BAD_OPTIONS');
    const once = base(pdf, { fieldName: 'Seal' });
    expect(codeOf(() => base(once.pdf, { fieldName: 'Seal' }))).toBe('ERR_PDF_BAD_OPTIONS');
    expect(codeOf(() => prepareSignature(pdf, null as unknown as PrepareOptions))).toBe('ERR_PDF_BAD_OPTIONS');
  });

  it('a stamp that fails leaves the input untouched', async () => {
    const { signer } = await testSigner();
    const pdf = await makePdf(1);
    const copy = Buffer.from(pdf);
    await expect(stampPdf(pdf, { page: 2, rect: [0, 0, 10, 10], image, signer, signingTime: AT })).rejects.toMatchObject({ code: 'ERR_PDF_PAGE_RANGE' });
    expect(pdf.equals(copy)).toBe(true);
  });
});

describe('seal images', () => {
  it('unusable PNGs → ERR_PDF_BAD_IMAGE', async () => {
    const pdf = await makePdf(1);
    const png = sealPng(20);
    const badCrc = Buffer.from(png);
    badCrc[30] ^= 1;
    const interlaced = Buffer.from(png);
    interlaced[28] = 1;
    for (const img of [Buffer.from('GIF89a'), png.subarray(0, 40), badCrc, interlaced, Buffer.alloc(0), 'x' as unknown as Uint8Array]) {
      expect(codeOf(() => base(pdf, { image: img }))).toBe('ERR_PDF_BAD_IMAGE');
    }
  });

  it('reads RGBA, grey, grey+alpha and palette images with transparency', () => {
    const rgba = decodePng(encodePng(2, 1, Uint8Array.of(255, 0, 0, 255, 0, 0, 255, 0)));
    expect([...rgba.rgb]).toEqual([255, 0, 0, 0, 0, 255]);
    expect([...rgba.alpha!]).toEqual([255, 0]);
    expect(decodePng(encodePng(1, 1, Uint8Array.of(1, 2, 3, 255))).alpha).toBeUndefined();
    const png = (colorType: number, depth: number, rows: number[], extra: Buffer[] = []) => {
      const raw = encodePng(1, 1, Uint8Array.of(0, 0, 0, 0));
      const ihdrEnd = 8 + 8 + 13 + 4;
      const out = Buffer.from(raw.subarray(0, ihdrEnd));
      out[24] = depth;
      out[25] = colorType;
      out.writeUInt32BE(crc(out.subarray(12, 29)), 29);
      return Buffer.concat([out, ...extra, chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
    };
    const grey = decodePng(png(0, 8, [0, 128]));
    expect([...grey.rgb]).toEqual([128, 128, 128]);
    const greyAlpha = decodePng(png(4, 8, [0, 10, 0]));
    expect([...greyAlpha.alpha!]).toEqual([0]);
    const palette = decodePng(png(3, 8, [0, 1], [chunk('PLTE', Buffer.from([0, 0, 0, 230, 0, 18])), chunk('tRNS', Buffer.from([255, 200]))]));
    expect([...palette.rgb]).toEqual([230, 0, 18]);
    expect([...palette.alpha!]).toEqual([200]);
  });
});

function crc(b: Buffer): number {
  return crc32(b);
}
function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, c]);
}

describe('random damage', () => {
  it('every mutation of a stamped PDF verifies to results or throws a PdfError, quickly', async () => {
    const { signer, anchors } = await testSigner();
    const stamped = (await stampPdf(await makePdf(2, { objectStreams: false }), { page: 1, rect: [10, 10, 110, 110], image, signer, signingTime: AT })).pdf;
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const started = Date.now();
    for (let i = 0; i < 400; i++) {
      const copy = Buffer.from(stamped);
      const kind = i % 4;
      let input: Buffer = copy;
      if (kind === 0) copy[rand(copy.length)] = rand(256);
      else if (kind === 1) for (let k = 0; k < 20; k++) copy[rand(copy.length)] = ' ()<>[]/0123456789Rnobj'.charCodeAt(rand(23));
      else if (kind === 2) input = copy.subarray(0, rand(copy.length));
      else input = Buffer.concat([copy.subarray(0, rand(copy.length)), copy.subarray(rand(copy.length))]);
      try {
        const results = verifyPdfSignatures(input, { anchors });
        for (const r of results) expect(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE']).toContain(r.indication);
      } catch (e) {
        if (!isPdfError(e)) throw new Error(`mutation ${i} (kind ${kind}) threw ${String(e)}`, { cause: e });
      }
      try {
        prepareSignature(input, { page: 1, rect: [10, 10, 50, 50], image, signingTime: AT });
      } catch (e) {
        if (!isPdfError(e)) throw new Error(`prepare after mutation ${i} (kind ${kind}) threw ${String(e)}`, { cause: e });
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
