/**
 * The pages of an OFD package for placing a seal: each page's ID (a StampAnnot's PageRef), its
 * size, and where a keyword is shown on it. Read through the bounded ZIP and XML readers of
 * crypto/ofd, so a hostile package costs no more here than in verification.
 *
 * Text positions (GB/T 33190 §11): a TextObject's Boundary places its own coordinate space on
 * the page; each TextCode's X and Y give its first character's origin (baseline) in that space,
 * and DeltaX the advance from each character to the next (`g n d` repeats d n times). A character
 * without an advance takes the font size, as readers do. A TextObject with a CTM is read without
 * it (the writers we meet put none on running text).
 */
import { CryptoError } from '../crypto/errors.ts';
import { folderOf, resolveLoc } from '../crypto/ofd/ofd-path.ts';
import { childNamed, childrenNamed, parseXml } from '../crypto/ofd/xml-reader.ts';
import type { XmlElement } from '../crypto/ofd/xml-reader.ts';

/** Reads one package file, or undefined. */
export type ReadFile = (path: string) => Uint8Array | undefined;

export interface OfdPageInfo {
  readonly id: string;
  readonly contentPath: string;
  /** Width and height in mm. */
  readonly width: number;
  readonly height: number;
}

export interface OfdDocumentInfo {
  readonly docPath: string;
  /** The signature list named by OFD.xml, or undefined when it names none yet. */
  readonly listPath: string | undefined;
  readonly pages: readonly OfdPageInfo[];
}

/** A run of text: its characters, each one's left edge and advance, its baseline and size (mm). */
export interface OfdTextRun {
  readonly text: string;
  readonly xs: readonly number[];
  readonly advances: readonly number[];
  readonly baseline: number;
  readonly size: number;
}

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `OFD: ${message}`);
}

function xmlOf(read: ReadFile, path: string): XmlElement {
  const bytes = read(path);
  if (bytes === undefined) bad(`${path} is missing`);
  return parseXml(bytes);
}

function numbers(s: string | undefined): number[] {
  if (s === undefined) return [];
  return s.trim().split(/\s+/).filter((t) => t !== '').map(Number).filter(Number.isFinite);
}

function box(s: string | undefined): [number, number, number, number] | undefined {
  const n = numbers(s);
  return n.length === 4 ? [n[0]!, n[1]!, n[2]!, n[3]!] : undefined;
}

/** The first document's pages and signature list. */
export function readOfdDocument(read: ReadFile): OfdDocumentInfo {
  const ofd = xmlOf(read, 'OFD.xml');
  if (ofd.local !== 'OFD') bad('OFD.xml has no OFD root element');
  const body = childNamed(ofd, 'DocBody');
  const root = childNamed(body, 'DocRoot')?.text.trim();
  if (root === undefined || root === '') bad('OFD.xml names no DocRoot');
  const docPath = resolveLoc('', root);
  const list = childNamed(body, 'Signatures')?.text.trim();
  const doc = xmlOf(read, docPath);
  const area = box(childNamed(childNamed(childNamed(doc, 'CommonData'), 'PageArea'), 'PhysicalBox')?.text) ?? [0, 0, 210, 297];
  const pages = childrenNamed(childNamed(doc, 'Pages'), 'Page').map((p): OfdPageInfo => {
    const id = p.attributes.ID;
    const loc = p.attributes.BaseLoc;
    if (id === undefined || loc === undefined) bad(`${docPath}: a Page without ID or BaseLoc`);
    return { id, contentPath: resolveLoc(folderOf(docPath), loc), width: area[2], height: area[3] };
  });
  if (pages.length === 0) bad(`${docPath} lists no pages`);
  return { docPath, listPath: list === undefined || list === '' ? undefined : resolveLoc('', list), pages };
}

/** DeltaX / DeltaY values with the `g n d` repetition expanded (at most `max` of them). */
export function deltas(s: string | undefined, max: number): number[] {
  const t = (s ?? '').trim().split(/\s+/).filter((x) => x !== '');
  const out: number[] = [];
  for (let i = 0; i < t.length && out.length < max; i++) {
    if (t[i] === 'g') {
      const n = Number(t[i + 1]);
      const d = Number(t[i + 2]);
      i += 2;
      if (!Number.isInteger(n) || n < 0 || !Number.isFinite(d)) bad(`bad DeltaX ${JSON.stringify(s)}`);
      for (let k = 0; k < n && out.length < max; k++) out.push(d);
    } else {
      const d = Number(t[i]);
      if (!Number.isFinite(d)) bad(`bad DeltaX ${JSON.stringify(s)}`);
      out.push(d);
    }
  }
  return out;
}

