/**
 * The pages of an OFD package for placing a seal: each page's ID (a StampAnnot's PageRef), its
 * size, and where a keyword is shown on it. Read through the bounded ZIP and XML readers of
 * crypto/ofd, so a hostile package costs no more here than in verification. Where the text
 * of a page stands is worked out in ofd-text.ts.
 */
import { CryptoError } from '../crypto/errors.ts';
import { folderOf, resolveLoc } from '../crypto/ofd/ofd-path.ts';
import { childNamed, childrenNamed, parseXml } from '../crypto/ofd/xml-reader.ts';
import type { XmlElement } from '../crypto/ofd/xml-reader.ts';
import { locateKeyword, numbers, textRuns } from './ofd-text.ts';
import type { OfdTextRun } from './ofd-text.ts';

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

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `OFD: ${message}`);
}

function xmlOf(read: ReadFile, path: string): XmlElement {
  const bytes = read(path);
  if (bytes === undefined) bad(`${path} is missing`);
  return parseXml(bytes);
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

/** Every text run of a page, in content order (layers and page blocks walked in turn). */
export function pageText(read: ReadFile, page: OfdPageInfo): OfdTextRun[] {
  return textRuns(xmlOf(read, page.contentPath));
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
  // The first Area only, and the PhysicalBox looked for from it in one anchored pass: tried from
  // every Area in turn, a head of 10,000 empty Areas cost 1.8 s (each attempt ran to the end).
  const area = /<(?:\w+:)?Area\b[^>]*>/.exec(head);
  const after = area === null ? '' : head.slice(area.index + area[0].length);
  const own = box(/^\s*(?:<[^>]*>\s*)*?<(?:\w+:)?PhysicalBox\b[^>]*>([^<]*)</.exec(after)?.[1]);
  return own === undefined ? { width: page.width, height: page.height } : { width: own[2], height: own[3] };
}

/**
 * How much page XML one keyword search may parse, in bytes. Ordinary page XML parses at about
 * 15 MB/s here, but pages made of thousands of tiny text runs parse at 3–6 MB/s or worse on a
 * loaded machine, so a document that made every page worth parsing (each holds the keyword's
 * first and last characters) could cost many seconds. The text pages of a long contract are
 * tens of kilobytes each and most are passed over unparsed: 4 MB is a hundred or more such
 * pages. Past it: `ERR_OFD_TOO_LARGE` (name the page instead).
 */
export const KEYWORD_SEARCH_BYTES = 4 << 20;

/**
 * Where `keyword` is shown: the 0-based page and the centre of its characters (mm from the
 * top-left), white space ignored, the keyword possibly cut across runs of one line (see
 * ofd-text.ts). Looked for on `page` only when given, else on each page from the first.
 * Undefined when no page shows it. Each page file is looked at once however many pages name it
 * (they show the same text), and at most `maxBytes` of page XML are parsed in all.
 */
export function findOfdKeyword(read: ReadFile, doc: OfdDocumentInfo, keyword: string, page?: number, maxBytes = KEYWORD_SEARCH_BYTES): { page: number; x: number; y: number } | undefined {
  const chars = [...keyword.replace(/\s+/gu, '')];
  if (chars.length === 0) return undefined;
  const ends = [chars[0]!, chars.at(-1)!];
  const order = page === undefined ? doc.pages.map((_p, i) => i) : [page];
  const seen = new Set<string>();
  let parsed = 0;
  for (const i of order) {
    const p = doc.pages[i];
    if (p === undefined || seen.has(p.contentPath)) continue;
    seen.add(p.contentPath);
    // A page shows the keyword only if its XML holds the keyword's first and last characters as
    // written, or escapes something: other pages are passed over unparsed, in three scans at most.
    const raw = read(p.contentPath);
    const text = raw === undefined ? undefined : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (text !== undefined && !text.includes('&') && !ends.every((c) => text.includes(c))) continue;
    parsed += text?.length ?? 0;
    if (parsed > maxBytes) throw new CryptoError('ERR_OFD_TOO_LARGE', `OFD: looking for the keyword would read more than ${maxBytes} bytes of pages; give the page number`);
    const found = locateKeyword(pageText(read, p), keyword);
    if (found !== undefined) return { page: i, ...found };
  }
  return undefined;
}
