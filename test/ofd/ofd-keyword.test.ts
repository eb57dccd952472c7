// Finding a keyword on OFD pages written as producers write them: the keyword within one
// TextCode, cut across TextCodes of one TextObject or across TextObjects of one line, placed
// through a scaling, translating or turning CTM, with DeltaX in the `g n d` form. Each case
// checks the page and the centre in mm (page's top-left, y downwards) to within 0.5 mm.
import { describe, expect, it } from 'vitest';
import { openZip } from '../../src/crypto/ofd/zip-reader.ts';
import { findOfdKeyword, readOfdDocument } from '../../src/ofd/ofd-pages.ts';
import { makeOfd, makeOfdWith } from './ofd-fixtures.ts';

function find(ofd: Uint8Array, keyword: string, page?: number) {
  const zip = openZip(ofd);
  const read = (p: string) => zip.read(p);
  return findOfdKeyword(read, readOfdDocument(read), keyword, page);
}

/** A TextObject of font size `size` whose Boundary starts at (x, y), holding `codes`. */
let nextId = 100;
const object = (x: number, y: number, size: number, codes: string, ctm = '') =>
  `<ofd:TextObject ID="${nextId++}" Boundary="${x} ${y} 120 20"${ctm === '' ? '' : ` CTM="${ctm}"`} Font="1" Size="${size}">${codes}</ofd:TextObject>`;
const code = (x: number, y: number, text: string, delta = '') =>
  `<ofd:TextCode X="${x}" Y="${y}"${delta === '' ? '' : ` DeltaX="${delta}"`}>${text}</ofd:TextCode>`;

function expectAt(found: ReturnType<typeof find>, page: number, x: number, y: number) {
  expect(found).toBeDefined();
  expect(found!.page).toBe(page);
  expect(Math.abs(found!.x - x)).toBeLessThan(0.5);
  expect(Math.abs(found!.y - y)).toBeLessThan(0.5);
}

// A 5 mm CJK glyph's middle stands 0.38 × 5 = 1.9 mm above its baseline.
const RISE = 5 * 0.38;