function textRuns(o: XmlElement): OfdTextRun[] {
  const b = box(o.attributes.Boundary) ?? [0, 0, 0, 0];
  const size = Number(o.attributes.Size) > 0 ? Number(o.attributes.Size) : 3.5;
  let x = 0;
  let y = 0;
  return childrenNamed(o, 'TextCode').map((c) => {
    if (c.attributes.X !== undefined) x = Number(c.attributes.X) || 0;
    if (c.attributes.Y !== undefined) y = Number(c.attributes.Y) || 0;
    const chars = [...c.text];
    const d = deltas(c.attributes.DeltaX, chars.length);
    const xs: number[] = [];
    const advances: number[] = [];
    let at = b[0] + x;
    chars.forEach((_ch, i) => {
      xs.push(at);
      advances.push(d[i] ?? size);
      at += d[i] ?? size;
    });
    const run = { text: chars.join(''), xs, advances, baseline: b[1] + y, size };
    x = at - b[0];
    return run;
  });
}

/** Every text run of a page, in content order (layers and page blocks walked in turn). */
export function pageText(read: ReadFile, page: OfdPageInfo): OfdTextRun[] {
  const runs: OfdTextRun[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.local === 'TextObject') runs.push(...textRuns(c));
      else walk(c);
    }
  };
  walk(xmlOf(read, page.contentPath));
  return runs;
}

/**
 * The page's own size when its Content.xml states one (Page/Area/PhysicalBox), else the
 * document's. Area comes before Content in a page (GB/T 33190 §7.7), so only the text before
 * the Content element is looked at, without parsing the whole page: a cross-page seal needs
 * the size of every page. At worst a crafted page misplaces its own strip of the picture; what
 * is signed and verified does not depend on it.
 */
export function pageSize(read: ReadFile, page: OfdPageInfo): { width: number; height: number } {
  const bytes = read(page.contentPath);
  if (bytes === undefined) bad(`${page.contentPath} is missing`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', 0, Math.min(bytes.length, 64 * 1024));
  const content = /<(?:\w+:)?Content[\s>]/.exec(text);
  const head = content === null ? text : text.slice(0, content.index);
  const own = box(/<(?:\w+:)?Area\b[^>]*>\s*(?:<[^>]*>\s*)*?<(?:\w+:)?PhysicalBox\b[^>]*>([^<]*)</.exec(head)?.[1]);
  return own === undefined ? { width: page.width, height: page.height } : { width: own[2], height: own[3] };
}

/**
 * Where `keyword` is shown: the 0-based page and the centre of its characters (mm from the
 * top-left). Looked for on `page` only when given, else on each page from the first. Undefined
 * when no text run shows it.
 */
export function findOfdKeyword(read: ReadFile, doc: OfdDocumentInfo, keyword: string, page?: number): { page: number; x: number; y: number } | undefined {
  const word = [...keyword];
  const order = page === undefined ? doc.pages.map((_p, i) => i) : [page];
  for (const i of order) {
    const p = doc.pages[i];
    if (p === undefined) continue;
    // A run shows the keyword only if the page's XML holds it as written or escapes something.
    const raw = read(p.contentPath);
    const text = raw === undefined ? undefined : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (text !== undefined && !text.includes(keyword) && !text.includes('&')) continue;
    for (const run of pageText(read, p)) {
      const at = run.text.indexOf(keyword);
      if (at < 0) continue;
      const first = [...run.text.slice(0, at)].length;
      const last = first + word.length - 1;
      const x = (run.xs[first]! + run.xs[last]! + run.advances[last]!) / 2;
      // CJK glyphs stand about 0.88 of the size above the baseline and 0.12 below it.
      return { page: i, x, y: run.baseline - run.size * 0.38 };
    }
  }
  return undefined;
}
