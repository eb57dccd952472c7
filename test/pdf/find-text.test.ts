// Finding a keyword on a page for placing a seal: a CJK font through its ToUnicode CMap
// (Type0, two-byte codes), a standard font without one, TJ kerning, and the missing keyword.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { findKeyword } from '../../src/pdf/index.ts';
import { parseToUnicode } from '../../src/pdf/fonts.ts';

const require = createRequire(import.meta.url);
const fontFile = join(dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json')), '400Regular', 'NotoSerifSC_400Regular.ttf');

const codeOf = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as { code?: string }).code; } };

let pdf: Buffer;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const cjk = await doc.embedFont(readFileSync(fontFile), { subset: true });
  const helv = await doc.embedFont(StandardFonts.Helvetica);
  const p1 = doc.addPage([595, 842]);
  p1.drawText('Contract between the parties', { x: 50, y: 780, size: 14, font: helv });
  const p2 = doc.addPage([595, 842]);
  p2.drawText('乙方：某市市场监督管理局', { x: 60, y: 300, size: 12, font: cjk });
  p2.drawText('甲方（盖章处）：', { x: 320, y: 200, size: 16, font: cjk });
  p2.drawText('Seal of ACME Ltd', { x: 100, y: 100, size: 10, font: helv });
  pdf = Buffer.from(await doc.save());
}, 60_000);

describe('finding a keyword on a page', () => {
  it('finds 盖章处 in a CJK font through ToUnicode, on the first page that shows it', () => {
    const at = findKeyword(pdf, '盖章处');
    expect(at.page).toBe(2);
    // 甲方（ is three 16-point glyphs: the keyword starts near x = 320 + 48 and spans three more.
    expect(at.box[0]).toBeCloseTo(368, -1);
    expect(at.box[2]).toBeCloseTo(416, -1);
    expect(at.x).toBeCloseTo(392, -1);
    expect(at.y).toBeGreaterThan(200);
    expect(at.y).toBeLessThan(216);
  });

  it("finds an organisation's name and Latin text in a standard font; white space is ignored", () => {
    const org = findKeyword(pdf, '某市市场监督管理局', { page: 2 });
    expect(org.box[0]).toBeCloseTo(96, -1);
    expect(org.y).toBeGreaterThan(300);
    const acme = findKeyword(pdf, 'ACMELtd');
    expect(acme.page).toBe(2);
    expect(acme.box[1]).toBeCloseTo(100, 0);
    expect(acme.x).toBeGreaterThan(100);
  });

  it('says clearly when the keyword is absent, and refuses an empty one', () => {
    expect(codeOf(() => findKeyword(pdf, '骑缝章'))).toBe('ERR_PDF_KEYWORD_NOT_FOUND');
    expect(codeOf(() => findKeyword(pdf, '盖章处', { page: 1 }))).toBe('ERR_PDF_KEYWORD_NOT_FOUND');
    expect(codeOf(() => findKeyword(pdf, '盖章处', { page: 3 }))).toBe('ERR_PDF_PAGE_RANGE');
    expect(codeOf(() => findKeyword(pdf, '  '))).toBe('ERR_PDF_BAD_OPTIONS');
    expect(codeOf(() => findKeyword(Buffer.from('not a pdf'), 'x'))).toBe('ERR_PDF_NOT_PDF');
  });

  it('reads bfchar and bfrange (both forms) of a ToUnicode CMap', () => {
    const map = parseToUnicode('2 beginbfchar <0003> <0020> <0010> <76D6> endbfchar 2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<7AE0> <5904>] endbfrange');
    expect([0x03, 0x10, 0x20, 0x22, 0x30, 0x31, 0x99].map((c) => map(c))).toEqual([' ', '盖', 'A', 'C', '章', '处', undefined]);
  });
});
