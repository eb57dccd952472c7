// OFD files for stamping tests and benchmarks, written by the OFD writer: A4 pages of text
// (each character's advance written as DeltaX), optionally a keyword line on one page. The font
// bytes are a stand-in: placing and sealing never read glyphs.
import { writeOfdDocument, zipOfd } from '../../src/ofd/index.ts';
import type { OfdObject, OfdPage, OfdText } from '../../src/ofd/index.ts';

const AT = new Date('2026-03-01T02:00:00Z');

function line(text: string, x: number, baseline: number, size = 4.2): OfdText {
  return { kind: 'text', font: 0, size, x, baseline, text, advances: [...text].map((c) => (c.charCodeAt(0) > 0x2e7f ? size : size / 2)), color: '#000000' };
}

export interface OfdFixtureOptions {
  /** Text on page `page` (1-based) that a keyword seal is placed on. */
  keyword?: { page: number; text: string; x: number; baseline: number };
  /** Lines of body text per page. */
  lines?: number;
  /** A picture (JPEG bytes, stored as they are) covering the page, by 1-based page. */
  scans?: ReadonlyMap<number, Uint8Array>;
  /** Name the signature list in OFD.xml (as yinxin's own documents do). */
  toBeSealed?: boolean;
}

/** A `pages`-page OFD file. */
export function makeOfd(pages: number, o: OfdFixtureOptions = {}): Uint8Array {
  const list: OfdPage[] = [];
  for (let p = 1; p <= pages; p++) {
    const objects: OfdObject[] = [line(`合同第 ${p} 页`, 20, 25, 6)];
    const scan = o.scans?.get(p);
    if (scan !== undefined) objects.unshift({ kind: 'image', bytes: scan, format: 'jpeg', x: 0, y: 0, width: 210, height: 297 });
    for (let i = 0; i < (o.lines ?? 8); i++) objects.push(line(`第${i + 1}条 甲乙双方经友好协商，就服务事项达成如下协议，共同遵守。Clause ${i + 1} of page ${p}.`, 20, 40 + i * 7));
    if (o.keyword?.page === p) objects.push(line(o.keyword.text, o.keyword.x, o.keyword.baseline));
    list.push({ width: 210, height: 297, objects });
  }
  return zipOfd(filesOf(list, o.toBeSealed ?? false), AT);
}

function filesOf(pages: OfdPage[], toBeSealed: boolean) {
  return writeOfdDocument({
    docId: '0123456789abcdef0123456789abcdef', title: '服务合同', creator: 'test', createdAt: AT, customData: [],
    fonts: [{ name: 'SimSun', family: 'SimSun', ttf: new Uint8Array([0, 1, 0, 0, 0, 0]) }], pages, toBeSealed,
  }).files;
}

/**
 * A one-page A4 OFD file whose page also holds `objects`, page objects written as XML (Font 1
 * is the document's font): text cut into runs and placed through a CTM as other producers do.
 */
export function makeOfdWith(objects: string): Uint8Array {
  const files = filesOf([{ width: 210, height: 297, objects: [line('第 1 页', 20, 25, 6)] }], false);
  const path = 'Doc_0/Pages/Page_0/Content.xml';
  const xml = Buffer.from(files.get(path)!).toString('utf8');
  if (!xml.includes('</ofd:Layer>')) throw new Error('the page has no layer to add objects to');
  files.set(path, Buffer.from(xml.replace('</ofd:Layer>', `${objects}</ofd:Layer>`)));
  return zipOfd(files, AT);
}