describe('finding a keyword on an OFD page', () => {
  it('within one TextCode, on the page that shows it', () => {
    // 盖章处 from 20 + 2 × 5 to 20 + 5 × 5 mm, baseline 100 + 5.
    expectAt(find(makeOfdWith(object(20, 100, 5, code(0, 5, '甲方盖章处', '5 5 5 5'))), '盖章处'), 0, 37.5, 105 - RISE);
    // The stamping fixture: 甲方（ are three 4.2 mm characters at x 110 on page 3.
    const three = makeOfd(3, { keyword: { page: 3, text: '甲方（盖章处）：', x: 110, baseline: 200 } });
    expectAt(find(three, '盖章处'), 2, 110 + 4.2 * 4.5, 200 - 4.2 * 0.38);
    expect(find(three, '盖章处', 0)).toBeUndefined();
    expect(find(three, '不存在的字')).toBeUndefined();
  });

  it('across two TextCodes of one TextObject, each with its own X, Y and DeltaX', () => {
    const ofd = makeOfdWith(object(20, 100, 5, code(0, 5, '甲方', '5') + code(10, 5, '盖章处', '5 5')));
    // 方盖章 from 25 to 40 mm.
    expectAt(find(ofd, '方盖章'), 0, 32.5, 105 - RISE);
    // A TextCode without X goes on from where the previous one ended.
    const going = makeOfdWith(object(20, 100, 5, code(0, 5, '甲方', '5') + '<ofd:TextCode DeltaX="5 5">盖章处</ofd:TextCode>'));
    expectAt(find(going, '方盖章'), 0, 32.5, 105 - RISE);
  });

  it('across TextObjects on one baseline: a word each, or a character each with gaps between', () => {
    const words = makeOfdWith(object(20, 100, 5, code(0, 5, '甲方', '5')) + object(30, 100, 5, code(0, 5, '盖章处', '5 5')));
    expectAt(find(words, '方盖'), 0, 30, 105 - RISE);
    // One object per character, 2 mm apart beyond each 5 mm glyph, as ofdrw and others write.
    const chars = makeOfdWith(['盖', '章', '处'].map((c, i) => object(50 + i * 7, 150, 5, code(0, 5, c))).join(''));
    expectAt(find(chars, '盖章处'), 0, (50 + 69) / 2, 155 - RISE);
    // Latin words a space apart, without a space character: white space is ignored.
    const latin = makeOfdWith(object(20, 200, 4, code(0, 4, 'Party', 'g 4 2')) + object(31.5, 200, 4, code(0, 4, 'A:')));
    expectAt(find(latin, 'Party A'), 0, (20 + 31.5 + 4) / 2, 204 - 4 * 0.38);
  });

  it('not across runs on different lines, nor across a column gap, nor against the writing', () => {
    // 盖章处 goes on where 甲方 ends, but a line lower.
    const lines = makeOfdWith(object(20, 100, 5, code(0, 5, '甲方', '5')) + object(30, 107, 5, code(0, 5, '盖章处', '5 5')));
    expect(find(lines, '方盖')).toBeUndefined();
    expectAt(find(lines, '盖章处'), 0, 37.5, 112 - RISE);
    // Same baseline, but the next cell of a table 20 mm on.
    const cells = makeOfdWith(object(20, 100, 5, code(0, 5, '甲方', '5')) + object(50, 100, 5, code(0, 5, '盖章处', '5 5')));
    expect(find(cells, '方盖')).toBeUndefined();
    // Same baseline, written after it but standing to its left.
    const back = makeOfdWith(object(40, 100, 5, code(0, 5, '甲方', '5')) + object(20, 100, 5, code(0, 5, '盖章处', '5 5')));
    expect(find(back, '方盖')).toBeUndefined();
  });

  it('through a CTM that scales points to mm: glyphs, advances and size all scaled', () => {
    // Size 12 pt, 12 pt apart: 盖 at 24 pt, 处 ends at 60 pt; the baseline 12 pt down.
    const ofd = makeOfdWith(object(20, 100, 12, code(0, 12, '甲方盖章处', 'g 4 12'), '0.3528 0 0 0.3528 0 0'));
    const pt = 0.3528;
    expectAt(find(ofd, '盖章处'), 0, 20 + (24 + 60) / 2 * pt, 100 + 12 * pt - 12 * pt * 0.38);
  });

  it('through a CTM that moves the text: the translation added to the Boundary origin', () => {
    const ofd = makeOfdWith(object(20, 100, 5, code(0, 5, '盖章处', '5 5'), '1 0 0 1 30 15'));
    expectAt(find(ofd, '盖章处'), 0, 20 + 30 + 7.5, 100 + 15 + 5 - RISE);
    // Turned a quarter clockwise: the text reads downwards from (100, 50), its tops to the right.
    const turned = makeOfdWith(object(100, 50, 5, code(0, 0, '盖章处', '5 5'), '0 1 -1 0 0 0'));
    expectAt(find(turned, '盖章处'), 0, 100 + RISE, 57.5);
  });

  it('with DeltaX in the g form, mixed with plain advances; a huge repeat count costs nothing', () => {
    // Advances 4 4 4 8 6 6: 盖 at 12, 处 at 26 ending at 32.
    const ofd = makeOfdWith(object(20, 100, 4, code(0, 4, '甲方（盖章处）', 'g 3 4 8 g 2 6')));
    expectAt(find(ofd, '盖章处'), 0, 20 + (12 + 32) / 2, 104 - 4 * 0.38);
    const huge = makeOfdWith(object(20, 100, 5, code(0, 5, '盖章处', 'g 999999999 5')));
    expectAt(find(huge, '盖章处'), 0, 27.5, 105 - RISE);
  });

  it('vertical text (DeltaY) is read without failing, within the text', () => {
    const ofd = makeOfdWith(object(20, 100, 5, '<ofd:TextCode X="0" Y="5" DeltaY="g 2 6">盖章处</ofd:TextCode>'));
    const found = find(ofd, '盖章处');
    expect(found?.page).toBe(0);
    expect(Math.abs(found!.x - 20)).toBeLessThan(5);
    expect(found!.y).toBeGreaterThan(100);
    expect(found!.y).toBeLessThan(117);
  });
});
